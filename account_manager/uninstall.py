import frappe

from account_manager.install import PORTFOLIO_INDEX

# DocTypes, the workspace and the Custom Fields / Property Setters of module "Account Manager"
# are removed by frappe.installer.remove_app; Roles have no module, so they go here.
APP_ROLES = ("Account Manager", "Sales Head", "Logistics Manager")


def before_uninstall():
	delete_roles()
	drop_portfolio_index()
	frappe.db.delete("List Filter", {"name": "Client Card Unassigned Pool"})


def drop_portfolio_index():
	"""ERPNext's Customer table as it was: without the index install.add_portfolio_index added."""
	if frappe.db.has_index("tabCustomer", PORTFOLIO_INDEX):
		frappe.db.sql_ddl(f"alter table `tabCustomer` drop index `{PORTFOLIO_INDEX}`")


def delete_roles():
	for role in APP_ROLES:
		if not frappe.db.exists("Role", role):
			continue
		for doctype in ("Has Role", "Custom DocPerm", "DocPerm"):
			frappe.db.delete(doctype, {"role": role})
		frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
	frappe.clear_cache()
