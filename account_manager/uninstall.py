import frappe

from account_manager.compat import FRAPPE_MAJOR
from account_manager.install import ERPNEXT_INDEXES

# DocTypes, the workspace and the Custom Fields / Property Setters of module "Account Manager"
# are removed by frappe.installer.remove_app; Roles have no module, so they go here.
APP_ROLES = ("Account Manager", "Sales Head", "Logistics Manager")


def before_uninstall():
	delete_roles()
	clear_default_workspace()
	remove_copied_permissions()
	delete_desk_entries()
	drop_erpnext_indexes()
	frappe.db.delete("List Filter", {"name": "Client Card Unassigned Pool"})


def clear_default_workspace():
	"""The users the app sent to its workspace at login (overrides.user) land on the desk's default again."""
	from account_manager.overrides.user import WORKSPACE

	frappe.db.set_value(
		"User", {"default_workspace": WORKSPACE}, "default_workspace", None, update_modified=False
	)


def drop_erpnext_indexes():
	"""ERPNext's tables as they were: without the indexes install.add_erpnext_indexes added."""
	for name, (doctype, _columns) in ERPNEXT_INDEXES.items():
		if frappe.db.has_index(f"tab{doctype}", name):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")


def delete_desk_entries():
	"""v16's desktop icon and workspace sidebar of the app (synced from account_manager/desktop_icon and
	workspace_sidebar; v15 has neither DocType). v16 removes the sidebar with its app, not the icon."""
	if FRAPPE_MAJOR < 16:
		return
	for doctype in ("Desktop Icon", "Workspace Sidebar"):
		for name in frappe.get_all(doctype, filters={"app": "account_manager"}, pluck="name"):
			frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)


def remove_copied_permissions():
	"""The Custom DocPerms the install copied from ERPNext's own rules (to add the app's roles) go: the
	DocType is back on its standard rules."""
	from account_manager.install import COPIED_PERMISSIONS

	for doctype in frappe.parse_json(frappe.db.get_default(COPIED_PERMISSIONS) or "[]"):
		frappe.db.delete("Custom DocPerm", {"parent": doctype})
	frappe.defaults.clear_default(COPIED_PERMISSIONS)


def delete_roles():
	for role in APP_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
			frappe.db.delete(doctype, {"role": role})
		frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
	frappe.clear_cache()
