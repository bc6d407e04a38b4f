"""Bench commands of account_manager (Frappe collects the module-level `commands` list).

bench --site <site> account-manager-demo [--company "<company>"]
bench --site <site> account-manager-create-cards [--include-potential]
"""

import time
from contextlib import contextmanager

import click

from frappe.commands import get_site, pass_context


@contextmanager
def on_site(context):
	"""Connected to the command's site as Administrator: committed when the work ends, rolled back when
	it fails."""
	import frappe  # bench imports every app's commands at start: the app's code loads when one runs

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		try:
			yield site
		except Exception:
			frappe.db.rollback()
			raise
		frappe.db.commit()
	finally:
		frappe.destroy()


@click.command("account-manager-demo")
@click.option("--company", help="The company to fill (default: the site's default company).")
@pass_context
def account_manager_demo(context, company=None):
	"""Fill the site with a month of demo data for account_manager (a second run adds nothing)."""
	from account_manager.demo import make_demo  # (see on_site)

	with on_site(context) as site:
		started = time.monotonic()
		summary = make_demo(company)
	click.echo(report(site, summary, time.monotonic() - started))


def report(site: str, summary: dict, seconds: float) -> str:
	created = summary["created"]
	lines = [f"Demo data for {summary['company']} on {site} in {seconds:.0f} s."]
	if created:
		lines.append("Created:")
		lines += [f"  {doctype}: {count}" for doctype, count in created.items()]
	else:
		lines.append("Nothing new: the demo data was already there.")
	lines.append(f"Log in to {site} as one of these users (password: {summary['password']}):")
	lines += [f"  {u['user']:<32} {u['name']:<22} {', '.join(u['roles'])}" for u in summary["logins"]]
	return "\n".join(lines)


@click.command("account-manager-create-cards")
@click.option("--include-potential", is_flag=True, help="Also every open Lead and Prospect without a card.")
@pass_context
def account_manager_create_cards(context, include_potential=False):
	"""Give every Customer without a Client Card its card (owner: the customer's account manager, else
	its Sales Team's, else the unassigned pool). Running it again makes nothing."""
	from account_manager.cards import create_missing_cards  # (see on_site)

	with on_site(context) as site:
		started = time.monotonic()
		made = create_missing_cards(include_potential=include_potential, publish=False)
	counts = ", ".join(f"{party_type}: {count}" for party_type, count in made.items())
	click.echo(f"Client Cards made on {site} in {time.monotonic() - started:.1f} s: {counts}")


commands = [account_manager_demo, account_manager_create_cards]
