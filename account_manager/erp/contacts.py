"""ERPNext Contacts of a party: a Contact names its parties in Dynamic Link rows (parenttype Contact)."""

import frappe


def linked_contacts():
	"""(query, contact, link): Contacts joined to the Dynamic Links that name their parties, to select
	from and filter on (`link.link_doctype`, `link.link_name`)."""
	contact = frappe.qb.DocType("Contact")
	link = frappe.qb.DocType("Dynamic Link")
	query = (
		frappe.qb.from_(contact).join(link).on((link.parent == contact.name) & (link.parenttype == "Contact"))
	)
	return query, contact, link
