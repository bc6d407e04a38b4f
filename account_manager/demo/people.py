"""The demo's clients: customers with cards, contacts, terms, competitors and events; leads and
prospects, one converted this month, and each manager's personal search plan."""

import frappe
from frappe.utils import add_years

from account_manager.demo.data import (
	COMPETITORS,
	CONTACTS,
	CONVERTED_LEAD,
	CUSTOMERS,
	GENERATED_PROSPECTS,
	KEY_ACCOUNT_PRICE_LIST,
	MANAGERS,
	POTENTIAL,
	PROSPECT_BUYERS,
	PROSPECT_WITHOUT_EMAIL,
	SALES_HEAD,
	DemoCustomer,
	builders_day,
	prospect_names,
	special_conditions,
)
from account_manager.demo.utils import acting_as, leaf, standard_selling


class People:
	"""Part of :class:`account_manager.demo.Demo`."""

	def make_clients(self):
		for row in CUSTOMERS:
			client = DemoCustomer(*row)
			customer = self.customer_of(client)
			self.customers[client.name] = customer
			for contact in CONTACTS.get(client.name, ()):
				self.make_contact("Customer", customer, *contact)
			card = frappe.db.get_value("Client Card", {"party_type": "Customer", "party": customer})
			if not card or not frappe.db.get_value("Client Card", card, "needs"):  # not filled in yet
				card = self.fill_client_card(client, customer)
			self.cards[client.name] = card
			self.pool.setdefault(client.manager, []).append((card, "customer"))
		self.make_complaint()

	def customer_of(self, client: DemoCustomer) -> str:
		customer = frappe.db.get_value("Customer", {"customer_name": client.name})
		if customer:
			return customer
		self.created("Customer")
		return (
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": client.name,
					"customer_type": "Company",
					"customer_group": leaf("Customer Group", "Commercial"),
					"territory": leaf("Territory", "Poland"),
					"account_manager": client.manager,
				}
			)
			.insert()
			.name
		)

	def fill_client_card(self, client: DemoCustomer, customer: str) -> str:
		"""The card as its manager fills it in, then the terms the Sales Head sets."""
		name, key_account = client.name, client.key_account
		with acting_as(client.manager):
			card = self.make_card(
				"Customer",
				customer,
				client.manager,
				segment=client.segment,
				is_key_account=key_account,
				needs=client.needs,
				purchase_level=client.purchase_level,
				focus=client.focus,
				monthly_volume=client.monthly_volume,
				price_list=KEY_ACCOUNT_PRICE_LIST if key_account else standard_selling(),
				special_conditions=special_conditions(key_account),
				discount_scheme="8% od cennika (Cennik hurtowy A), +2% przy odbiorze całych palet"
				if key_account
				else None,
				individual_service=key_account,
				faster_lead_times=key_account,
				negotiation_notes=f"<p>Klient z miasta {client.city}. Decyzje podejmuje właściciel / zarząd.</p>",
				next_contact_date=self.day(1 + len(name) % 6),
				competitors=self.competitors_of(name),
				events=self.events_of(key_account),
				trade_holidays=[
					{"holiday_name": "Dzień Budowlańca", "holiday_date": builders_day(self.today.year)}
				],
			)
		with acting_as(SALES_HEAD):  # the debt rule's terms are the Sales Head's
			terms = frappe.get_doc("Client Card", card)
			terms.update(
				{
					"payment_terms": client.payment_terms,
					"credit_limit": client.credit_limit,
					"overdue_tolerance_days": client.tolerance_days,
					# the reviews of the past weeks (a manager records one only with Mark Reviewed, that day)
					"last_reviewed_on": self.day(-(len(name) % 20)),
				}
			)
			terms.save()
		return card

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
		self.insert_once(
			"Issue",
			{"customer": customer, "subject": "Uszkodzone worki cementu w dostawie DB/131"},
			{
				"raised_by": "marek@dombud.demo.example",
				"opening_date": self.day(-28),
				"description": "8 worków cementu CEM I rozdartych przy rozładunku. Klient prosi o korektę faktury.",
			},
			ignore_permissions=True,
		)

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
			self.make_prospect_buyer(i, name)
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

	def make_prospect_buyer(self, i: int, prospect: str):
		"""The buyer of a generated prospect, with an e-mail address (so that a campaign reaches most of a
		manager's clients, and skips the few known by phone only)."""
		if (i + 1) % PROSPECT_WITHOUT_EMAIL == 0:
			return
		first, last = PROSPECT_BUYERS[i % len(PROSPECT_BUYERS)]
		slug = "".join(ch for ch in prospect.split(" ")[0].lower() if ch.isalnum())
		email = f"zakupy@{slug}.demo.example"
		phone = f"+48 609 {100 + i:03d} {200 + i:03d}"
		self.make_contact("Prospect", prospect, first, last, "Managing Director", email, phone, None, 1, 0)
