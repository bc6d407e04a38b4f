import frappe

# DocTypes, the workspace and the Custom Fields / Property Setters of module "Account Manager"
# are removed by frappe.installer.remove_app; Roles have no module, so they go here.
APP_ROLES = ("Account Manager", "Sales Head", "Logistics Manager")


def before_uninstall():
	delete_roles()


def delete_roles():
	for role in APP_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
			frappe.db.delete(doctype, {"role": role})
		frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
	frappe.clear_cache()
