"""Two facts of a client the Client Card list shows and filters on (issue 27 item 3): whether the client
has an e-mail contact (a campaign reaches it) and whether it is debt-blocked (over its credit limit or
with debt overdue beyond its tolerance: its orders wait for the Sales Head, campaigns skip it for the
overdue debt). Stored on the card so that the list reads, sorts and filters them like any field; derived
data, written without a Version (as the timeliness score), kept up to date where they change:

- an e-mail contact: when a Contact of the client is saved or deleted, or a Lead's own e-mail changes;
- the debt: when the ledger moves (a Payment Ledger Entry of the customer, written by every invoice,
  payment, credit note and journal entry and by their cancellation), when the terms change (the card's
  tolerance, the Customer's credit limit), and every day (debt becomes overdue as days pass: the daily
  card scoring batch, tasks.score_cards).
"""

import frappe

from account_manager.erp.contacts import PARTY_TYPES, linked_contacts
from account_manager.utils import default_company

FLAGS = ("has_email_contact", "debt_blocked")


def parties_with_email(parties: list[tuple[str, str]]) -> set[tuple[str, str]]:
	"""The (party_type, party) of the list with a contact a campaign would write to (an e-mail address,
	not unsubscribed), or, for a lead, its own address: as the campaign's offer_contact finds it."""
	if not parties:
		return set()
	names = list({party for _type, party in parties})
	contacts, contact, link = linked_contacts()
	found = {
		tuple(row)
		for row in contacts.select(link.link_doctype, link.link_name)
		.distinct()
		.where(
			link.link_doctype.isin(PARTY_TYPES)
			& link.link_name.isin(names)
			& contact.email_id.isnotnull()
			& (contact.email_id != "")
			& (contact.unsubscribed == 0)
		)
		.run()
	}
	leads = [party for party_type, party in parties if party_type == "Lead"]
	if leads:
		found |= {
			("Lead", name)
			for name in frappe.get_all(
				"Lead", filters={"name": ("in", leads), "email_id": ("is", "set")}, pluck="name"
			)
		}
	return found & set(parties)


def blocked_customers(customers: list[str], company: str) -> set[str]:
	from account_manager.debt import debt_statuses

	return {customer for customer, status in debt_statuses(customers, company).items() if status["blocked"]}


def refresh(card_names: list[str]) -> list[str]:
	"""Compute the flags of the cards again; returns the cards whose flags changed. A few grouped queries
	whatever the number of cards."""
	if not card_names:
		return []
	cards = frappe.get_all(
		"Client Card",
		filters={"name": ("in", list(card_names))},
		fields=["name", "party_type", "party", "company", *FLAGS],
	)
	with_email = parties_with_email([(c.party_type, c.party) for c in cards])
	fallback = default_company()
	by_company: dict[str, list[str]] = {}
	for c in cards:
		if c.party_type == "Customer":
			by_company.setdefault(c.company or fallback, []).append(c.party)
	blocked = set()
	for company, customers in by_company.items():
		if company:
			blocked |= {(company, customer) for customer in blocked_customers(customers, company)}
	changed = []
	for c in cards:
		values = {
			"has_email_contact": int((c.party_type, c.party) in with_email),
			"debt_blocked": int((c.company or fallback, c.party) in blocked),
		}
		if any(values[flag] != (c.get(flag) or 0) for flag in FLAGS):
			# derived from the contacts and the ledger, not a change of the client's data: no Version
			frappe.db.set_value("Client Card", c.name, values, update_modified=False)
			changed.append(c.name)
	return changed


def cards_of(parties: list[tuple[str, str]]) -> list[str]:
	card = frappe.qb.DocType("Client Card")
	parties = [(t, p) for t, p in parties if t in PARTY_TYPES and p]
	if not parties:
		return []
	condition = None
	for party_type, party in parties:
		one = (card.party_type == party_type) & (card.party == party)
		condition = one if condition is None else condition | one
	return frappe.qb.from_(card).select(card.name).where(condition).run(pluck=True)


# -- where they change (hooks.py doc_events) -------------------------------------------------------------


def on_contact_change(doc, method=None):
	"""A Contact saved or deleted: the flags of the clients it names."""
	refresh(cards_of([(link.link_doctype, link.link_name) for link in doc.get("links") or []]))


def on_party_change(doc, method=None):
	"""A Lead's own e-mail, a Customer's credit limit."""
	refresh(cards_of([(doc.doctype, doc.name)]))


def on_ledger_entry(doc, method=None):
	"""A Payment Ledger Entry of a customer (an invoice, a payment, a credit note, a journal entry, or the
	cancellation of one): its debt moved."""
	if doc.party_type == "Customer" and doc.party:
		refresh(cards_of([("Customer", doc.party)]))
