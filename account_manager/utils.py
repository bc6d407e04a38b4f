"""Helpers shared by the app's documents."""

import frappe


def assign(doctype: str, name: str, users: list[str], description: str):
	"""Assign the document to the users (a ToDo each; a user who has an open one gets no second).
	Whoever lacks the right to read it gets it shared for reading: the app shares it, as the user
	asking may have no right to share the document (a stock document, another manager's order)."""
	from frappe.desk.form.assign_to import add
	from frappe.share import add_docshare

	doc = frappe.get_doc(doctype, name)
	for user in users:
		if not frappe.has_permission(doctype, "read", doc=doc, user=user):
			add_docshare(doctype, name, user, read=1, flags={"ignore_share_permission": True})
	add(
		{"assign_to": users, "doctype": doctype, "name": name, "description": description},
		ignore_permissions=True,
	)
