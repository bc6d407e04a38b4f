"""Connections the app adds to ERPNext's own forms."""

from frappe import _


def get_dashboard_for_customer(data):
	data.setdefault("non_standard_fieldnames", {}).update(
		{"Client Card": "party", "Commercial Offer": "party"}
	)
	data["transactions"].insert(
		0,
		{
			"label": _("Account Manager"),
			"items": ["Client Card", "Commercial Offer", "Collection Plan", "Settlement Reconciliation"],
		},
	)
	return data
