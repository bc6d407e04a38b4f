# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""The client cards a user may see, with live receivables: a manager gets their own portfolio (and
those delegated to them), the Sales Head every one."""

import frappe
from frappe import _

from account_manager.erp import receivables
from account_manager.permissions import check_manager_filter


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns() -> list[dict]:
	return [
		{
			"label": _("Client Card"),
			"fieldname": "name",
			"fieldtype": "Link",
			"options": "Client Card",
			"width": 110,
		},
		{
			"label": _("Party Type", context="Client Portfolio"),
			"fieldname": "party_type",
			"fieldtype": "Data",
			"width": 90,
		},
		{
			"label": _("Party", context="Client Portfolio"),
			"fieldname": "party",
			"fieldtype": "Dynamic Link",
			"options": "party_type",
			"width": 160,
		},
		{"label": _("Client Name"), "fieldname": "party_name", "fieldtype": "Data", "width": 180},
		{
			"label": _("Account Manager"),
			"fieldname": "account_manager",
			"fieldtype": "Link",
			"options": "User",
			"width": 160,
		},
		{"label": _("Segment"), "fieldname": "segment", "fieldtype": "Data", "width": 70},
		{"label": _("Next Contact"), "fieldname": "next_contact_date", "fieldtype": "Date", "width": 100},
		{"label": _("Card Timeliness"), "fieldname": "timeliness_score", "fieldtype": "Int", "width": 90},
		{
			"label": _("Outstanding", context="Client Portfolio"),
			"fieldname": "outstanding",
			"fieldtype": "Currency",
			"width": 120,
		},
		{
			"label": _("Overdue", context="Client Portfolio"),
			"fieldname": "overdue",
			"fieldtype": "Currency",
			"width": 120,
		},
		{
			"label": _("Oldest Overdue (Days)"),
			"fieldname": "oldest_overdue_days",
			"fieldtype": "Int",
			"width": 90,
		},
	]


def get_data(filters) -> list[dict]:
	check_manager_filter(filters.get("account_manager"))  # filters narrow, never widen
	conditions = {
		key: filters[key]
		for key in ("account_manager", "segment", "party_type", "company")
		if filters.get(key)
	}
	# get_list applies the portfolio rule (permissions.client_card_query) for the user running the report
	cards = frappe.get_list(
		"Client Card",
		filters=conditions,
		fields=[
			"name",
			"party_type",
			"party",
			"party_name",
			"account_manager",
			"segment",
			"next_contact_date",
			"timeliness_score",
			"company",
		],
		order_by="party_name asc",
	)
	by_company = {}
	for card in cards:
		if card.party_type == "Customer":
			by_company.setdefault(card.company, []).append(card.party)
	balances = {}
	for company, customers in by_company.items():
		for customer, balance in receivables.party_balances(customers, company).items():
			balances[(company, customer)] = balance
	for card in cards:
		card.update(balances.get((card.company, card.party)) or receivables.empty_balance())
	return cards
