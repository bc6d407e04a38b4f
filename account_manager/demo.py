"""Demo data: a living month of a Polish building-materials wholesaler on a fresh ERPNext site.

    bench --site <site> account-manager-demo
    bench --site <site> execute account_manager.demo.make_demo

`make_demo(company=None)` makes a Sales Head, three account managers with their portfolios
(customers, leads and prospects with client cards, contacts, terms, competitors), a logistics manager,
items with and without stock, a purchase order for goods that are out, item alternatives, commercial
offers in every status, calls over the working days since the start of last month, KPI plans, sales
orders and invoices (some overdue, one partly paid), collection plans, last month's settlement
reconciliations and a portfolio delegation. Every record is made through ERPNext's and the app's own
documents and jobs, dated relative to today, and looked up by a stable key first: a second run adds
nothing. It never commits (the bench command does) and never sends an e-mail: e-mailed offers are
recorded as sent Communications only.
"""

import random
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

import frappe
from frappe import _
from frappe.utils import (
	add_days,
	add_months,
	add_years,
	flt,
	get_first_day,
	getdate,
	nowdate,
)

from account_manager.erp import pricing

DOMAIN = "demo.example"
PASSWORD = "Demo!Hurt2026"
SALES_HEAD = f"sales.head@{DOMAIN}"
ANNA, PIOTR, EWA = (f"anna.nowak@{DOMAIN}", f"piotr.zielinski@{DOMAIN}", f"ewa.wisniewska@{DOMAIN}")
MANAGERS = (ANNA, PIOTR, EWA)
LOGISTICS = f"logistyka@{DOMAIN}"

USERS = (
	(SALES_HEAD, "Katarzyna", "Lewandowska", ("Sales Head", "Sales Manager", "Sales User")),
	(ANNA, "Anna", "Nowak", ("Account Manager", "Sales User")),
	(PIOTR, "Piotr", "Zieliński", ("Account Manager", "Sales User")),
	(EWA, "Ewa", "Wiśniewska", ("Account Manager", "Sales User")),
	(LOGISTICS, "Tomasz", "Kaczmarek", ("Logistics Manager", "Stock User", "Purchase User")),
)

ITEM_GROUP = "Materiały budowlane"
KEY_ACCOUNT_PRICE_LIST = "Cennik hurtowy A"
STOCK_RECEIPT_KEY = "Demo: stan magazynu hurtowni (przyjęcie początkowe)"


class DemoCustomer(NamedTuple):
	name: str
	manager: str
	segment: str
	key_account: int
	payment_terms: str
	credit_limit: float
	tolerance_days: int
	needs: str
	purchase_level: str
	focus: str
	monthly_volume: float
	city: str


# The data tables below are kept one record a line, as tables.
# fmt: off

# code, name, stock UOM, price (PLN), cost (PLN), stock on hand (0: out of stock; None: a service), lead days
ITEMS = (
	("CEM-42-25", "Cement CEM I 42,5R, worek 25 kg", "Nos", 24.90, 17.40, 4000, 5),
	("CEM-32-25", "Cement CEM II/B-V 32,5R, worek 25 kg", "Nos", 21.50, 15.10, 6000, 5),
	("KLEJ-C2TE", "Klej do płytek elastyczny C2TE S1, worek 25 kg", "Nos", 54.00, 36.50, 0, 14),
	("KLEJ-C2T", "Klej do płytek wzmocniony C2T, worek 25 kg", "Nos", 42.00, 28.90, 900, 7),
	("TYNK-GIPS-30", "Tynk gipsowy maszynowy, worek 30 kg", "Nos", 29.90, 20.80, 1500, 7),
	("JASTRYCH-25", "Jastrych cementowy 20 MPa, worek 25 kg", "Nos", 17.90, 12.20, 120, 7),
	("WELNA-100", "Wełna mineralna fasadowa 100 mm, paczka 2,4 m²", "Nos", 89.00, 61.00, 0, 21),
	("WELNA-SZKL-100", "Wełna szklana 100 mm, rolka 6 m²", "Nos", 74.00, 50.50, 320, 10),
	("EPS-100-10", "Styropian fasadowy EPS 100-038, płyta 10 cm", "Cubic Meter", 265.00, 190.00, 180, 10),
	("GRES-60-SZARY", "Gres szkliwiony 60×60 szary mat", "Square Meter", 79.00, 52.00, 850, 14),
	("GRES-60-BEZ-POL", "Gres polerowany 60×60 beż", "Square Meter", 99.00, 66.00, 0, 21),
	("FOLIA-PE-02", "Folia budowlana PE 0,2 mm, rolka 4×25 m", "Nos", 119.00, 82.00, 200, 7),
	("TRANSPORT-HDS", "Transport samochodem z HDS do 12 t", "Nos", 350.00, 0, None, 0),
)
ALTERNATIVES = (  # item, its alternative, two-way
	("KLEJ-C2TE", "KLEJ-C2T", 1),
	("WELNA-100", "WELNA-SZKL-100", 1),
	("GRES-60-BEZ-POL", "GRES-60-SZARY", 0),
)
SUPPLIERS = (("Polcement S.A.", "Raw Material"), ("Izoterm Sp. z o.o.", "Raw Material"), ("Klejmix Sp. z o.o.", "Raw Material"))
# supplier, supplier's confirmation no. (the key), item, qty, ordered days ago, expected in days
PURCHASE_ORDERS = (
	("Izoterm Sp. z o.o.", "IZ/ZAM/2417", "WELNA-100", 400, 5, 9),
	("Klejmix Sp. z o.o.", "KM/PO/0932", "KLEJ-C2TE", 600, 3, 6),
)
PAYMENT_TERMS = (("Przelew 14 dni", 14), ("Przelew 30 dni", 30), ("Przedpłata", 0))
COMPETITORS = ("Budmat Hurt Sp. z o.o.", "Centrum Budowlane Orzeł", "Mega-Bud Market")

