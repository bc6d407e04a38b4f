"""Scheduler jobs (hooks.py scheduler_events). Each is safe to run twice on the same day."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, nowdate

from account_manager.account_manager.doctype.client_card.client_card import REQUIRED_FOR_TIMELINESS
from account_manager.erp.contacts import linked_contacts
from account_manager.rules.calendar import next_occurrence
from account_manager.rules.scoring import card_timeliness

GREETING_WINDOW_DAYS = 7


def update_card_timeliness():
	"""Recompute every client card's timeliness score (CB2): its age counts, so it changes by itself."""
	today = getdate(nowdate())
	review_days = cint(frappe.db.get_single_value("Account Manager Settings", "card_review_days")) or 30
	fields = [f for f in REQUIRED_FOR_TIMELINESS if f != "contacts"]
	cards = frappe.get_all(
		"Client Card", fields=["name", "party_type", "party", "last_reviewed_on", "timeliness_score", *fields]
	)
	with_contacts = parties_with_contacts()
	for card in cards:
		filled = {f: bool(card.get(f)) for f in fields}
		filled["contacts"] = (card.party_type, card.party) in with_contacts
		reviewed = getdate(card.last_reviewed_on) if card.last_reviewed_on else None
		score = card_timeliness(filled, reviewed, today, review_days).score
		if score != card.timeliness_score:
			# a derived score (recomputed from the card and the date every day), not a change of the client's
			# data: no Version, which would add one to every card daily as the cards age
			frappe.db.set_value("Client Card", card.name, "timeliness_score", score, update_modified=False)


def parties_with_contacts() -> set[tuple[str, str]]:
	link = frappe.qb.DocType("Dynamic Link")
	rows = (
		frappe.qb.from_(link)
		.select(link.link_doctype, link.link_name)
		.distinct()
		.where((link.parenttype == "Contact") & link.link_doctype.isin(["Customer", "Lead", "Prospect"]))
		.run()
	)
	return {tuple(row) for row in rows}


def remind_greetings():
	"""A ToDo for the owning manager for each contact birthday and professional holiday of the coming
	week (CB8); a reminder already given is not given again."""
	today = getdate(nowdate())
	for occasion in upcoming_occasions(today):
		description = occasion["description"]
		if frappe.db.exists(
			"ToDo",
			{
				"allocated_to": occasion["account_manager"],
				"reference_type": "Client Card",
				"reference_name": occasion["client_card"],
				"date": occasion["date"],
				"description": description,
			},
		):
			continue
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": occasion["account_manager"],
				"reference_type": "Client Card",
				"reference_name": occasion["client_card"],
				"date": occasion["date"],
				"description": description,
				"priority": "Medium",
			}
		).insert(ignore_permissions=True)


def upcoming_occasions(today, within_days: int = GREETING_WINDOW_DAYS) -> list[dict]:
	card = frappe.qb.DocType("Client Card")
	contacts, contact, link = linked_contacts()
	birthdays = (
		contacts.join(card)
		.on((card.party_type == link.link_doctype) & (card.party == link.link_name))
		.select(
			card.name.as_("client_card"),
			card.account_manager,
			card.party_name,
			contact.full_name,
			contact.birthday,
		)
		.where(contact.birthday.isnotnull())
		.run(as_dict=True)
	)
	holiday = frappe.qb.DocType("Client Card Holiday")
	holidays = (
		frappe.qb.from_(holiday)
		.join(card)
		.on((holiday.parent == card.name) & (holiday.parenttype == "Client Card"))
		.select(
			card.name.as_("client_card"),
			card.account_manager,
			card.party_name,
			holiday.holiday_name,
			holiday.holiday_date,
		)
		.run(as_dict=True)
	)
	kinds = [
		(
			birthdays,
			"birthday",
			lambda row, when: _("Birthday of {0} ({1}) on {2}: send greetings").format(
				row.full_name, row.party_name, frappe.format_value(when, "Date")
			),
		),
		(
			holidays,
			"holiday_date",
			lambda row, when: _("{0} of {1} on {2}: send greetings").format(
				row.holiday_name, row.party_name, frappe.format_value(when, "Date")
			),
		),
	]
	occasions = []
	for rows, date_field, describe in kinds:
		for row in rows:
			when = next_occurrence(getdate(row[date_field]), today, within_days)
			if when:
				occasions.append({**row, "date": when, "description": describe(row, when)})
	return occasions
