"""The Client Card list's flags (an e-mail contact, debt-blocked) for the cards made before them."""

import frappe

from account_manager import card_flags

CHUNK = 500


def execute():
	names = frappe.get_all("Client Card", pluck="name", order_by="name")
	for start in range(0, len(names), CHUNK):
		card_flags.refresh(names[start : start + CHUNK])
