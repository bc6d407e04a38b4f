"""Report columns shared by the reports that list customers."""

from frappe import _


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
