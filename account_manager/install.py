import click

import frappe
from frappe import _

from account_manager.cards import create_missing_cards

REQUIRED_APPS = ("erpnext",)


class MissingAppError(frappe.ValidationError):
	pass


class UnsupportedDatabaseError(frappe.ValidationError):
	pass


def before_install():
	check_database(frappe.db.db_type)
	check_required_apps(frappe.get_installed_apps())


def check_database(db_type: str) -> None:
	"""Refuse to install on a database other than MariaDB. The app runs on MariaDB, as ERPNext v15, which
	it requires, does (ERPNext on PostgreSQL is an open request upstream, erpnext#24389): its ledger
	queries use MariaDB's SET STATEMENT ... FOR and SQL_BIG_RESULT, measured to keep the receivables of a
	portfolio at about twice the cost of summing them (erp/receivables.py), and a portable copy would be
	a second, untested path."""
	if db_type != "mariadb":
		frappe.throw(
			_(
				"The Account Manager app runs on MariaDB, as ERPNext does; this site's database is {0}. Install "
				"it on a site created with MariaDB: {1}"
			).format(frappe.bold(db_type), "bench new-site <site> --db-type mariadb"),
			title=_("Unsupported database"),
			exc=UnsupportedDatabaseError,
		)


def check_required_apps(installed_apps: list[str]) -> None:
	"""Refuse to install on a site that lacks an app this one builds on, naming the app."""
	missing = [app for app in REQUIRED_APPS if app not in installed_apps]
	if missing:
		frappe.throw(
			_("Account Manager needs the app {0} on this site. Install it first: {1}").format(
				frappe.bold(", ".join(missing)),
				f"bench --site {frappe.local.site} install-app {' '.join(missing)}",
			),
			title=_("Required app missing"),
			exc=MissingAppError,
		)


def after_install():
	# Roles, Custom Fields and Property Setters arrive as fixtures right after this hook
	# (frappe.installer.install_app).
	add_erpnext_indexes()
	made = create_missing_cards(publish=False)  # every customer the site already has gets its card
	if made.get("Customer"):
		click.echo(
			f"Client Cards made for {made['Customer']} existing customers (their owner: the customer's "
			"account manager, else its Sales Team's, else the Sales Head's unassigned pool)."
		)
	click.secho("Account Manager is installed: open the Account Manager workspace.", fg="green")


PORTFOLIO_INDEX = "account_manager_index"
LEDGER_INDEX = "account_manager_party_voucher_index"
# The indexes the app adds to ERPNext's tables: {name: (DocType, columns)}. uninstall.drop_erpnext_indexes
# removes them; a patch adds them on sites installed before them (add_index skips one that exists).
ERPNEXT_INDEXES = {
	# Customer.account_manager, which every portfolio rule and report filters on and ERPNext leaves
	# unindexed; its Property Setter (search_index, a fixture) keeps schema syncs from dropping it
	PORTFOLIO_INDEX: ("Customer", ["account_manager"]),
	# a client's ledger rows in the order of the vouchers they settle: erp.receivables groups them per
	# voucher as it reads them, instead of sorting them (benchmarks/RESULTS-client-receivables.md);
	# Frappe's schema sync leaves indexes of several columns alone
	LEDGER_INDEX: ("Payment Ledger Entry", ["party", "against_voucher_type", "against_voucher_no"]),
}


def add_erpnext_indexes():
	for name, (doctype, columns) in ERPNEXT_INDEXES.items():
		frappe.db.add_index(doctype, columns, name)


# ERPNext's DocTypes that the app's roles work on and ERPNext gives them no right to: {DocType: {(role,
# permission level): rights}}. Written as Custom DocPerms once the roles exist (after_sync; a patch on sites installed before);
# the roles' rows go with the roles at uninstall, and a copy of ERPNext's own rules the app made is removed.
ERPNEXT_PERMISSIONS = {
	"Contract": {
		("Account Manager", 0): ("read", "write", "create", "submit", "email", "print", "report"),
		("Sales Head", 0): (
			"read",
			"write",
			"create",
			"submit",
			"cancel",
			"amend",
			"email",
			"print",
			"report",
		),
		# the commercial terms, a trade secret as the card's (CB14): the app's roles only
		("Account Manager", 1): ("read", "write"),
		("Sales Head", 1): ("read", "write"),
	},
	"Contract Template": {
		("Account Manager", 0): ("read",),
		("Sales Head", 0): ("read", "write", "create", "delete"),
	},
	# the unit of a Product Request's expected volume: ERPNext lets only stock and item roles read units
	"UOM": {("Account Manager", 0): ("select",)},
}
COPIED_PERMISSIONS = "account_manager_copied_permissions"  # a default: the DocTypes whose rules we copied


def after_sync():
	add_erpnext_permissions()


def add_erpnext_permissions():
	from frappe.permissions import add_permission, setup_custom_perms, update_permission_property

	copied = set(frappe.parse_json(frappe.db.get_default(COPIED_PERMISSIONS) or "[]"))
	for doctype, roles in ERPNEXT_PERMISSIONS.items():
		if setup_custom_perms(doctype):
			copied.add(doctype)
		for (role, permlevel), rights in roles.items():
			if not frappe.db.exists("Role", role):
				continue
			if not frappe.db.exists(
				"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": permlevel}
			):
				add_permission(doctype, role, permlevel)
			for right in rights:
				update_permission_property(doctype, role, permlevel, right, 1, validate=False)
	frappe.db.set_default(COPIED_PERMISSIONS, frappe.as_json(sorted(copied)))
	frappe.clear_cache()
