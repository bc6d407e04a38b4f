import click

import frappe
from frappe import _

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
	# Roles and Custom Fields arrive as fixtures right after this hook (frappe.installer.install_app).
	click.secho("Account Manager is installed: open the Account Manager workspace.", fg="green")
