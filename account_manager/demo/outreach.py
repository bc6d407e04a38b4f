"""The demo's KPI plans, commercial offers in every status and the managers' calls over the month."""

import random
from datetime import date, datetime, time, timedelta

import frappe
from frappe.query_builder.functions import Date
from frappe.utils import add_days, add_months, get_first_day, getdate

from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice

from account_manager.account_manager.doctype.commercial_offer.commercial_offer import (
	expire_offers,
	make_quotation,
	make_sales_order,
)
from account_manager.demo.data import (
	CALL_NOTES,
	CALLS_PER_DAY,
	CONVERTED_LEAD,
	CUSTOMER_OUTCOMES,
	CUSTOMER_PURPOSES,
	KPI_TURNOVER,
	LEAVE,
	MANAGERS,
	OFFERS,
	PROSPECT_OUTCOMES,
	SALES_HEAD,
	STATUS_PATH,
	weighted,
)
from account_manager.demo.utils import acting_as, first_contact
from account_manager.erp import receivables


class Outreach:
	"""Part of :class:`account_manager.demo.Demo`."""

	def make_kpi_plans(self):
		"""The Sales Head's plans for this month and the month before (the defaults of the job description
		for the daily quotas; turnover and the personal search plan per manager)."""
		this_month = get_first_day(self.today)
		with acting_as(SALES_HEAD):
			for month in (getdate(add_months(this_month, -1)), this_month):
				for manager in MANAGERS:
					self.insert_once(
						"KPI Plan",
						{"account_manager": manager, "month": month},
						{
							"company": self.company,
							"new_client_contracts": 4,
							"new_prospects": 10,
							"turnover": KPI_TURNOVER[manager],
						},
					)

	def make_offers(self):

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
			communication = frappe.get_doc(
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
			# the e-mail as Frappe's queue keeps one it sent (what the quota counts), delivered by no one
			frappe.get_doc(
				{
					"doctype": "Email Queue",
					"communication": communication.name,
					"status": "Sent",
					"sender": frappe.session.user,
					"message": communication.content,
					"reference_doctype": offer.doctype,
					"reference_name": offer.name,
					"recipients": [{"recipient": offer.contact_email, "status": "Sent"}],
				}
			).insert(ignore_permissions=True)
			self.created("Email Queue")
		offer.sent_on = when
		offer.set_status("Sent")

	def invoice_today(self, order: str):

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

		overdue = receivables.overdue_customers(self.company, self.today)
		return {self.cards[name] for name, customer in self.customers.items() if customer in overdue}
