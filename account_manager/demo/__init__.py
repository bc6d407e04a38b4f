"""Demo data: a living month of a Polish building-materials wholesaler on a fresh ERPNext site.

    bench --site <site> account-manager-demo
    bench --site <site> execute account_manager.demo.make_demo

`make_demo(company=None)` makes a Sales Head, three account managers with their portfolios
(customers, leads and prospects with client cards, contacts, terms, competitors), a logistics manager,
items with and without stock, a purchase order for goods that are out, item alternatives, commercial
offers in every status, calls over the working days since the start of last month, KPI plans, sales
orders and invoices (some overdue, one partly paid), collection plans, last month's settlement
reconciliations, contracts in every state (issue 25) and a portfolio delegation. Every record is made
through ERPNext's and the app's own documents and jobs, dated relative to today, and looked up by a stable key first: a second run adds
nothing. It never commits (the bench command does) and never sends an e-mail: e-mailed offers are
recorded as sent Communications only.
"""

from collections import Counter
from datetime import date

import frappe
from frappe import _
from frappe.utils import add_days, add_months, getdate, nowdate

from account_manager.account_manager.doctype.account_manager_report.account_manager_report import (
	draft_monthly_reports,
)
from account_manager.demo.collection import Collections
from account_manager.demo.contracts import Contracts
from account_manager.demo.data import LEAVE, PASSWORD, SALES_HEAD, USERS
from account_manager.demo.masters import Masters
from account_manager.demo.outreach import Outreach
from account_manager.demo.people import People
from account_manager.demo.sales import Sales
from account_manager.demo.stock import Stock
from account_manager.demo.utils import acting_as
from account_manager.tasks import remind_greetings
from account_manager.utils import default_company


def make_demo(company: str | None = None) -> dict:
	"""Fill the site with the demo month (see the module's docstring). Returns what was made and the
	logins. Does not commit: `bench ... account-manager-demo` and `bench ... execute` commit after it."""
	frappe.only_for("System Manager")
	frappe.flags.inline_batches = True  # the scheduler's jobs run here, in the demo's transaction
	try:
		demo = Demo(company)
		demo.run()
		return demo.summary()
	finally:
		frappe.flags.inline_batches = False


class Demo(Masters, Stock, People, Sales, Outreach, Collections, Contracts):
	"""The demo month, made part by part (each part a module of this package)."""

	def __init__(self, company: str | None = None):
		self.company = company or default_company()
		if not self.company or not frappe.db.exists("Company", self.company):
			frappe.throw(
				_("There is no company {0}: finish ERPNext's setup wizard first.").format(
					frappe.bold(self.company or "")
				),
				title=_("No Company"),
			)
		self.today = getdate(nowdate())
		self.abbr = frappe.get_cached_value("Company", self.company, "abbr")
		self.currency = frappe.get_cached_value("Company", self.company, "default_currency")
		self.warehouse = self.stores_warehouse()
		self.made = Counter()
		self.cards: dict[str, str] = {}  # client (customer or lead/prospect company name) -> card
		self.customers: dict[str, str] = {}  # customer name -> Customer
		self.pool: dict[str, list[tuple[str, str]]] = {}  # manager -> [(card, "customer" | "prospect")]

	def day(self, offset: int) -> date:
		return getdate(add_days(self.today, offset))

	def created(self, doctype: str, n: int = 1):
		self.made[doctype] += n

	def insert_once(self, doctype: str, key: dict, values: dict | None = None, **insert_args) -> bool:
		"""Insert the record unless one matching `key` exists (the demo runs again on the same site), and
		count it in the summary. Returns whether it was inserted."""
		if frappe.db.exists(doctype, key):
			return False
		frappe.get_doc({"doctype": doctype, **key, **(values or {})}).insert(**insert_args)
		self.created(doctype)
		return True

	def step(self, i: int, title: str, steps: int = 16):
		frappe.publish_progress(100 * i / steps, title=_("Making the demo month"), description=title)

	# -- the order of work --------------------------------------------------------------------------

	def run(self):
		steps = (
			(self.setup_calendar, _("Fiscal years and holidays")),
			(self.make_users, _("Users")),
			(self.make_masters, _("Groups, terms, price lists, suppliers, competitors")),
			(self.make_items, _("Items and alternatives")),
			(self.receive_stock, _("Stock")),
			(self.make_purchase_orders, _("Purchase orders")),
			(self.make_clients, _("Customers and client cards")),
			(self.make_potential_clients, _("Leads and prospects")),
			(self.make_sales, _("Sales orders, invoices and payments")),
			(self.make_kpi_plans, _("KPI plans")),
			(self.make_offers, _("Commercial offers")),
			(self.make_calls, _("Calls")),
			(self.run_collection, _("Collection plans")),
			(self.make_reconciliations, _("Settlement reconciliations")),
			(self.make_contracts, _("Contracts in every state")),
			(self.finish, _("Delegation, reports and reminders")),
		)
		for i, (step, title) in enumerate(steps):
			self.step(i, title, len(steps))
			step()

	def summary(self) -> dict:
		return {
			"company": self.company,
			"created": {doctype: n for doctype, n in sorted(self.made.items()) if n},
			"logins": [
				{"user": email, "name": f"{first} {last}", "roles": list(roles)}
				for email, first, last, roles in USERS
			],
			"password": PASSWORD,
		}

	def finish(self):

		if not frappe.db.exists("Portfolio Delegation", {"from_user": LEAVE[0], "to_user": LEAVE[1]}):
			with acting_as(SALES_HEAD):
				frappe.get_doc(
					{
						"doctype": "Portfolio Delegation",
						"from_user": LEAVE[0],
						"to_user": LEAVE[1],
						"from_date": self.day(LEAVE[2]),
						"to_date": self.day(LEAVE[3]),
						"reason": "Leave",
						"notes": "Urlop wypoczynkowy: klientów prowadzi Anna Nowak",
					}
				).insert()
			self.created("Portfolio Delegation")
		self.created("Account Manager Report", len(draft_monthly_reports(add_months(self.today, -1))))
		remind_greetings()
