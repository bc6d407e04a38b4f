"""The demo month's data: people, goods, clients, sales, offers and calls of a Polish
building-materials wholesaler, and the pure rules that spread them over the month."""

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

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

# the goods: item code, name, stock UOM, price (PLN), cost (PLN), stock on hand (0: out of stock; null: a
# service), lead days; a record a line in items.json, as ERPNext keeps its own demo data (setup/demo_data)
ITEMS = tuple(tuple(item.values()) for item in json.loads((Path(__file__).parent / "items.json").read_text()))
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
# the prospects' buyers: most have an e-mail address a campaign reaches; every fifth is known by phone only
PROSPECT_BUYERS = (("Tomasz", "Nowicki"), ("Katarzyna", "Lewandowska"), ("Michał", "Zieliński"), ("Magdalena", "Wróbel"), ("Piotr", "Kaczmarek"), ("Aleksandra", "Górska"), ("Marcin", "Jasiński"))
PROSPECT_WITHOUT_EMAIL = 5  # every fifth generated prospect
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


def special_conditions(key_account: int) -> str:
	if key_account:
		return "Dostawa HDS gratis od 5 t; płatność 30 dni od faktury; rabat roczny 1,5% od obrotu ponad 500 tys. zł"
	return "Dostawa płatna wg cennika; płatność wg terminu z karty klienta"
