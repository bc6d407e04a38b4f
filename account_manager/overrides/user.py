"""Account Managers and the Sales Head land on their workspace at login (issue 27): a user given one of
their roles gets the Account Manager workspace as their default (User.default_workspace, which Frappe 15
sends a desk user to at login and Frappe 16's desk opens first), unless they chose another."""

import frappe

WORKSPACE = "Account Manager"
ROLES = ("Account Manager", "Sales Head")


def validate(doc, method=None):
	set_default_workspace(doc)


def set_default_workspace(doc) -> bool:
	if doc.get("default_workspace") or not doc.meta.has_field("default_workspace"):
		return False
	if not {row.role for row in doc.get("roles") or []} & set(ROLES):
		return False
	if not frappe.db.exists("Workspace", WORKSPACE):
		return False
	doc.default_workspace = WORKSPACE
	return True
