"""Prove that `uninstall-app account_manager` removes what the app brought and nothing else.

Run by ./run-tests after the test suite: <bench>/env/bin/python tests/uninstall_check.py <site>
(cwd: <bench>/sites). Exits non-zero, naming what is wrong, when the check fails.
"""

import json
import sys
from pathlib import Path

import frappe
from frappe.installer import remove_app

from account_manager.compat import FRAPPE_MAJOR
from account_manager.install import ERPNEXT_INDEXES, ERPNEXT_PERMISSIONS

APP = "account_manager"
# v16 syncs these from the app's folders of those names (v15 has an older Desktop Icon it does not sync)
DESK_ENTRIES = ("Desktop Icon", "Workspace Sidebar")
APP_DIR = Path(__file__).resolve().parent.parent / APP
# ERPNext's (and Frappe's) own records that must come through the uninstall untouched
ERPNEXT_DOCTYPES = (
	"Company",
	"Account",
	"Cost Center",
	"Warehouse",
	"Fiscal Year",
	"Customer",
	"Customer Group",
	"Item",
	"Item Group",
	"Price List",
	"Contact",
	"Stock Ledger Entry",
	"GL Entry",
	"Payment Ledger Entry",
	"User",
)


def app_footprint() -> dict:
	doctypes = sorted(
		json.loads(p.read_text())["name"]
		for p in APP_DIR.glob("*/doctype/*/*.json")
		if p.stem == p.parent.name
	)
	fixtures = APP_DIR / "fixtures"
	custom_fields = [d["name"] for d in json.loads((fixtures / "custom_field.json").read_text())]
	roles = [d["name"] for d in json.loads((fixtures / "role.json").read_text())]
	property_setters = [d["name"] for d in json.loads((fixtures / "property_setter.json").read_text())]
	workspaces = [json.loads(p.read_text())["name"] for p in APP_DIR.glob("*/workspace/*/*.json")]
	return {
		"doctypes": doctypes,
		"custom_fields": custom_fields,
		"property_setters": property_setters,
		"roles": roles,
		"workspaces": workspaces,
	}


def erpnext_snapshot() -> dict:
	snapshot = {}
	for doctype in ERPNEXT_DOCTYPES:
		row = frappe.db.sql(f"select count(*), max(modified) from `tab{doctype}`")[0]
		snapshot[doctype] = [row[0], str(row[1])]
	return snapshot


def present(footprint: dict) -> list[str]:
	"""What of the app's footprint exists on the site now."""
	found = []
	for doctype in footprint["doctypes"]:
		if frappe.db.exists("DocType", doctype):
			found.append(f"DocType {doctype}")
		if frappe.db.table_exists(doctype):  # single DocTypes have none
			found.append(f"table tab{doctype}")
	for name in footprint["custom_fields"]:
		if frappe.db.exists("Custom Field", name):
			found.append(f"Custom Field {name}")
		dt, fieldname = name.split("-", 1)
		frappe.clear_cache(doctype=dt)
		if frappe.get_meta(dt).has_field(fieldname):
			found.append(f"field {fieldname} on {dt}")
	for name in footprint["property_setters"]:
		if frappe.db.exists("Property Setter", name):
			found.append(f"Property Setter {name}")
	for name, (doctype, _columns) in ERPNEXT_INDEXES.items():
		if frappe.db.has_index(f"tab{doctype}", name):
			found.append(f"index {name} on tab{doctype}")
	for role in footprint["roles"]:
		if frappe.db.exists("Role", role):
			found.append(f"Role {role}")
		if frappe.db.exists("Has Role", {"role": role}):
			found.append(f"Has Role rows of {role}")
	for workspace in footprint["workspaces"]:
		if frappe.db.exists("Workspace", workspace):
			found.append(f"Workspace {workspace}")
	# v16's desk: the app's desktop icon and workspace sidebar (account_manager/desktop_icon, workspace_sidebar)
	for doctype in DESK_ENTRIES:
		if FRAPPE_MAJOR >= 16:
			found += [f"{doctype} {name}" for name in frappe.get_all(doctype, {"app": APP}, pluck="name")]
	# the Custom DocPerms the app wrote on ERPNext's DocTypes (install.ERPNEXT_PERMISSIONS)
	for doctype in ERPNEXT_PERMISSIONS:
		for role in footprint["roles"]:
			if frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": role}):
				found.append(f"Custom DocPerm of {role} on {doctype}")
	if frappe.db.exists("Module Def", "Account Manager"):
		found.append("Module Def Account Manager")
	if APP in frappe.get_installed_apps():
		found.append(f"{APP} in installed apps")
	return found


def main(site: str) -> int:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	footprint = app_footprint()
	errors = []
	try:
		before = present(footprint)
		expected = (
			[f"DocType {d}" for d in footprint["doctypes"]]
			+ [f"Custom Field {c}" for c in footprint["custom_fields"]]
			+ [f"Property Setter {p}" for p in footprint["property_setters"]]
			+ [f"index {name} on tab{doctype}" for name, (doctype, _columns) in ERPNEXT_INDEXES.items()]
			+ [f"Role {r}" for r in footprint["roles"]]
			+ [f"Workspace {w}" for w in footprint["workspaces"]]
			+ [
				f"{doctype} Account Manager"
				for doctype in DESK_ENTRIES
				if FRAPPE_MAJOR >= 16 and (APP_DIR / doctype.lower().replace(" ", "_")).exists()
			]
		)
		errors += [f"install did not create {item}" for item in expected if item not in before]
		snapshot = erpnext_snapshot()

		remove_app(APP, yes=True, no_backup=True)
		frappe.db.commit()
		frappe.clear_cache()

		errors += [f"left after uninstall: {item}" for item in present(footprint)]
		after = erpnext_snapshot()
		errors += [
			f"ERPNext data changed by uninstall: {doctype} {snapshot[doctype]} -> {after[doctype]}"
			for doctype in ERPNEXT_DOCTYPES
			if snapshot[doctype] != after[doctype]
		]
	finally:
		frappe.destroy()
	for error in errors:
		print(f"uninstall check: {error}", file=sys.stderr)
	if not errors:
		print(
			f"uninstall check: install created {len(footprint['doctypes'])} DocTypes, "
			f"{len(footprint['custom_fields'])} Custom Fields, "
			f"{len(footprint['property_setters'])} Property Setter, "
			f"indexes on {', '.join(doctype for doctype, _columns in ERPNEXT_INDEXES.values())}, "
			f"{len(footprint['roles'])} Roles; "
			f"uninstall removed them all and left {len(ERPNEXT_DOCTYPES)} ERPNext DocTypes' records untouched"
		)
	return 1 if errors else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1]))
