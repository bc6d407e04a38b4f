# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""The client cards a user may see, with live receivables: a manager gets their own portfolio (and
those delegated to them), the Sales Head every one."""

import frappe
from frappe import _

from account_manager.account_manager.report.columns import column
from account_manager.erp import receivables
from account_manager.permissions import check_manager_filter


def execute(filters: dict | None = None):
	return get_columns(), get_data(frappe._dict(filters or {}))


def get_columns() -> list[dict]:
	return [
		column(_("Client Card"), "name", "Link", 110, "Client Card"),
		column(_("Party Type", context="Client Portfolio"), "party_type", "Data", 90),
		column(_("Party", context="Client Portfolio"), "party", "Dynamic Link", 160, "party_type"),
		column(_("Client Name"), "party_name", "Data", 180),
		column(_("Account Manager"), "account_manager", "Link", 160, "User"),
		column(_("Segment"), "segment", "Data", 70),
		column(_("Next Contact"), "next_contact_date", "Date", 100),
		column(_("Card Timeliness"), "timeliness_score", "Int", 90, total=False),
		column(_("Outstanding", context="Client Portfolio"), "outstanding", "Currency", 120),
		column(_("Overdue", context="Client Portfolio"), "overdue", "Currency", 120),
		column(_("Oldest Overdue (Days)"), "oldest_overdue_days", "Int", 90, total=False),
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
