"""What the app's reports share: the columns of a report of customers, the company they report on."""

import frappe
from frappe import _

from account_manager.permissions import check_manager_filter
from account_manager.utils import default_company


def customer_columns() -> list[dict]:
	"""The customer, its name and its account manager: the first columns of a report of customers."""
	return [
		{
			"label": _("Customer"),
			"fieldname": "customer",
			"fieldtype": "Link",
			"options": "Customer",
			"width": 150,
		},
		{"label": _("Customer Name"), "fieldname": "customer_name", "fieldtype": "Data", "width": 180},
		{
			"label": _("Account Manager"),
			"fieldname": "account_manager",
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
	]


def checked_filters(filters) -> str:
	"""The company the report is for (the filter's, else the default), once the manager filter is known
	to be one the user may see: filters narrow, never widen."""
	check_manager_filter(filters.get("account_manager"))
	company = filters.get("company") or default_company()
	if not company:
		frappe.throw(_("Choose a company."), title=_("Company Missing"))
	return company
