"""Helpers shared by the app's documents."""

import frappe
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.desk.form.assign_to import add
from frappe.share import add_docshare


def default_company() -> str | None:
	"""The company a screen or a job works for when none is named: the user's default (their own, or
	a single User Permission on Company), else the site's (Global Defaults), else the oldest company."""
	return (
		frappe.defaults.get_user_default("Company")
		or frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.db.get_value("Company", {}, "name", order_by="creation asc")
	)


def set_audited(doc, values: dict) -> None:
	"""Write fields of a stored document without running its controller (a job's or a server action's
	change, e.g. an offer expiring) and leave a Version of the change, as a save would (CB2, CB14).

	Frappe v15's `db_set` writes no Version (only `save` does, in run_post_save_methods): the stored
	state is read first, the values written, and `save_version` diffs the two under the user's name.
	Not for a document in the middle of its own save (its Version comes from that save)."""
	doc.load_doc_before_save()  # the stored state, which the Version compares against
	doc.db_set(values, notify=True)
	doc.save_version()


def assign(doctype: str, name: str, users: list[str], description: str):
	"""Assign the document to the users (a ToDo each; a user who has an open one gets no second).
	Whoever lacks the right to read it gets it shared for reading: the app shares it, as the user
	asking may have no right to share the document (a stock document, another manager's order)."""
	doc = frappe.get_doc(doctype, name)
	for user in users:
		if not frappe.has_permission(doctype, "read", doc=doc, user=user):
			add_docshare(doctype, name, user, read=1, flags={"ignore_share_permission": True})
	add(
		{"assign_to": users, "doctype": doctype, "name": name, "description": description},
		ignore_permissions=True,
	)


def notify(users: str | list[str], doctype: str, name: str, subject: str) -> None:
	"""A desk notification (the bell) to the users about the document, from the session user."""
	enqueue_create_notification(
		users,
		{
			"type": "Alert",
			"document_type": doctype,
			"document_name": name,
			"subject": subject,
			"from_user": frappe.session.user,
		},
	)


def users_with_roles(roles: list[str]) -> list[str]:
	"""Enabled users (not Administrator or Guest) who hold any of the roles."""
	user = frappe.qb.DocType("User")
	has_role = frappe.qb.DocType("Has Role")
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.distinct()
		.where(has_role.role.isin(roles) & (user.enabled == 1) & user.name.notin(["Administrator", "Guest"]))
		.run(pluck=True)
	)
