"""doc_events of ERPNext's Customer: its account_manager and the Client Card's owner are one truth, and
both are the Sales Head's to change; the payment terms and credit limits, which decide the debt rule,
are too (account_manager.ownership)."""

import frappe
from frappe import _

from account_manager import ownership
from account_manager.permissions import CONVERTED_FROM, may_name_party, not_permitted, visible_owners


def before_insert(doc, method=None):
	"""A customer an Account Manager creates is in their portfolio (else they could not see it)."""
	if not doc.account_manager and visible_owners() is not None:
		doc.account_manager = frappe.session.user


def validate(doc, method=None):
	if doc.is_new():
		check_converted_party(doc)
	ownership.guard_owner(doc)
	ownership.guard_customer_terms(doc)


def on_update(doc, method=None):
	"""The Sales Head gave the customer to another manager: its card follows, and with the card the
	client's open work (Client Card.on_update)."""
	if doc.flags.from_client_card or not doc.account_manager or not doc.has_value_changed("account_manager"):
		return
	card_name = frappe.db.get_value("Client Card", {"party_type": "Customer", "party": doc.name})
	if not card_name:
		return
	card = frappe.get_doc("Client Card", card_name)
	if card.account_manager != doc.account_manager:
		card.account_manager = doc.account_manager
		card.flags.ignore_permissions = True  # judged on the Customer by guard_owner
		card.save()


def check_converted_party(doc) -> None:
	"""A customer made from a lead or prospect takes its card, contacts and history: only from one the
	user may name (theirs, or of the pool), never from another manager's."""
	for party_type, field in CONVERTED_FROM.items():
		party = doc.get(field)
		if party and (not frappe.db.exists(party_type, party) or not may_name_party(party_type, party)):
			not_permitted(
				_("{0} {1} is not in your portfolio, or does not exist.").format(
					_(party_type), frappe.bold(party)
				)
			)
