"""doc_events of ERPNext's Material Request."""

import frappe


def validate(doc, method=None):
	"""A goods request raised from an offer names the client in the request's `customer` (ERPNext
	clears it on every type but Customer Provided, so it is set back after ERPNext's own validate)."""
	if not doc.get("commercial_offer") or doc.customer:
		return
	party_type, party = frappe.db.get_value("Commercial Offer", doc.commercial_offer, ["party_type", "party"])
	if party_type == "Customer":
		doc.customer = party
