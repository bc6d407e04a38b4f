"""doc_events of ERPNext Quotation: the debt warning (DR1)."""

from account_manager.debt import show_warning


def validate(doc, method=None):
	if doc.quotation_to == "Customer" and doc.docstatus == 0:
		show_warning(doc, doc.party_name)
