"""Lookups and the user switch the demo's parts share."""

from contextlib import contextmanager

import frappe

from account_manager.account_manager.doctype.client_card.client_card import party_contacts


@contextmanager
def acting_as(user: str):
	"""Do the work as that user (their permissions apply and the records name them as their owner)."""
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


def root(doctype: str) -> str:
	"""The root of a tree DocType (All Item Groups, All Supplier Groups, ...)."""
	return frappe.get_all(doctype, filters={"is_group": 1}, pluck="name", order_by="lft asc", limit=1)[0]


def leaf(doctype: str, preferred: str) -> str:
	if frappe.db.get_value(doctype, preferred, "is_group") == 0:
		return preferred
	return frappe.db.get_value(doctype, {"is_group": 0}, "name")


def standard_selling() -> str:
	return frappe.db.get_single_value("Selling Settings", "selling_price_list") or "Standard Selling"


def first_contact(party_type: str, party: str) -> str | None:

	contacts = [c for c in party_contacts(party_type, party) if c.email_id]
	return contacts[0].name if contacts else None
