"""doc_events of ERPNext's Customer: its account_manager and the Client Card's owner are one truth."""

import frappe

from account_manager.permissions import visible_owners


def before_insert(doc, method=None):
	"""A customer an Account Manager creates is in their portfolio (else they could not see it)."""
	if not doc.account_manager and visible_owners() is not None:
		doc.account_manager = frappe.session.user


def on_update(doc, method=None):
	if not doc.account_manager or not doc.has_value_changed("account_manager"):
		return
	card = frappe.db.get_value(
		"Client Card",
		{"party_type": "Customer", "party": doc.name},
		["name", "account_manager"],
		as_dict=True,
	)
	if card and card.account_manager != doc.account_manager:
		frappe.db.set_value("Client Card", card.name, "account_manager", doc.account_manager)
