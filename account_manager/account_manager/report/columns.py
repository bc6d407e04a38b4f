"""What the app's reports share: the columns of a report of customers, the company they report on."""

import frappe
from frappe import _

from account_manager.permissions import check_manager_filter
from account_manager.utils import default_company


def column(
	label: str,
	fieldname: str,
	fieldtype: str = "Data",
	width: int = 120,
	options: str | None = None,
	total: bool = True,
	precision: int | None = None,
) -> dict:
	"""A report column: `label` already translated (with the report's context where ERPNext translates
	the same word otherwise). `total=False` for a figure that does not add up (days, scores, shares): the
	desk's total row leaves it empty."""
	spec = {"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width}
	if options:
		spec["options"] = options
	if not total:
		spec["disable_total"] = 1
	if precision is not None:
		spec["precision"] = precision  # "48,000" of a Float with the site's 3 decimals reads as thousands
	return spec


def customer_columns() -> list[dict]:
	"""The customer, its name and its account manager: the first columns of a report of customers."""
	return [
		column(_("Customer"), "customer", "Link", 150, "Customer"),
		column(_("Customer Name"), "customer_name", "Data", 180),
		column(_("Account Manager"), "account_manager", "Link", 150, "User"),
	]


def checked_filters(filters) -> str:
	"""The company the report is for (the filter's, else the default), once the manager filter is known
	to be one the user may see: filters narrow, never widen."""
	check_manager_filter(filters.get("account_manager"))
	company = filters.get("company") or default_company()
	if not company:
		frappe.throw(_("Choose a company."), title=_("Company Missing"))
	return company
