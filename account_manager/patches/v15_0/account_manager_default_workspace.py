import frappe

from account_manager.overrides.user import ROLES, WORKSPACE


def execute():
	"""Account Managers and the Sales Head land on the Account Manager workspace at login (issue 27)."""
	if not frappe.db.exists("Workspace", WORKSPACE):
		return
	users = frappe.get_all(
		"Has Role", filters={"parenttype": "User", "role": ("in", ROLES)}, pluck="parent", distinct=True
	)
	for user in users:
		if not frappe.db.get_value("User", user, "default_workspace"):
			frappe.db.set_value("User", user, "default_workspace", WORKSPACE, update_modified=False)
