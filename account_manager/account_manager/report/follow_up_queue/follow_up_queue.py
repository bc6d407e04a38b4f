# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Whom to contact next (CB7): planned contacts up to a date, from the client cards the user may see."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns() -> list[dict]:
	return [
		{"label": _("Due"), "fieldname": "due_date", "fieldtype": "Date", "width": 100},
		{
			"label": _("Client Card"),
			"fieldname": "client_card",
			"fieldtype": "Link",
			"options": "Client Card",
			"width": 110,
		},
		{"label": _("Client"), "fieldname": "party_name", "fieldtype": "Data", "width": 200},
		{
			"label": _("Account Manager"),
			"fieldname": "account_manager",
			"fieldtype": "Link",
			"options": "User",
			"width": 170,
		},
		{"label": _("Source"), "fieldname": "source", "fieldtype": "Data", "width": 130},
		{"label": _("Why"), "fieldname": "reason", "fieldtype": "Data", "width": 300},
		{
			"label": _("Document"),
			"fieldname": "document",
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 140,
		},
	]


def get_data(filters) -> list[dict]:
	until = getdate(filters.to_date or add_days(nowdate(), 7))
	rows = []
	for source in SOURCES:
		rows.extend(source(filters, until))
	return sorted(rows, key=lambda r: (r["due_date"], r["party_name"] or ""))


def planned_contacts(filters, until) -> list[dict]:
	conditions = {"next_contact_date": ("<=", until)}
	if filters.account_manager:
		conditions["account_manager"] = filters.account_manager
	# get_list: the user's portfolio only
	cards = frappe.get_list(
		"Client Card",
		filters=conditions,
		fields=["name", "party_name", "account_manager", "next_contact_date", "next_contact_reason"],
	)
	return [
		{
			"due_date": card.next_contact_date,
			"client_card": card.name,
			"party_name": card.party_name,
			"account_manager": card.account_manager,
			"source": _("Planned Contact"),
			"reason": card.next_contact_reason,
			"document_type": "Client Card",
			"document": card.name,
		}
		for card in cards
	]


# Each source gives rows of whom to contact by a date; later parts of the app add theirs here.
SOURCES = [planned_contacts]
