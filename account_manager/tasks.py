"""Scheduler jobs (hooks.py scheduler_events). Each is safe to run twice on the same day."""

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, nowdate

from account_manager import batches, card_flags
from account_manager.account_manager.doctype.client_card.client_card import REQUIRED_FOR_TIMELINESS
from account_manager.erp.contacts import linked_contacts
from account_manager.rules.calendar import next_occurrence
from account_manager.rules.scoring import card_timeliness

GREETING_WINDOW_DAYS = 7


def update_card_timeliness() -> list[str]:
	"""Recompute every client card's timeliness score (CB2): its age counts, so it changes by itself.
	In batches of cards across the workers (batches.run)."""
	return batches.run(
		_("Client card timeliness"),
		"account_manager.tasks.score_cards",
		frappe.get_all("Client Card", pluck="name", order_by="name"),
		today=nowdate(),
	)


def score_cards(names: list[str], today: str) -> list[str]:
	"""A batch of cards scored; returns the cards whose score changed. Idempotent (a score is derived)."""
	today = getdate(today)
	review_days = cint(frappe.db.get_single_value("Account Manager Settings", "card_review_days")) or 30
	fields = [f for f in REQUIRED_FOR_TIMELINESS if f != "contacts"]
	cards = frappe.get_all(
		"Client Card",
		filters={"name": ("in", names)},
		fields=["name", "party_type", "party", "last_reviewed_on", "timeliness_score", *fields],
	)
	for name in set(names) - {card.name for card in cards}:
		batches.skip(name, _("the client card no longer exists"))
	with_contacts = parties_with_contacts([card.party for card in cards])
	changed = []
	for card in cards:
		filled = {f: bool(card.get(f)) for f in fields}
		filled["contacts"] = (card.party_type, card.party) in with_contacts
		reviewed = getdate(card.last_reviewed_on) if card.last_reviewed_on else None
		score = card_timeliness(filled, reviewed, today, review_days).score
		if score != card.timeliness_score:
			# a derived score (recomputed from the card and the date every day), not a change of the client's
			# data: no Version, which would add one to every card daily as the cards age
			frappe.db.set_value("Client Card", card.name, "timeliness_score", score, update_modified=False)
			changed.append(card.name)
	# the list's e-mail and debt flags: debt becomes overdue as days pass (card_flags)
	card_flags.refresh([card.name for card in cards])
	return changed


def parties_with_contacts(parties: list[str]) -> set[tuple[str, str]]:
	if not parties:
		return set()
	link = frappe.qb.DocType("Dynamic Link")
	rows = (
		frappe.qb.from_(link)
		.select(link.link_doctype, link.link_name)
		.distinct()
		.where(
			(link.parenttype == "Contact")
			& link.link_doctype.isin(["Customer", "Lead", "Prospect"])
			& link.link_name.isin(parties)
		)
		.run()
	)
	return {tuple(row) for row in rows}


def remind_greetings() -> list[str]:
	"""A ToDo for the owning manager for each contact birthday and professional holiday of the coming
	week (CB8); a reminder already given is not given again. In batches across the workers."""
	return batches.run(
		_("Greeting reminders"), "account_manager.tasks.remind", upcoming_occasions(getdate(nowdate()))
	)


def remind(occasions: list[dict]) -> list[str]:
	"""A batch of reminders: a ToDo each, unless the manager has it already (idempotent)."""

	def handle(occasion):
		filters = {
			"allocated_to": occasion["account_manager"],
			"reference_type": "Client Card",
			"reference_name": occasion["client_card"],
			"date": occasion["date"],
			"description": occasion["description"],
		}
		if not occasion["account_manager"] or frappe.db.exists("ToDo", filters):
			return None
		return (
			frappe.get_doc({"doctype": "ToDo", "priority": "Medium", **filters})
			.insert(
				ignore_permissions=True  # the scheduler's reminder to the card's owner
			)
			.name
		)

	return batches.for_each(occasions, handle)


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
