"""The demo's contracts in every state (issue 25): a negotiation with three versions, one waiting for the
Sales Head, one signed that applied its terms, a key client's with a yearly turnover rebate (last year's
proposed as a draft credit note, this year's at 80 % of its next threshold), one ending in two weeks, and
one at risk (its fulfilment deadline passed)."""

import math

import frappe
from frappe.utils import add_days, add_months, now_datetime

from account_manager.contract_performance import propose_rebate, turnover
from account_manager.contracts import draft_contract, sign_contract
from account_manager.demo.data import ANNA, EWA, PIOTR
from account_manager.demo.utils import acting_as
from account_manager.utils import set_audited

TEMPLATE = "Umowa ramowa dostawy materiałów budowlanych"
TEMPLATE_TERMS = """<h3>Umowa ramowa dostawy nr {{ doc.name }}</h3>
<p>Zawarta między naszą hurtownią a <b>{{ client.party_name }}</b> (segment {{ client.segment }}).</p>
<ol>
<li>Ceny według cennika: {{ client.price_list or "cennik standardowy" }}.</li>
<li>Płatność: {{ client.payment_terms or "przelew 14 dni" }}; limit kredytowy:
{{ frappe.format(client.credit_limit or 0, "Currency") }}.</li>
{% if client.discount_scheme %}<li>Rabaty: {{ client.discount_scheme }}.</li>{% endif %}
{% if client.special_conditions %}<li>Warunki szczególne: {{ client.special_conditions }}.</li>{% endif %}
<li>Klient, który poleci nam nowego odbiorcę, otrzymuje 1% rabatu od jego zamówień przez pół roku.</li>
</ol>
{% if lines %}<p>Asortyment uzgodniony w ofercie:</p><ul>
{% for line in lines %}<li>{{ line.item_name or line.item_code }}: {{ line.qty }} × {{ frappe.format(line.rate, "Currency") }}</li>{% endfor %}
</ul>{% endif %}"""
# segment: highest credit limit, longest payment (days), highest discount (%) without the Sales Head
STANDARDS = (("A", 150_000, 45, 5), ("B", 40_000, 30, 3), ("C", 15_000, 14, 2))
REBATE_ITEM = "RABAT-OBROT"
# the three versions of the negotiated terms (the client asked twice for more)
VERSIONS = (
	"Dostawy w ciągu 5 dni roboczych.",
	"Dostawy w ciągu 3 dni roboczych; zwrot palet w cenie.",
	"Dostawy w ciągu 3 dni roboczych; zwrot palet w cenie; rabat 2% na kleje elastyczne.",
)


