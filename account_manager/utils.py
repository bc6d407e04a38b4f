"""Helpers shared by the app's documents."""

import frappe
from frappe.core.doctype.communication.email import make as make_communication
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.desk.form.assign_to import add
from frappe.share import add_docshare
from frappe.utils import get_link_to_form


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


def keep_server_fields(doc, fieldnames):
	"""Fields only the server's own action writes (an approval: who, when): a request's values for them are
	undone, the stored ones kept. Returns the stored document (None for a new one)."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	for fieldname in fieldnames:
		allowed = before.get(fieldname) if before else None
		if doc.get(fieldname) != allowed:
			doc.set(fieldname, allowed)
	return before


def email_document(doctype: str, name: str, recipients: str, subject: str, content: str, **options) -> str:
	"""E-mail the client about a document through Frappe's Communication (queued, linked to the document,
	on its timeline; `options` as Frappe's `make` takes them: print_format, attachments, email_template).
	Frappe's `make` checks that the user may e-mail the document. Returns the Communication's name."""
	result = make_communication(
		doctype=doctype,
		name=name,
		recipients=recipients,
		subject=subject,
		content=content,
		send_email=True,
		**options,
	)
	return result["name"]


def render_email_template(template_name: str, context: dict) -> tuple[str, str]:
	"""An Email Template's subject and body rendered with the context."""
	template = frappe.get_doc("Email Template", template_name)
	return (
		frappe.render_template(template.subject, context),
		frappe.render_template(template.response_html or template.response, context),
	)


def refuse_duplicate(doc, other: str, message: str, title: str, exc) -> None:
	"""Refuse a customer's document that `other` (of the same DocType) already stands for: `message` is
	translated, with {0} for the customer and {1} for a link to the other document."""
	frappe.throw(
		message.format(frappe.bold(doc.customer_name or doc.customer), get_link_to_form(doc.doctype, other)),
		title=title,
		exc=exc,
	)


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
