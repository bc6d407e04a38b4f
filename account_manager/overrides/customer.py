"""doc_events of ERPNext's Customer: its account_manager and the Client Card's owner are one truth, and
both are the Sales Head's to change; the payment terms and credit limits, which decide the debt rule,
are too (account_manager.ownership)."""

import frappe

from account_manager import ownership
from account_manager.permissions import visible_owners


def before_insert(doc, method=None):
	"""A customer an Account Manager creates is in their portfolio (else they could not see it)."""
	if not doc.account_manager and visible_owners() is not None:
		doc.account_manager = frappe.session.user


def validate(doc, method=None):
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