class Contracts:
	"""Part of :class:`account_manager.demo.Demo`."""

	def make_contracts(self):
		self.contract_settings()
		self.contract_for("Budomex Sp. z o.o.", ANNA, self.key_account_with_rebate)
		self.contract_for("Dom-Bud Kowalczyk s.c.", ANNA, self.signed_with_terms)
		self.contract_for("Glazura i Płytki Sobczak", ANNA, self.waiting_for_the_sales_head)
		self.contract_for("Ceramika Wnętrz Sp. j.", EWA, self.negotiated_in_three_versions)
		self.contract_for("Termo-Fasady Sp. z o.o.", PIOTR, self.ending_in_two_weeks)
		self.contract_for("Remonty Jabłoński", PIOTR, self.at_risk)

	def contract_settings(self):
		if not frappe.db.exists("Item", REBATE_ITEM):
			frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": REBATE_ITEM,
					"item_name": "Rabat od obrotu",
					"description": "Rabat od obrotu (premia roczna) z umowy",
					"item_group": frappe.db.get_value("Item", {"is_stock_item": 0}, "item_group")
					or "All Item Groups",
					"stock_uom": "Nos",
					"is_stock_item": 0,
					"include_item_in_manufacturing": 0,
				}
			).insert()
			self.created("Item")
		settings = frappe.get_single("Account Manager Settings")
		if not settings.contract_standards:
			for segment, credit, days, discount in STANDARDS:
				settings.append(
					"contract_standards",
					{
						"segment": segment,
						"max_credit_limit": credit,
						"max_payment_days": days,
						"max_discount_percent": discount,
					},
				)
		settings.contracts_in_use = 1
		settings.rebate_document = "Credit Note"
		settings.rebate_item = REBATE_ITEM
		settings.save()
		self.insert_once("Contract Template", {"title": TEMPLATE}, {"contract_terms": TEMPLATE_TERMS})

	def contract_for(self, client: str, manager: str, make):
		"""One contract for the client, made once (a second run finds it)."""
		customer = self.customers.get(client) or frappe.db.get_value("Customer", {"customer_name": client})
		if not customer or frappe.db.exists("Contract", {"party_type": "Customer", "party_name": customer}):
			return
		card = frappe.db.get_value("Client Card", {"party_type": "Customer", "party": customer})
		with acting_as(manager):
			offer = frappe.db.get_value("Commercial Offer", {"client_card": card, "status": "Accepted"})
			source = ("Commercial Offer", offer) if offer else ("Client Card", card)
			name = draft_contract(*source, contract_template=TEMPLATE)
			self.created("Contract")
			make(frappe.get_doc("Contract", name), customer)

	def revise(self, contract, **values):
		contract.reload()
		contract.update(values)
		contract.save()

	def agree_and_sign(self, contract, signee: str):
		contract.reload()
		set_audited(contract, {"negotiation_status": "Sent", "sent_on": now_datetime()})
		set_audited(contract, {"negotiation_status": "Agreed"})
		sign_contract(contract.name, signee)

	def key_account_with_rebate(self, contract, customer):
		"""A two-year contract signed 13 months ago with a yearly turnover rebate: the first year ended and its
		rebate is proposed as a draft credit note; this year's turnover so far has reached the first threshold
		and 80 % of the next."""
		start = self.day(-395)
		this_year = add_months(start, 12)
		so_far = turnover(customer, this_year, self.today, self.company) or 1_000
		# committed over the two years at the pace the client buys: on track
		since_start = turnover(customer, start, self.today, self.company)
		elapsed = ((self.today - start).days + 1) / 730
		committed = math.floor(since_start / elapsed / 1000) * 1000 if since_start else 0
		self.revise(
			contract,
			start_date=start,
			end_date=add_days(add_months(start, 24), -1),
			contract_payment_terms="Przelew 30 dni",
			contract_credit_limit=90_000,
			committed_turnover=committed,
			rebate_period="Year",
			rebate_tiers=[
				{"threshold": math.floor(so_far * 0.5 / 100) * 100 or 100, "rebate_percent": 2},
				{"threshold": round(so_far / 0.8, 2), "rebate_percent": 3},
			],
		)
		self.agree_and_sign(contract, "Jan Kowalski, Prezes Zarządu")
		with acting_as("Administrator"):  # the daily job's proposal for the year that ended
			self.created("Sales Invoice", len(propose_rebate(contract.name)))

	def signed_with_terms(self, contract, customer):
		"""Signed today with a higher credit limit and longer payment within segment B's standard: the terms
		reached the card and the ERPNext Customer."""
		self.revise(
			contract,
			end_date=self.day(364),
			contract_payment_terms="Przelew 30 dni",
			contract_credit_limit=35_000,
		)
		self.agree_and_sign(contract, "Tomasz Kowalczyk, wspólnik")

	def waiting_for_the_sales_head(self, contract, customer):
		"""A credit limit beyond segment C's standard: not sent until the Sales Head approves it."""
		self.revise(
			contract,
			end_date=self.day(364),
			contract_credit_limit=25_000,
			contract_payment_terms="Przelew 30 dni",
		)

	def negotiated_in_three_versions(self, contract, customer):
		"""Sent, answered twice with the client's wishes: three versions of the special terms."""
		terms = contract.contract_terms
		for i, version in enumerate(VERSIONS):
			self.revise(contract, end_date=self.day(364), contract_terms=f"{terms}<p>{version}</p>")
			if i == 0:
				set_audited(contract, {"negotiation_status": "Sent", "sent_on": now_datetime()})
			else:
				set_audited(contract, {"negotiation_status": "Negotiation"})

	def ending_in_two_weeks(self, contract, customer):
		"""A year's contract ending in 14 days: the Follow-up Queue asks for its renewal."""
		self.revise(contract, start_date=self.day(-351), end_date=self.day(14))
		self.agree_and_sign(contract, "Marek Zając, Dyrektor Handlowy")

	def at_risk(self, contract, customer):
		"""Its fulfilment checklist (a shelf display by the deadline) not done, the deadline passed."""
		self.revise(
			contract,
			start_date=self.day(-60),
			end_date=self.day(305),
			requires_fulfilment=1,
			fulfilment_deadline=self.day(-3),
			fulfilment_terms=[{"requirement": "Ekspozycja produktów hurtowni w sklepie klienta"}],
		)
		self.agree_and_sign(contract, "Paweł Jabłoński, właściciel")
