"""ERPNext Contacts of a party: a Contact names its parties in Dynamic Link rows (parenttype Contact)."""

import frappe

PARTY_TYPES = ("Customer", "Lead", "Prospect")  # the parties a client card is kept for


def linked_contacts():
	"""(query, contact, link): Contacts joined to the Dynamic Links that name their parties, to select
	from and filter on (`link.link_doctype`, `link.link_name`)."""
	contact = frappe.qb.DocType("Contact")
	link = frappe.qb.DocType("Dynamic Link")
	query = (
		frappe.qb.from_(contact).join(link).on((link.parent == contact.name) & (link.parenttype == "Contact"))
	)
	return query, contact, link


def party_contact_rows(child: str):
	"""(query, row, link): the rows of a Contact's child table (Contact Email, Contact Phone) joined to the
	Dynamic Links that name the Contact's clients (Customer, Lead, Prospect)."""
	row = frappe.qb.DocType(child)
	link = frappe.qb.DocType("Dynamic Link")
	query = (
		frappe.qb.from_(row)
		.join(link)
		.on((link.parent == row.parent) & (link.parenttype == "Contact"))
		.where((row.parenttype == "Contact") & link.link_doctype.isin(PARTY_TYPES))
	)
	return query, row, link
