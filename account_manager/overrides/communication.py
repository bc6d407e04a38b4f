"""E-mails from clients (OF6), as Frappe's mail receiver (frappe.email.receive) inserts them.

A reply to an offer's e-mail is threaded by Frappe onto the offer (its In-Reply-To names the sent
Communication, whose reference is the offer): a Sent offer moves to Negotiation and its owner gets a ToDo
at once. An e-mail from a contact of a client that names no offer lands on that client's card: on an offer
of the client when its subject names one, else on the card's timeline."""

import re

import frappe
from frappe import _

from account_manager.erp.contacts import party_contact_rows
from account_manager.utils import assign, set_audited

OFFER_NAME = re.compile(r"\bCO-\d{4}-\d{5}\b")


def incoming(doc) -> bool:
	"""Mail that arrived: made by Frappe's mail receiver from an Email Account (frappe.email.receive sets
	flags.in_receive), never a Communication a user posts marked "Received"."""
	return (
		doc.communication_type == "Communication"
		and doc.sent_or_received == "Received"
		and bool(doc.flags.in_receive)
	)


def before_insert(doc, method=None):
	if not incoming(doc) or doc.reference_doctype or not doc.sender:
		return
	cards = sender_cards(doc.sender)
	if not cards:
		return
	offer = named_offer(doc.subject, cards)
	if offer:
		doc.reference_doctype, doc.reference_name = "Commercial Offer", offer
	else:
		doc.reference_doctype, doc.reference_name = "Client Card", cards[0]


def after_insert(doc, method=None):
	if incoming(doc) and doc.reference_doctype == "Commercial Offer" and doc.reference_name:
		offer_replied(doc)
	elif incoming(doc) and doc.reference_doctype == "Contract" and doc.reference_name:
		from account_manager.contracts import contract_replied

		contract_replied(doc)


def offer_replied(communication):
	"""The client answered the offer: a Sent offer is in negotiation now, and its owner is told."""
	offer = frappe.get_doc("Commercial Offer", communication.reference_name)
	if offer.status == "Sent":
		set_audited(offer, {"status": "Negotiation"})
	if offer.account_manager:
		assign(
			"Commercial Offer",
			offer.name,
			[offer.account_manager],
			_("{0} replied to offer {1}: {2}").format(
				offer.party_name, offer.name, communication.subject or ""
			),
		)


def sender_cards(sender: str) -> list[str]:
	"""The client cards of the parties the sender's address is a contact of (a lead's own address too)."""
	email = frappe.utils.parse_addr(sender)[1].strip().lower()
	if not email:
		return []
	query, contact_email, link = party_contact_rows("Contact Email")
	card = frappe.qb.DocType("Client Card")
	cards = (
		query.join(card)
		.on((card.party_type == link.link_doctype) & (card.party == link.link_name))
		.select(card.name)
		.distinct()
		.where(contact_email.email_id == email)
		.run(pluck=True)
	)
	if not cards:
		leads = frappe.get_all("Lead", filters={"email_id": email}, pluck="name")
		if leads:
			cards = frappe.get_all(
				"Client Card", filters={"party_type": "Lead", "party": ("in", leads)}, pluck="name"
			)
	return sorted(cards)


def named_offer(subject: str | None, cards: list[str]) -> str | None:
	"""An offer of one of the cards that the subject names (e.g. "Re: CO-2026-00042")."""
	names = OFFER_NAME.findall(subject or "")
	if not names:
		return None
	return frappe.db.get_value(
		"Commercial Offer", {"name": ("in", names), "client_card": ("in", cards)}, "name"
	)