# The portfolios (rows of DemoCustomer)
CUSTOMERS = (
	("Budomex Sp. z o.o.", ANNA, "A", 1, "Przelew 30 dni", 90000, 7, "Cement i chemia budowlana na budowy hal, dostawy HDS", "Large", "Lead Time", 85000, "Warszawa"),
	("Dom-Bud Kowalczyk s.c.", ANNA, "B", 0, "Przelew 14 dni", 30000, 5, "Tynki i kleje do remontów mieszkań", "Medium", "Price", 18000, "Piaseczno"),
	("Glazura i Płytki Sobczak", ANNA, "C", 0, "Przelew 14 dni", 12000, 7, "Gres i kleje dla salonu płytek", "Small", "Range", 6000, "Grodzisk Mazowiecki"),
	("Termo-Fasady Sp. z o.o.", PIOTR, "A", 1, "Przelew 30 dni", 80000, 7, "Systemy ociepleń: wełna, styropian, kleje", "Large", "Quality", 70000, "Radom"),
	("Remonty Jabłoński", PIOTR, "C", 0, "Przelew 14 dni", 6000, 3, "Drobne zakupy na remonty, płaci z opóźnieniem", "Small", "Price", 3000, "Kielce"),
	("Ceramika Wnętrz Sp. j.", EWA, "B", 0, "Przelew 30 dni", 40000, 7, "Płytki wielkoformatowe i kleje elastyczne", "Medium", "Range", 25000, "Łódź"),
	("Inwest-Bau Sp. z o.o.", EWA, "B", 0, "Przelew 30 dni", 45000, 0, "Generalny wykonawca osiedli: cement, tynki", "Large", "Price", 40000, "Płock"),
)
# customer: (first name, last name, designation, e-mail, phone, birthday in days from today (None: not
# known), decision maker, billing contact)
CONTACTS = {
	"Budomex Sp. z o.o.": (
		("Jan", "Kowalski", "Managing Director", "jan.kowalski@budomex.demo.example", "+48 601 200 301", 3, 1, 0),
		("Agnieszka", "Mazur", "Accountant", "ksiegowosc@budomex.demo.example", "+48 22 610 22 10", None, 0, 1),
	),
	"Dom-Bud Kowalczyk s.c.": (
		("Marek", "Kowalczyk", "President", "marek@dombud.demo.example", "+48 602 311 402", 40, 1, 1),
	),
	"Glazura i Płytki Sobczak": (
		("Beata", "Sobczak", "Managing Director", "biuro@glazura-sobczak.demo.example", "+48 603 422 513", None, 1, 1),
	),
	"Termo-Fasady Sp. z o.o.": (
		("Krzysztof", "Wójcik", "Project Manager", "k.wojcik@termofasady.demo.example", "+48 604 533 624", 12, 1, 0),
		("Joanna", "Kamińska", "Accountant", "faktury@termofasady.demo.example", "+48 48 360 11 20", None, 0, 1),
	),
	"Remonty Jabłoński": (
		("Paweł", "Jabłoński", "Managing Director", "remonty.jablonski@demo.example", "+48 605 644 735", None, 1, 1),
	),
	"Ceramika Wnętrz Sp. j.": (
		("Monika", "Dąbrowska", "Managing Director", "monika@ceramika-wnetrz.demo.example", "+48 606 755 846", 5, 1, 0),
		("Robert", "Zając", "Accountant", "ksiegowosc@ceramika-wnetrz.demo.example", "+48 42 630 40 50", None, 0, 1),
	),
	"Inwest-Bau Sp. z o.o.": (
		("Grzegorz", "Szymański", "Managing Director", "zarzad@inwestbau.demo.example", "+48 607 866 957", None, 1, 0),
		("Ewelina", "Król", "Accountant", "finanse@inwestbau.demo.example", "+48 24 364 20 30", None, 0, 1),
	),
}
# Potential clients with cards: party type, company name, manager, contact's first and last name, e-mail,
# needs, warning signs
POTENTIAL = (
	("Prospect", "Hydro-Dach Sp. z o.o.", ANNA, "Łukasz", "Pietrzak", "lukasz@hydrodach.demo.example", "Pokrycia dachowe i folie, nowy oddział", ("ws_young_company",)),
	("Prospect", "Osiedle Zielone Wzgórza Sp. z o.o.", PIOTR, "Adam", "Michalski", "zakupy@zielonewzgorza.demo.example", "Deweloper: 4 budynki, cement i tynki na 2 lata", ()),
	("Lead", "Izolbud Marek Wójcik", PIOTR, "Marek", "Wójcik", "izolbud@demo.example", "Docieplenia domów jednorodzinnych", ("ws_no_tax_id", "ws_asks_long_credit")),
	("Lead", "Ekobud Pawlak", EWA, "Zofia", "Pawlak", "zofia@ekobud.demo.example", "Domy energooszczędne: kleje, wełna, folie", ()),
	("Lead", "Stolbud Adam Krawczyk", EWA, "Adam", "Krawczyk", "stolbud@demo.example", "Stolarka i wykończenia, okazjonalnie kleje", ()),
)
# Sales history: customer, customer's order no. (the key), days ago, lines, payment: ("paid", days ago),
# ("partly", days ago, amount) or None (open)
SALES = (
	("Budomex Sp. z o.o.", "BDX/2417", 80, (("CEM-42-25", 400), ("GRES-60-SZARY", 120)), ("paid", 52)),
	("Budomex Sp. z o.o.", "BDX/2455", 50, (("CEM-32-25", 600), ("TYNK-GIPS-30", 200)), ("paid", 23)),
	("Budomex Sp. z o.o.", "BDX/2490", 20, (("EPS-100-10", 20), ("FOLIA-PE-02", 10), ("TRANSPORT-HDS", 1)), None),
	("Dom-Bud Kowalczyk s.c.", "DB/118", 75, (("CEM-32-25", 200), ("JASTRYCH-25", 40)), ("paid", 50)),
	("Dom-Bud Kowalczyk s.c.", "DB/126", 55, (("TYNK-GIPS-30", 150), ("KLEJ-C2T", 60)), ("partly", 30, 3000)),
	("Dom-Bud Kowalczyk s.c.", "DB/131", 30, (("CEM-42-25", 150), ("TRANSPORT-HDS", 1)), None),
	("Glazura i Płytki Sobczak", "GPS/77", 40, (("GRES-60-SZARY", 60), ("KLEJ-C2T", 30)), ("paid", 28)),
	("Glazura i Płytki Sobczak", "GPS/81", 10, (("GRES-60-SZARY", 40),), None),
	("Termo-Fasady Sp. z o.o.", "TF/2026/310", 70, (("EPS-100-10", 60), ("WELNA-SZKL-100", 100)), ("paid", 41)),
	("Termo-Fasady Sp. z o.o.", "TF/2026/355", 35, (("EPS-100-10", 40), ("FOLIA-PE-02", 15)), ("paid", 8)),
	("Termo-Fasady Sp. z o.o.", "TF/2026/391", 12, (("CEM-32-25", 300),), None),
	("Remonty Jabłoński", "RJ/14", 34, (("CEM-32-25", 60), ("TYNK-GIPS-30", 40), ("TRANSPORT-HDS", 1)), None),
	("Ceramika Wnętrz Sp. j.", "CW/0612", 60, (("GRES-60-SZARY", 200), ("KLEJ-C2T", 80)), ("paid", 31)),
	("Ceramika Wnętrz Sp. j.", "CW/0655", 25, (("GRES-60-SZARY", 150),), None),
	("Inwest-Bau Sp. z o.o.", "IB/Z/0907", 95, (("CEM-42-25", 500),), None),
	("Inwest-Bau Sp. z o.o.", "IB/Z/0944", 65, (("CEM-32-25", 700), ("TYNK-GIPS-30", 300)), None),
)
# an order of a client in overdue debt, waiting for the Sales Head's approval (the debt rule)
ORDER_AWAITING_APPROVAL = ("Dom-Bud Kowalczyk s.c.", "DB/140", (("CEM-42-25", 200), ("KLEJ-C2T", 40)))
# Offers: client (customer, lead or prospect company), proposal (the key: unique per client), channel,
# days ago, status, lines, what follows ("request_goods", "quotation", "sales_order")
OFFERS = (
	("Budomex Sp. z o.o.", "Hala magazynowa w Pruszkowie: cement i gres na posadzki", "E-mail", 6, "Negotiation", (("CEM-42-25", 500), ("GRES-60-SZARY", 180)), None),
	("Budomex Sp. z o.o.", "Docieplenie biurowca: styropian i folia, dostawa HDS", "Meeting", 9, "Accepted", (("EPS-100-10", 30), ("FOLIA-PE-02", 12), ("TRANSPORT-HDS", 1)), "sales_order"),
	("Dom-Bud Kowalczyk s.c.", "Tynki i kleje na remonty klatek schodowych", "E-mail", 2, "Draft", (("TYNK-GIPS-30", 120), ("KLEJ-C2T", 50)), None),
	("Hydro-Dach Sp. z o.o.", "Pierwsza oferta: folie dachowe i transport", "Phone", 4, "Sent", (("FOLIA-PE-02", 40), ("TRANSPORT-HDS", 2)), None),
	("Glazura i Płytki Sobczak", "Gres polerowany do salonu ekspozycyjnego", "E-mail", 15, "Rejected", (("GRES-60-BEZ-POL", 40),), None),
	("Termo-Fasady Sp. z o.o.", "Ocieplenie szkoły w Radomiu: wełna fasadowa i styropian", "E-mail", 3, "Sent", (("WELNA-100", 300), ("EPS-100-10", 40)), "request_goods"),
	("Osiedle Zielone Wzgórza Sp. z o.o.", "Budynek B: cement i tynk maszynowy na etap I", "E-mail", 8, "Negotiation", (("CEM-32-25", 2000), ("TYNK-GIPS-30", 800)), None),
	("Izolbud Marek Wójcik", "Wełna i kleje do ociepleń domów", "Phone", 24, "Expired", (("WELNA-SZKL-100", 60), ("KLEJ-C2T", 40)), None),
	("Ceramika Wnętrz Sp. j.", "Płytki wielkoformatowe z klejem elastycznym", "E-mail", 1, "Draft", (("KLEJ-C2TE", 120), ("GRES-60-BEZ-POL", 80), ("GRES-60-SZARY", 60)), None),
	("Ceramika Wnętrz Sp. j.", "Kleje na zapas przed sezonem", "E-mail", 11, "Accepted", (("KLEJ-C2T", 100),), "quotation"),
	("Ekobud Pawlak", "Dom pasywny w Zgierzu: wełna, folia, kleje", "Meeting", 4, "Accepted", (("WELNA-SZKL-100", 80), ("FOLIA-PE-02", 20), ("KLEJ-C2T", 30)), "sales_order"),
	("Stolbud Adam Krawczyk", "Kleje i folie do wykończeń", "E-mail", 5, "Sent", (("KLEJ-C2T", 20), ("FOLIA-PE-02", 5)), None),
)
# the statuses an offer passes through to reach its status (Expired: the daily job sets it after Valid Till)
STATUS_PATH = {
	"Draft": (),
	"Sent": ("Sent",),
	"Negotiation": ("Sent", "Negotiation"),
	"Accepted": ("Sent", "Accepted"),
	"Rejected": ("Sent", "Rejected"),
	"Expired": ("Sent",),
}
CONVERTED_LEAD = "Ekobud Pawlak"  # becomes a customer this month: a contract with a new client (OF4)
GENERATED_PROSPECTS = 30  # per manager: the companies of the personal search plan they call
PROSPECT_STEMS = ("Bud", "Dom", "Mur", "Dach", "Termo", "Eko", "Stal", "Bet", "Instal", "Fasad", "Tynk", "Kam")
PROSPECT_ENDINGS = ("mar", "pol", "ex", "-Tech", "-Serwis", "bud", "-Projekt", "mix", "-System", "-Invest")
PROSPECT_FORMS = ("Sp. z o.o.", "s.c.", "Sp. j.", "S.A.")
CALLS_PER_DAY = (18, 34)  # a manager's calls on a working day, drawn in this range (the quota is 30)
CUSTOMER_PURPOSES = ("Follow-up", "Offer", "Follow-up", "Reconciliation", "Complaint")
PROSPECT_OUTCOMES = (("No Answer", 30), ("Reached", 20), ("Call Back", 12), ("Interested", 12), ("Not Interested", 10), ("Offer Made", 16))
CUSTOMER_OUTCOMES = (("Reached", 40), ("Offer Made", 25), ("Agreed", 15), ("No Answer", 12), ("Call Back", 8))
CALL_NOTES = {
	"Call Back": "Prosi o telefon po naradzie budowy",
	"Interested": "Zainteresowany cennikiem na cement i kleje",
	"Not Interested": "Ma stałego dostawcę, wrócić za kwartał",
	"Offer Made": "Podałem ceny i terminy dostaw",
	"Agreed": "Potwierdził zamówienie, wyślę potwierdzenie mailem",
}
LEAVE = (EWA, ANNA, -2, 5)  # Ewa is on leave from 2 days ago to 5 days ahead; Anna is her deputy
KPI_TURNOVER = {ANNA: 160000, PIOTR: 140000, EWA: 120000}

