import click

import frappe
from frappe import _

from account_manager.cards import create_missing_cards

REQUIRED_APPS = ("erpnext",)


class MissingAppError(frappe.ValidationError):
	pass


def before_install():
	check_required_apps(frappe.get_installed_apps())


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
	add_portfolio_index()
	made = create_missing_cards(publish=False)  # every customer the site already has gets its card
	if made.get("Customer"):
		click.echo(
			f"Client Cards made for {made['Customer']} existing customers (their owner: the customer's "
			"account manager, else its Sales Team's, else the Sales Head's unassigned pool)."
		)
	click.secho("Account Manager is installed: open the Account Manager workspace.", fg="green")


PORTFOLIO_INDEX = "account_manager_index"


def add_portfolio_index():
	"""Index ERPNext's Customer.account_manager, which every portfolio rule and report filters on and
	ERPNext leaves unindexed. Its Property Setter (search_index, a fixture) keeps schema syncs from
	dropping it; uninstall.drop_portfolio_index removes it."""
	frappe.db.add_index("Customer", ["account_manager"], PORTFOLIO_INDEX)