# fmt: on


def make_demo(company: str | None = None) -> dict:
	"""Fill the site with the demo month (see the module's docstring). Returns what was made and the
	logins. Does not commit: `bench ... account-manager-demo` and `bench ... execute` commit after it."""
	frappe.only_for("System Manager")
	demo = Demo(company)
	demo.run()
	return demo.summary()


@contextmanager
def acting_as(user: str):
	"""Do the work as that user (their permissions apply and the records name them as their owner)."""
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


class Demo:
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

	def step(self, i: int, title: str):
		frappe.publish_progress(100 * i / 14, title=_("Making the demo month"), description=title)

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
			(self.finish, _("Delegation, reports and reminders")),
		)
		for i, (step, title) in enumerate(steps):
			self.step(i, title)
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

	# -- calendar -----------------------------------------------------------------------------------

	def setup_calendar(self):
		"""Fiscal years over every posting date, and a Holiday List for the company when it has none."""
		from erpnext.accounts.utils import FiscalYearError, get_fiscal_year

		for when in (self.day(-120), self.day(0)):
			for _attempt in range(3):
				try:
					get_fiscal_year(when, company=self.company)
					break
				except FiscalYearError:
					self.add_fiscal_year(when)

		if frappe.get_cached_value("Company", self.company, "default_holiday_list"):
			return
		start, end = get_first_day(self.day(-120)).replace(month=1), date(self.today.year, 12, 31)
		name = f"Polska {start.year}-{end.year}" if start.year != end.year else f"Polska {end.year}"
		if not frappe.db.exists("Holiday List", name):
			holidays = frappe.get_doc(
				{"doctype": "Holiday List", "holiday_list_name": name, "from_date": start, "to_date": end}
			)
			holidays.country = "PL"
			holidays.get_local_holidays()
			for weekday in ("Saturday", "Sunday"):
				holidays.weekly_off = weekday
				holidays.get_weekly_off_dates()
			holidays.insert()
			self.created("Holiday List")
		frappe.db.set_value("Company", self.company, "default_holiday_list", name)

	def add_fiscal_year(self, when: date):
		"""The fiscal year before the site's first one (or after its last one), of the same months."""
		years = frappe.get_all(
			"Fiscal Year", fields=["year_start_date", "year_end_date"], order_by="year_start_date asc"
		)
		if not years:
			start, end = date(when.year, 1, 1), date(when.year, 12, 31)
		elif when < getdate(years[0].year_start_date):
			start = getdate(add_years(years[0].year_start_date, -1))
			end = getdate(add_days(years[0].year_start_date, -1))
		else:
			start = getdate(add_days(years[-1].year_end_date, 1))
			end = getdate(add_days(add_years(start, 1), -1))
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(start.year) if start.year == end.year else f"{start.year}-{end.year}",
				"year_start_date": start,
				"year_end_date": end,
			}
		).insert()
		self.created("Fiscal Year")

	def holidays(self) -> set[date]:
		holiday_list = frappe.get_cached_value("Company", self.company, "default_holiday_list")
		return {
			getdate(d)
			for d in frappe.get_all("Holiday", filters={"parent": holiday_list}, pluck="holiday_date")
		}

	# -- people -------------------------------------------------------------------------------------

	def make_users(self):
		for email, first, last, roles in USERS:
			if frappe.db.exists("User", email):
				continue
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first,
					"last_name": last,
					"send_welcome_email": 0,
					"user_type": "System User",
					"new_password": PASSWORD,
				}
			)
			user.insert(ignore_permissions=True)
			user.add_roles(*roles)
			self.created("User")

	# -- masters ------------------------------------------------------------------------------------

	def make_masters(self):
		if not frappe.db.exists("Item Group", ITEM_GROUP):
			frappe.get_doc(
				{
					"doctype": "Item Group",
					"item_group_name": ITEM_GROUP,
					"parent_item_group": root("Item Group"),
				}
			).insert()
			self.created("Item Group")
		for name, days in PAYMENT_TERMS:
			if frappe.db.exists("Payment Terms Template", name):
				continue
			frappe.get_doc(
				{
					"doctype": "Payment Terms Template",
					"template_name": name,
					"terms": [
						{
							"invoice_portion": 100,
							"due_date_based_on": "Day(s) after invoice date",
							"credit_days": days,
							"description": name,
						}
					],
				}
			).insert()
			self.created("Payment Terms Template")
		if not frappe.db.exists("Price List", KEY_ACCOUNT_PRICE_LIST):
			frappe.get_doc(
				{
					"doctype": "Price List",
					"price_list_name": KEY_ACCOUNT_PRICE_LIST,
					"currency": self.currency,
					"selling": 1,
				}
			).insert()
			self.created("Price List")
		for name in COMPETITORS:
			if not frappe.db.exists("Competitor", name):
				frappe.get_doc({"doctype": "Competitor", "competitor_name": name}).insert()
				self.created("Competitor")
		for name, group in SUPPLIERS:
			if not frappe.db.exists("Supplier", {"supplier_name": name}):
				frappe.get_doc(
					{
						"doctype": "Supplier",
						"supplier_name": name,
						"supplier_group": group
						if frappe.db.exists("Supplier Group", group)
						else root("Supplier Group"),
						"country": "Poland",
					}
				).insert()
				self.created("Supplier")
		self.make_email_templates()
		self.configure_settings()

	def make_email_templates(self):
		templates = (
			(
				"Oferta handlowa",
				"Oferta {{ doc.name }} dla {{ party_name }}",
				"<p>Dzień dobry,</p><p>w załączeniu przesyłam ofertę {{ doc.name }} ważną do "
				"{{ frappe.format(doc.valid_till, {'fieldtype': 'Date'}) }}. Chętnie odpowiem na pytania.</p>"
				"<p>Z poważaniem<br>{{ frappe.db.get_value('User', doc.account_manager, 'full_name') }}</p>",
			),
			(
				"Życzenia",
				"Najlepsze życzenia",
				"<p>Szanowni Państwo,</p><p>z okazji święta składamy najlepsze życzenia: dużo zdrowia, "
				"sukcesów i udanych budów.</p><p>Zespół sprzedaży hurtowej</p>",
			),
		)
		for name, subject, body in templates:
			if frappe.db.exists("Email Template", name):
				continue
			frappe.get_doc(
				{
					"doctype": "Email Template",
					"name": name,
					"subject": subject,
					"use_html": 1,
					"response_html": body,
				}
			).insert()
			self.created("Email Template")

	def configure_settings(self):
		"""Offers go out with the demo template; clients are served from the company's Stores."""
		settings = frappe.get_single("Account Manager Settings")
		changed = False
		if not settings.offer_email_template:
			settings.offer_email_template = "Oferta handlowa"
			changed = True
		if not any(row.company == self.company for row in settings.serving_warehouses):
			settings.append("serving_warehouses", {"company": self.company, "warehouse": self.warehouse})
			changed = True
		if changed:
			settings.save()

	def stores_warehouse(self) -> str:
		stores = f"Stores - {self.abbr}"  # the one ERPNext's setup wizard makes
		if frappe.db.exists("Warehouse", stores):
			return stores
		return frappe.get_all(
			"Warehouse",
			filters={"company": self.company, "is_group": 0},
			pluck="name",
			order_by="creation",
			limit=1,
		)[0]

	# -- items and stock ----------------------------------------------------------------------------

	def make_items(self):
		with_alternatives = {code for pair in ALTERNATIVES for code in pair[:2]}
		for code, name, uom, price, cost, stock, lead_time in ITEMS:
			if not frappe.db.exists("Item", code):
				frappe.get_doc(
					{
						"doctype": "Item",
						"item_code": code,
						"item_name": name,
						"description": name,
						"item_group": ITEM_GROUP,
						"stock_uom": uom,
						"is_stock_item": 0 if stock is None else 1,
						"include_item_in_manufacturing": 0,
						"allow_alternative_item": 1 if code in with_alternatives else 0,
						"lead_time_days": lead_time,
						"valuation_rate": cost,
						"item_defaults": [{"company": self.company, "default_warehouse": self.warehouse}],
					}
				).insert()
				self.created("Item")
			# list prices valid since the start of the year of the oldest sale; key accounts get 8% off
			for price_list, rate in (
				(standard_selling(), price),
				(KEY_ACCOUNT_PRICE_LIST, flt(price * 0.92, 2)),
			):
				if frappe.db.exists("Item Price", {"item_code": code, "price_list": price_list}):
					continue
				frappe.get_doc(
					{
						"doctype": "Item Price",
						"item_code": code,
						"price_list": price_list,
						"price_list_rate": rate,
						"valid_from": date(self.day(-120).year, 1, 1),
					}
				).insert()
				self.created("Item Price")
		for item, alternative, two_way in ALTERNATIVES:
			if frappe.db.exists(
				"Item Alternative", {"item_code": item, "alternative_item_code": alternative}
			):
				continue
			frappe.get_doc(
				{
					"doctype": "Item Alternative",
					"item_code": item,
					"alternative_item_code": alternative,
					"two_way": two_way,
				}
			).insert()
			self.created("Item Alternative")

	def receive_stock(self):
		"""One Material Receipt, dated before every sale, of the items the wholesaler holds."""
		if frappe.db.exists("Stock Entry", {"remarks": STOCK_RECEIPT_KEY, "docstatus": 1}):
			return
		entry = frappe.new_doc("Stock Entry")
		entry.update(
			{
				"stock_entry_type": "Material Receipt",
				"purpose": "Material Receipt",
				"company": self.company,
				"set_posting_time": 1,
				"posting_date": self.day(-110),
				"posting_time": "07:00:00",
				"remarks": STOCK_RECEIPT_KEY,
			}
		)
		for code, _name, _uom, _price, cost, stock, _lead in ITEMS:
			if stock:
				entry.append(
					"items",
					{"item_code": code, "qty": stock, "t_warehouse": self.warehouse, "basic_rate": cost},
				)
		entry.insert()
		entry.submit()
		self.created("Stock Entry")

	def make_purchase_orders(self):
		for supplier_name, key, item_code, qty, ordered, expected in PURCHASE_ORDERS:
			supplier = frappe.db.get_value("Supplier", {"supplier_name": supplier_name})
			if frappe.db.exists(
				"Purchase Order", {"supplier": supplier, "order_confirmation_no": key, "docstatus": ("<", 2)}
			):
				continue
			cost = next(row[4] for row in ITEMS if row[0] == item_code)
			order = frappe.get_doc(
				{
					"doctype": "Purchase Order",
					"supplier": supplier,
					"company": self.company,
					"transaction_date": self.day(-ordered),
					"schedule_date": self.day(expected),
					"order_confirmation_no": key,
					"order_confirmation_date": self.day(-ordered),
					"items": [
						{
							"item_code": item_code,
							"qty": qty,
							"rate": cost,
							"schedule_date": self.day(expected),
							"expected_delivery_date": self.day(expected),
							"warehouse": self.warehouse,
						}
					],
				}
			)
			order.insert()
			order.submit()
			self.created("Purchase Order")

	# -- clients ------------------------------------------------------------------------------------

	def make_clients(self):
		for row in CUSTOMERS:
			client = DemoCustomer(*row)
			name, manager = client.name, client.manager
			customer = frappe.db.get_value("Customer", {"customer_name": name})
			if not customer:
				customer = (
					frappe.get_doc(
						{
							"doctype": "Customer",
							"customer_name": name,
							"customer_type": "Company",
							"customer_group": leaf("Customer Group", "Commercial"),
							"territory": leaf("Territory", "Poland"),
							"account_manager": manager,
						}
					)
					.insert()
					.name
				)
				self.created("Customer")
			self.customers[name] = customer
			for contact in CONTACTS.get(name, ()):
				self.make_contact("Customer", customer, *contact)
			card = frappe.db.get_value("Client Card", {"party_type": "Customer", "party": customer})
			if not card or not frappe.db.get_value("Client Card", card, "needs"):  # not filled in yet
				with acting_as(manager):
					card = self.make_card(
						"Customer",
						customer,
						manager,
						segment=client.segment,
						is_key_account=client.key_account,
						needs=client.needs,
						purchase_level=client.purchase_level,
						focus=client.focus,
						monthly_volume=client.monthly_volume,
						price_list=KEY_ACCOUNT_PRICE_LIST if client.key_account else standard_selling(),
						special_conditions=_special_conditions(client.key_account),
						discount_scheme="8% od cennika (Cennik hurtowy A), +2% przy odbiorze całych palet"
						if client.key_account
						else None,
						individual_service=client.key_account,
						faster_lead_times=client.key_account,
						negotiation_notes=f"<p>Klient z miasta {client.city}. Decyzje podejmuje właściciel / zarząd.</p>",
						next_contact_date=self.day(1 + len(name) % 6),
						last_reviewed_on=self.day(-(len(name) % 20)),
						competitors=self.competitors_of(name),
						events=self.events_of(client.key_account),
						trade_holidays=[
							{
								"holiday_name": "Dzień Budowlańca",
								"holiday_date": builders_day(self.today.year),
							}
						],
					)
				with acting_as(SALES_HEAD):  # the debt rule's terms are the Sales Head's
					terms = frappe.get_doc("Client Card", card)
					terms.update(
						{
							"payment_terms": client.payment_terms,
							"credit_limit": client.credit_limit,
							"overdue_tolerance_days": client.tolerance_days,
						}
					)
					terms.save()
			self.cards[name] = card
			self.pool.setdefault(manager, []).append((card, "customer"))
		self.make_complaint()

	def competitors_of(self, name: str) -> list[dict]:
		competitor = COMPETITORS[len(name) % len(COMPETITORS)]
		return [
			{
				"competitor": competitor,
				"products": "cement, chemia budowlana",
				"strengths": "niższe ceny na cement luzem, własny transport",
				"weaknesses": "długie terminy dostaw klejów, brak doradztwa technicznego",
			}
		]

	def events_of(self, key_account: int) -> list[dict]:
		events = [
			{
				"event_type": "Presentation",
				"event_name": "Prezentacja systemów ociepleń w naszej hurtowni",
				"event_date": self.day(-15),
				"invited": 1,
				"attended": key_account,
			}
		]
		if key_account:
			events.append(
				{
					"event_type": "Fair",
					"event_name": "Targi budowlane w Poznaniu",
					"event_date": self.day(70),
					"invited": 1,
					"attended": 0,
				}
			)
		return events

	def make_card(self, party_type: str, party: str, manager: str, **fields) -> str:
		"""Fill in the party's card (every party gets one when it is made), taking it for the manager."""
		values = {"account_manager": manager, "company": self.company, **fields}
		name = frappe.db.get_value("Client Card", {"party_type": party_type, "party": party})
		if name:
			card = frappe.get_doc("Client Card", name)
			card.update(values)
			card.save()
		else:
			card = frappe.get_doc(
				{"doctype": "Client Card", "party_type": party_type, "party": party, **values}
			)
			card.insert()
		self.created("Client Card")
		return card.name

	def make_contact(
		self, party_type, party, first, last, designation, email, phone, birthday, decision_maker, billing
	):
		if frappe.db.exists("Contact", {"email_id": email}):
			return
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": first,
				"last_name": last,
				"designation": designation if frappe.db.exists("Designation", designation) else None,
				"is_decision_maker": decision_maker,
				"is_billing_contact": billing,
				"birthday": add_years(self.day(birthday), -(38 + len(last) % 15))
				if birthday is not None
				else None,
				"links": [{"link_doctype": party_type, "link_name": party}],
				"email_ids": [{"email_id": email, "is_primary": 1}],
				"phone_nos": [{"phone": phone, "is_primary_phone": 1, "is_primary_mobile_no": 1}]
				if phone
				else [],
			}
		)
		contact.insert()
		self.created("Contact")

	def make_complaint(self):
		customer = self.customers["Dom-Bud Kowalczyk s.c."]
		subject = "Uszkodzone worki cementu w dostawie DB/131"
		if frappe.db.exists("Issue", {"customer": customer, "subject": subject}):
			return
		frappe.get_doc(
			{
				"doctype": "Issue",
				"subject": subject,
				"customer": customer,
				"raised_by": "marek@dombud.demo.example",
				"opening_date": self.day(-28),
				"description": "8 worków cementu CEM I rozdartych przy rozładunku. Klient prosi o korektę faktury.",
			}
		).insert(ignore_permissions=True)
		self.created("Issue")

	def make_potential_clients(self):
		for party_type, company_name, manager, first, last, email, needs, signs in POTENTIAL:
			if company_name == CONVERTED_LEAD and frappe.db.exists(
				"Customer", {"customer_name": company_name}
			):
				customer = frappe.db.get_value("Customer", {"customer_name": company_name})
				self.customers[company_name] = customer
				self.cards[company_name] = frappe.db.get_value(
					"Client Card", {"party_type": "Customer", "party": customer}
				)
				self.pool.setdefault(manager, []).append((self.cards[company_name], "customer"))
				continue
			party = self.make_party(party_type, company_name, first, last, email)
			self.make_contact(party_type, party, first, last, "Managing Director", email, None, None, 1, 1)
			card = frappe.db.get_value("Client Card", {"party_type": party_type, "party": party})
			if not card or not frappe.db.get_value("Client Card", card, "needs"):  # not filled in yet
				with acting_as(manager):
					card = self.make_card(
						party_type,
						party,
						manager,
						segment="B",
						needs=needs,
						purchase_level="Medium",
						focus="Price",
						next_contact_date=self.day(2),
						proposed_price_list=standard_selling(),
						proposed_payment_terms="Przedpłata" if signs else "Przelew 14 dni",
						proposed_credit_limit=0 if signs else 15000,
						competitors=self.competitors_of(company_name),
						**{sign: 1 for sign in signs},
					)
			self.cards[company_name] = card
			self.pool.setdefault(manager, []).append((card, "prospect"))
		self.convert_lead()
		self.make_generated_prospects()

	def make_party(self, party_type: str, company_name: str, first: str, last: str, email: str) -> str:
		if party_type == "Prospect":
			if not frappe.db.exists("Prospect", company_name):
				frappe.get_doc(
					{
						"doctype": "Prospect",
						"company_name": company_name,
						"customer_group": leaf("Customer Group", "Commercial"),
						"territory": leaf("Territory", "Poland"),
					}
				).insert(ignore_permissions=True)
				self.created("Prospect")
			return company_name
		lead = frappe.db.get_value("Lead", {"company_name": company_name})
		if lead:
			return lead
		lead = frappe.get_doc(
			{
				"doctype": "Lead",
				"first_name": first,
				"last_name": last,
				"company_name": company_name,
				"email_id": email,
				"source": "Cold Calling",
				"status": "Open",
				"territory": leaf("Territory", "Poland"),
			}
		).insert(ignore_permissions=True)
		self.created("Lead")
		return lead.name

	def convert_lead(self):
		"""The lead that signed this month becomes a customer from its card (CB3)."""
		if CONVERTED_LEAD in self.customers:
			return
		card = frappe.get_doc("Client Card", self.cards[CONVERTED_LEAD])
		manager = card.account_manager
		with acting_as(manager):
			customer = card.convert_to_customer()
		self.created("Customer")
		self.customers[CONVERTED_LEAD] = customer
		frappe.db.set_value("Client Card", card.name, "segment", "C")

	def make_generated_prospects(self):
		"""The companies each manager calls while searching for clients: a Prospect and a card each."""
		names = prospect_names(GENERATED_PROSPECTS * len(MANAGERS))
		existing = set(frappe.get_all("Prospect", filters={"name": ("in", names)}, pluck="name"))
		cards = dict(
			frappe.get_all(
				"Client Card",
				filters={"party_type": "Prospect", "party": ("in", names), "needs": ("is", "set")},
				fields=["party", "name"],
				as_list=True,
			)
		)
		for i, name in enumerate(names):
			manager = MANAGERS[i % len(MANAGERS)]
			if name not in existing:
				frappe.get_doc(
					{
						"doctype": "Prospect",
						"company_name": name,
						"customer_group": leaf("Customer Group", "Commercial"),
						"territory": leaf("Territory", "Poland"),
					}
				).insert(ignore_permissions=True)
				self.created("Prospect")
			card = cards.get(name)
			if not card:
				with acting_as(manager):
					card = self.make_card(
						"Prospect",
						name,
						manager,
						segment="C",
						needs="Do rozpoznania w rozmowie",
						next_contact_date=self.day(3 + i % 10),
					)
			self.pool.setdefault(manager, []).append((card, "prospect"))

	# -- sales --------------------------------------------------------------------------------------

	def make_sales(self):
		"""Orders, then invoices delivering from stock, then payments, each in date order (so the stock
		ledger is never back-dated and no order meets a debt made later)."""
		from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice

		orders = []
		for customer_name, key, days_ago, lines, payment in sorted(SALES, key=lambda s: -s[2]):
			customer = self.customers[customer_name]
			order = frappe.db.get_value("Sales Order", {"customer": customer, "po_no": key, "docstatus": 1})
			if not order:
				order = self.make_order(customer, key, self.day(-days_ago), lines, submit=True)
			orders.append((order, customer, key, days_ago, payment))

		invoices = []
		for order, customer, key, days_ago, payment in orders:
			invoice = frappe.db.get_value(
				"Sales Invoice", {"customer": customer, "po_no": key, "docstatus": 1}
			)
			if not invoice:
				doc = make_sales_invoice(order)
				doc.update(
					{
						"set_posting_time": 1,
						"posting_date": self.day(-days_ago),
						"update_stock": 1,
						"due_date": None,
					}
				)
				doc.set("payment_schedule", [])  # ERPNext schedules it from the terms and the invoice date
				for row in doc.items:
					row.warehouse = row.warehouse or self.warehouse
				doc.insert()
				doc.submit()
				invoice = doc.name
				self.created("Sales Invoice")
			invoices.append((invoice, key, payment))

		for invoice, key, payment in sorted((i for i in invoices if i[2]), key=lambda i: -i[2][1]):
			amount = None if payment[0] == "paid" else payment[2]
			self.pay(invoice, f"PRZELEW/{key}", self.day(-payment[1]), amount)

		customer_name, key, lines = ORDER_AWAITING_APPROVAL
		customer = self.customers[customer_name]
		if not frappe.db.get_value(
			"Sales Order", {"customer": customer, "po_no": key, "docstatus": ("<", 2)}
		):
			with acting_as(frappe.db.get_value("Customer", customer, "account_manager")):
				self.make_order(customer, key, self.today, lines, submit=False)

	def make_order(self, customer: str, key: str, when: date, lines, submit: bool) -> str:
		order = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"customer": customer,
				"company": self.company,
				"transaction_date": when,
				"delivery_date": add_days(when, 2),
				"po_no": key,
				"po_date": when,
				"set_warehouse": self.warehouse,
				"items": [
					{
						"item_code": code,
						"qty": qty,
						"delivery_date": add_days(when, 2),
						"warehouse": self.warehouse,
					}
					for code, qty in lines
				],
			}
		)
		# the client's prices from ERPNext's pricing, as the desk fetches them
		header, prices = pricing.quote_lines(
			"Customer",
			customer,
			self.company,
			when,
			pricing.client_price_list("Customer", customer),
			[{"item_code": code, "qty": qty} for code, qty in lines],
		)
		order.selling_price_list = header.price_list
		for row, price in zip(order.items, prices, strict=True):
			row.update(price)
		order.insert()
		if submit:
			order.submit()
		self.created("Sales Order")
		return order.name

	def pay(self, invoice: str, reference: str, when: date, amount: float | None):
		from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

		if frappe.db.exists("Payment Entry", {"reference_no": reference, "docstatus": 1}):
			return
		if amount is None:
			amount = frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount")
		payment = get_payment_entry("Sales Invoice", invoice, party_amount=amount)
		payment.update({"posting_date": when, "reference_no": reference, "reference_date": when})
		payment.insert()
		payment.submit()
		self.created("Payment Entry")

	# -- plans, offers and calls --------------------------------------------------------------------

	def make_kpi_plans(self):
		"""The Sales Head's plans for this month and the month before (the defaults of the job description
		for the daily quotas; turnover and the personal search plan per manager)."""
		this_month = get_first_day(self.today)
		with acting_as(SALES_HEAD):
			for month in (getdate(add_months(this_month, -1)), this_month):
				for manager in MANAGERS:
					if frappe.db.exists("KPI Plan", {"account_manager": manager, "month": month}):
						continue
					frappe.get_doc(
						{
							"doctype": "KPI Plan",
							"account_manager": manager,
							"month": month,
							"company": self.company,
							"new_client_contracts": 4,
							"new_prospects": 10,
							"turnover": KPI_TURNOVER[manager],
						}
					).insert()
					self.created("KPI Plan")

	def make_offers(self):
		from account_manager.account_manager.doctype.commercial_offer.commercial_offer import (
			expire_offers,
			make_quotation,
			make_sales_order,
		)

		for client, proposal, channel, days_ago, status, lines, follow_up in OFFERS:
			card = self.cards[client]
			existing = {
				(row.proposal or "").strip(): row.name
				for row in frappe.get_all(
					"Commercial Offer", filters={"client_card": card}, fields=["name", "proposal"]
				)
			}
			if proposal in existing:
				continue
			manager = frappe.db.get_value("Client Card", card, "account_manager")
			when = self.day(-days_ago)
			with acting_as(manager):
				offer = frappe.get_doc(
					{
						"doctype": "Commercial Offer",
						"client_card": card,
						"channel": channel,
						"transaction_date": when,
						"valid_till": add_days(when, 14 if status != "Expired" else days_ago - 3),
						"contact_person": first_contact(
							*frappe.db.get_value("Client Card", card, ["party_type", "party"])
						),
						"proposal": proposal,
						"items": [{"item_code": code, "qty": qty} for code, qty in lines],
					}
				).insert()
				self.created("Commercial Offer")
				if follow_up == "request_goods":
					offer.request_goods()
					self.created("Material Request")
				for i, next_status in enumerate(STATUS_PATH[status]):
					if next_status == "Sent":
						self.record_sending(offer, datetime.combine(when, time(9 + i, 15)))
					else:
						offer.set_status(next_status)
				if follow_up == "quotation":
					make_quotation(offer.name).insert()
					self.created("Quotation")
				elif follow_up == "sales_order":
					order = make_sales_order(offer.name)
					order.po_no = f"OF/{offer.name}"
					order.insert()
					order.submit()
					self.created("Sales Order")
					if client == CONVERTED_LEAD:  # the new client's first delivery, invoiced today
						self.invoice_today(order.name)
		expire_offers()

	def record_sending(self, offer, when: datetime):
		"""Mark the offer as sent on its day. An e-mail offer is recorded as the e-mail the manager sent (a
		Communication on the offer's timeline), never delivered: the demo sends no mail."""
		if offer.channel == "E-mail" and offer.contact_email:
			frappe.get_doc(
				{
					"doctype": "Communication",
					"communication_type": "Communication",
					"communication_medium": "Email",
					"sent_or_received": "Sent",
					"subject": f"Oferta {offer.name} dla {offer.party_name}",
					"content": f"<p>Dzień dobry,</p><p>w załączeniu oferta: {offer.proposal}.</p>",
					"sender": frappe.session.user,
					"recipients": offer.contact_email,
					"reference_doctype": offer.doctype,
					"reference_name": offer.name,
					"communication_date": when,
					"user": frappe.session.user,
				}
			).insert(ignore_permissions=True)
			self.created("Communication")
		offer.sent_on = when
		offer.set_status("Sent")

	def invoice_today(self, order: str):
		from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice

		with acting_as("Administrator"):
			invoice = make_sales_invoice(order)
			invoice.update_stock = 1
			for row in invoice.items:
				row.warehouse = row.warehouse or self.warehouse
			invoice.insert()
			invoice.submit()
		self.created("Sales Invoice")

	def make_calls(self):
		"""Each manager's calls on every working day from the start of last month to yesterday: prospecting
		calls to the companies of their search plan, follow-ups, offers, collection and reconciliation
		calls to their customers. A day that has calls of the manager already gets none."""
		start = getdate(add_months(get_first_day(self.today), -1))
		holidays = self.holidays()
		leave_from, leave_to = self.day(LEAVE[2]), self.day(LEAVE[3])
		call = frappe.qb.DocType("Client Call")
		from frappe.query_builder.functions import Date

		done = {
			(manager, getdate(day))
			for manager, day in frappe.qb.from_(call)
			.select(call.account_manager, Date(call.call_time))
			.where(call.account_manager.isin(list(MANAGERS)) & (call.call_time >= start))
			.distinct()
			.run()
		}
		overdue = self.overdue_cards()
		# up to yesterday: today's calls are the user's to make (and a run is then the same all day long)
		days = [start + timedelta(days=n) for n in range((self.today - start).days)]
		days = [d for d in days if d.weekday() < 5 and d not in holidays]
		for manager in MANAGERS:
			pool = self.pool[manager]
			with acting_as(manager):
				for day in days:
					if (manager, day) in done or (manager == LEAVE[0] and leave_from <= day <= leave_to):
						continue
					for call_doc in self.calls_of_day(manager, day, pool, overdue):
						frappe.get_doc(call_doc).insert()
						self.created("Client Call")

	def calls_of_day(self, manager: str, day: date, pool, overdue: set) -> list[dict]:
		rng = random.Random(f"{manager}|{day.isoformat()}")
		n = min(rng.randint(*CALLS_PER_DAY), len(pool))
		minutes = sorted(rng.sample(range(8 * 60, 16 * 60 + 30), n))
		calls = []
		for (card, kind), minute in zip(rng.sample(pool, n), minutes, strict=True):
			if kind == "prospect":
				purpose = "Prospecting" if rng.random() < 0.7 else "Offer"
				outcome = weighted(rng, PROSPECT_OUTCOMES)
			else:
				purpose = (
					"Collection" if card in overdue and rng.random() < 0.5 else rng.choice(CUSTOMER_PURPOSES)
				)
				outcome = weighted(rng, CUSTOMER_OUTCOMES)
			reached = outcome != "No Answer"
			next_contact = None
			if outcome in ("Call Back", "Interested", "Offer Made"):
				next_contact = add_days(day, rng.randint(2, 10))
			calls.append(
				{
					"doctype": "Client Call",
					"client_card": card,
					"account_manager": manager,
					"call_time": datetime.combine(day, time(minute // 60, minute % 60, rng.randint(0, 59))),
					"direction": "Outgoing" if rng.random() < 0.85 else "Incoming",
					"purpose": purpose,
					"outcome": outcome,
					"duration": rng.randint(60, 720) if reached else rng.randint(0, 25),
					"notes": CALL_NOTES.get(outcome),
					"next_contact_date": next_contact,
				}
			)
		return calls

	def overdue_cards(self) -> set:
		from account_manager.erp import receivables

		overdue = receivables.overdue_customers(self.company, self.today)
		return {self.cards[name] for name, customer in self.customers.items() if customer in overdue}

	# -- collection and reconciliation --------------------------------------------------------------

	def run_collection(self):
		"""The daily collection job as it would have run two weeks ago and today; the managers logged the
		outcome of the first reminder calls."""
		from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection
		from account_manager.rules.collection import CALL

		before = frappe.db.count("Collection Plan")
		if not frappe.db.exists(
			"Collection Plan", {"company": self.company, "start_date": ("<", self.today)}
		):
			run_collection(self.day(-15))
		run_collection(self.today)
		self.created("Collection Plan", frappe.db.count("Collection Plan") - before)
		outcomes = ("Promised to Pay", "No Answer", "Refused")
		for i, name in enumerate(
			frappe.get_all(
				"Collection Plan",
				filters={"company": self.company, "status": "Open"},
				pluck="name",
				order_by="customer",
			)
		):
			plan = frappe.get_doc("Collection Plan", name)
			step = next(
				(s for s in plan.steps if s.status == "Due" and not s.outcome and s.action == CALL), None
			)
			if step and plan.account_manager in MANAGERS:
				with acting_as(plan.account_manager):
					plan.log_outcome(
						step.name,
						outcomes[i % len(outcomes)],
						"Klient obiecał przelew do końca tygodnia" if i % len(outcomes) == 0 else None,
					)

	def make_reconciliations(self):
		"""Last month's statements from the monthly job; one client confirmed, one disputed."""
		from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
			draft_monthly_reconciliations,
		)

		self.created("Settlement Reconciliation", len(draft_monthly_reconciliations(self.today)))
		from_date = get_first_day(add_months(self.today, -1))
		answers = {"Budomex Sp. z o.o.": "confirm", "Inwest-Bau Sp. z o.o.": "dispute"}
		for client, answer in answers.items():
			name = frappe.db.get_value(
				"Settlement Reconciliation",
				{"customer": self.customers[client], "company": self.company, "from_date": from_date},
			)
			if not name:
				continue
			doc = frappe.get_doc("Settlement Reconciliation", name)
			if doc.status != "Draft":
				continue
			with acting_as(doc.account_manager):
				doc.status = "Sent"  # handed to the client (the demo sends no e-mail)
				doc.sent_on = datetime.combine(min(self.today, self.day(1 - self.today.day + 1)), time(10, 0))
				doc.save()
				if answer == "confirm":
					doc.confirm()
				else:
					doc.dispute(
						flt(doc.closing_balance) - 1290, "Klient nie ujął korekty do faktury IB/Z/0907"
					)

	# -- the rest -----------------------------------------------------------------------------------

	def finish(self):
		from account_manager.account_manager.doctype.account_manager_report.account_manager_report import (
			draft_monthly_reports,
		)
		from account_manager.tasks import remind_greetings

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


# -- helpers ------------------------------------------------------------------------------------------


def default_company() -> str | None:
	return (
		frappe.defaults.get_global_default("company")
		or (frappe.get_all("Company", pluck="name", order_by="creation", limit=1) or [None])[0]
	)


def root(doctype: str) -> str:
	"""The root of a tree DocType (All Item Groups, All Supplier Groups, ...)."""
	return frappe.get_all(doctype, filters={"is_group": 1}, pluck="name", order_by="lft asc", limit=1)[0]


def leaf(doctype: str, preferred: str) -> str:
	if frappe.db.get_value(doctype, preferred, "is_group") == 0:
		return preferred
	return frappe.db.get_value(doctype, {"is_group": 0}, "name")


def standard_selling() -> str:
	return frappe.db.get_single_value("Selling Settings", "selling_price_list") or "Standard Selling"


def first_contact(party_type: str, party: str) -> str | None:
	from account_manager.account_manager.doctype.client_card.client_card import party_contacts

	contacts = [c for c in party_contacts(party_type, party) if c.email_id]
	return contacts[0].name if contacts else None


def builders_day(year: int) -> date:
	"""Dzień Budowlańca, the builders' day in Poland: the third Sunday of August."""
	first = date(year, 8, 1)
	return first + timedelta(days=(6 - first.weekday()) % 7 + 14)


def prospect_names(n: int) -> list[str]:
	combos = [(stem, ending) for ending in PROSPECT_ENDINGS for stem in PROSPECT_STEMS]
	names = []
	for i in range(n):
		stem, ending = combos[(i * 7) % len(combos)]
		names.append(f"{stem}{ending} {PROSPECT_FORMS[i % len(PROSPECT_FORMS)]}")
	return names


def weighted(rng: random.Random, choices) -> str:
	values, weights = zip(*choices, strict=True)
	return rng.choices(values, weights=weights)[0]


def _special_conditions(key_account: int) -> str:
	if key_account:
		return "Dostawa HDS gratis od 5 t; płatność 30 dni od faktury; rabat roczny 1,5% od obrotu ponad 500 tys. zł"
	return "Dostawa płatna wg cennika; płatność wg terminu z karty klienta"
