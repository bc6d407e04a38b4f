"""Commercial Offer on a real ERPNext site: prices, status and sending (OF1), an accepted offer
becomes a Quotation or Sales Order (OF3), and the portfolio rule over REST."""

import json

import pytest

import frappe
from frappe.utils import getdate, nowdate

from account_manager.account_manager.doctype.commercial_offer.commercial_offer import (
	NoRecipientError,
	OfferStatusError,
	expire_offers,
	make_quotation,
	make_sales_order,
)
from account_manager.tests.offers import (
	alternative_pair,
	day,
	make_offer,
)
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_contact,
	make_customer,
	make_item,
	make_lead,
	make_purchase_order,
	make_user,
	receive_stock,
)

pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: assignments e-mail the assignee


# -- OF1: prices, status, sending ----------------------------------------------------------------


class TestPricesAndSending:
	def test_prices_come_from_the_clients_price_list_and_pricing_rules(self, manager):
		price_list = frappe.get_doc(
			{
				"doctype": "Price List",
				"price_list_name": f"AM Hurt {frappe.generate_hash(length=4)}",
				"selling": 1,
				"currency": "PLN",
			}
		).insert()
		customer = make_customer(default_price_list=price_list.name).name
		card = make_client_card(customer, "Customer", manager)
		item = make_item().name
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": item,
				"price_list": price_list.name,
				"price_list_rate": 100,
			}
		).insert()
		frappe.get_doc(
			{
				"doctype": "Pricing Rule",
				"title": f"AM 10% from 5 {item}",
				"apply_on": "Item Code",
				"items": [{"item_code": item}],
				"selling": 1,
				"rate_or_discount": "Discount Percentage",
				"discount_percentage": 10,
				"min_qty": 5,
				"company": default_company(),
			}
		).insert()
		offer = make_offer(card, [(item, 10), (item, 2)])
		assert offer.price_list == price_list.name
		assert [(d.price_list_rate, d.discount_percentage, d.rate) for d in offer.items] == [
			(100, 10, 90),
			(100, 0, 100),
		]
		assert offer.total == 1100

		offer.items[1].rate = 95  # negotiated by hand: stays
		offer.save()
		assert offer.items[1].rate == 95 and offer.total == 1090

	def test_a_general_proposal_needs_no_items(self, card):
		offer = make_offer(card, proposal="<p>Our new range for your shops</p>")
		assert offer.items == [] and offer.status == "Draft"

	def test_e_mail_offer_goes_out_from_a_template_with_the_pdf_on_the_timeline(self, card):
		contact = make_contact("Customer", card.party, first_name="Ewa", email_id="ewa.offer@example.com")
		template = frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"Offer {frappe.generate_hash(length=5)}",
				"subject": "Oferta {{ doc.name }} dla {{ party_name }}",
				"response": "Dzień dobry, w załączniku oferta na {{ doc.items|length }} pozycje.",
			}
		).insert()
		item = make_item().name
		offer = make_offer(card, [(item, 2)], contact_person=contact)
		assert offer.contact_email == "ewa.offer@example.com"

		offer.send(email_template=template.name)

		offer.reload()
		assert offer.status == "Sent" and offer.sent_on
		comm = frappe.get_last_doc(
			"Communication", filters={"reference_doctype": "Commercial Offer", "reference_name": offer.name}
		)
		assert comm.subject == f"Oferta {offer.name} dla {card.party_name}"
		assert "1 pozycje" in comm.content
		assert comm.recipients == "ewa.offer@example.com"
		queued = frappe.get_last_doc("Email Queue", filters={"communication": comm.name})
		attachments = json.loads(queued.attachments)
		assert attachments[0]["print_format_attachment"] == 1
		assert (attachments[0]["doctype"], attachments[0]["name"]) == ("Commercial Offer", offer.name)
		# what wkhtmltopdf turns into the PDF when the queue sends it
		html = frappe.get_print("Commercial Offer", offer.name, print_format=attachments[0]["print_format"])
		assert offer.name in html and item in html

	def test_e_mail_offer_without_a_recipient_is_refused_and_stays_draft(self, card):
		offer = make_offer(card, [(make_item().name, 1)])
		with pytest.raises(NoRecipientError):
			offer.send()
		assert frappe.db.get_value("Commercial Offer", offer.name, "status") == "Draft"

	def test_phone_offer_is_recorded_as_sent(self, card):
		offer = make_offer(card, [(make_item().name, 1)], channel="Phone")
		offer.send()
		assert frappe.db.get_value("Commercial Offer", offer.name, ["status", "channel"]) == ("Sent", "Phone")
		assert not frappe.db.exists("Communication", {"reference_name": offer.name})

	def test_status_moves_only_along_the_offer_flow(self, card):
		offer = make_offer(card, [(make_item().name, 1)], channel="Meeting")
		with pytest.raises(OfferStatusError):
			offer.set_status("Accepted")  # a draft was never put to the client
		offer.reload()
		offer.send()
		offer.set_status("Negotiation")
		offer.set_status("Accepted")
		assert frappe.db.get_value("Commercial Offer", offer.name, "status") == "Accepted"

	def test_daily_job_expires_open_offers_past_valid_till_once(self, worker, card):
		past = make_offer(card, channel="Phone", transaction_date=day(-20), valid_till=day(-1))
		past.send()
		current = make_offer(card, channel="Phone", valid_till=day(5))
		accepted = make_offer(card, channel="Phone", transaction_date=day(-20), valid_till=day(-2))
		accepted.send()
		accepted.set_status("Accepted")

		expire_offers()  # the daily job: its batches run on the real worker (conftest.py)
		worker.drain()
		expire_offers()
		worker.drain()

		status = lambda o: frappe.db.get_value("Commercial Offer", o.name, "status")  # noqa: E731
		assert (status(past), status(current), status(accepted)) == ("Expired", "Draft", "Accepted")


# -- OF3: accepted offer → Quotation / Sales Order --------------------------------------------------


class TestAcceptedOffer:
	@pytest.fixture
	def accepted(self, manager):
		terms = frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": f"AM 21 days {frappe.generate_hash(length=4)}",
				"terms": [
					{
						"invoice_portion": 100,
						"credit_days": 21,
						"due_date_based_on": "Day(s) after invoice date",
					}
				],
			}
		).insert()
		customer = make_customer(payment_terms=terms.name, default_price_list="Standard Selling").name
		card = make_client_card(
			customer, "Customer", manager, special_conditions="Free delivery over 5000 PLN"
		)
		item = make_item().name
		receive_stock(item, 10)
		offer = make_offer(card, [(item, 4)], channel="Meeting")
		offer.items[0].rate = 55
		offer.save()
		offer.send()
		offer.set_status("Accepted")
		return offer, terms.name

	def test_accepted_offer_becomes_a_quotation_with_the_clients_terms(self, accepted):
		offer, terms = accepted
		quotation = make_quotation(offer.name)
		quotation.insert()
		assert (quotation.quotation_to, quotation.party_name) == ("Customer", offer.party)
		assert (quotation.selling_price_list, quotation.payment_terms_template) == ("Standard Selling", terms)
		assert quotation.terms == "Free delivery over 5000 PLN"
		assert [(d.item_code, d.qty, d.rate) for d in quotation.items] == [(offer.items[0].item_code, 4, 55)]
		assert quotation.commercial_offer == offer.name

	def test_accepted_offer_becomes_a_sales_order(self, accepted):
		offer, terms = accepted
		order = make_sales_order(offer.name)
		order.insert()
		assert (order.customer, order.payment_terms_template, order.grand_total) == (offer.party, terms, 220)
		assert order.commercial_offer == offer.name

	def test_an_offer_not_accepted_makes_nothing(self, card):
		offer = make_offer(card, [(make_item().name, 1)])
		with pytest.raises(OfferStatusError):
			make_quotation(offer.name)

	def test_a_lead_gets_a_quotation_but_no_sales_order(self, manager):
		card = make_client_card(make_lead(), "Lead", manager)
		offer = make_offer(card, [(make_item().name, 1)], channel="Phone")
		offer.send()
		offer.set_status("Accepted")
		assert make_quotation(offer.name).quotation_to == "Lead"
		with pytest.raises(frappe.ValidationError, match="convert it to a customer"):
			make_sales_order(offer.name)


# -- portfolio and REST ----------------------------------------------------------------------------


class TestPortfolioAndRest:
	def test_a_manager_sees_only_offers_of_their_portfolio(self, card, manager):
		other = make_user()
		offer = make_offer(card)
		frappe.set_user(other)
		assert not frappe.has_permission("Commercial Offer", "read", doc=offer.name)
		assert offer.name not in frappe.get_list("Commercial Offer", pluck="name")
		with pytest.raises(frappe.PermissionError):
			make_offer(card)
		frappe.set_user(manager)
		assert offer.name in frappe.get_list("Commercial Offer", pluck="name")
		assert make_offer(card).account_manager == manager

	def test_a_manager_raises_the_goods_request_and_asks_production_without_stock_rights(self, card, manager):
		"""Account managers hold no Stock or Manufacturing role: the offer's actions still work for them."""
		logistics = make_user(roles=("Logistics Manager",))
		engineer = make_user(roles=("Manufacturing User",))
		item = make_item().name
		frappe.set_user(manager)
		offer = make_offer(card, [(item, 5)])
		request = offer.request_goods()
		offer.ask_production("Czy da się szybciej?")
		frappe.set_user("Administrator")
		assert frappe.db.get_value("Material Request", request, "docstatus") == 1
		assert frappe.db.exists("ToDo", {"reference_name": request, "allocated_to": logistics})
		assert frappe.db.exists("ToDo", {"reference_name": offer.name, "allocated_to": engineer})

	def test_check_availability_over_rest_returns_the_contract(self, manager):
		from werkzeug.test import EnvironBuilder

		from frappe.api.v1 import handle_rpc_call

		in_stock, asked, analogue, ordered = make_item().name, *alternative_pair(), make_item().name
		receive_stock(in_stock, 12)
		receive_stock(analogue, 30)
		order = make_purchase_order(ordered, 100, day(10))
		customer = make_customer().name
		make_client_card(customer, "Customer", manager)

		frappe.set_user(manager)
		frappe.local.request = EnvironBuilder(method="GET").get_request()
		frappe.local.form_dict = frappe._dict(
			items=json.dumps(
				[
					{"item_code": in_stock, "qty": 5},
					{"item_code": asked, "qty": 7},
					{"item_code": ordered, "qty": 1},
				]
			),
			customer=customer,
		)
		try:
			handle_rpc_call("account_manager.api.check_availability")
			body = json.loads(frappe.as_json({"message": frappe.response.pop("message")}))
		finally:
			del frappe.local.request

		assert body["message"] == [
			{
				"item_code": in_stock,
				"qty": 5.0,
				"available_qty": 12.0,
				"verdict": "In Stock",
				"expected_date": None,
				"expected_source": None,
				"alternatives": [],
			},
			{
				"item_code": asked,
				"qty": 7.0,
				"available_qty": 0.0,
				"verdict": "Out of Stock",
				"expected_date": body["message"][1]["expected_date"],
				"expected_source": "Lead Time",
				"alternatives": [{"item_code": analogue, "available_qty": 30.0}],
			},
			{
				"item_code": ordered,
				"qty": 1.0,
				"available_qty": 0.0,
				"verdict": "Out of Stock",
				"expected_date": str(getdate(day(10))),
				"expected_source": "Purchase Order",
				"alternatives": [],
			},
		]
		assert order.items[0].schedule_date
		assert body["message"][1]["expected_date"] == nowdate()

	def test_check_availability_refuses_a_customer_outside_the_portfolio(self, manager):
		from account_manager.api import check_availability as api_check

		customer = make_customer().name
		make_client_card(customer, "Customer", make_user())
		frappe.set_user(manager)
		with pytest.raises(frappe.PermissionError):
			api_check([{"item_code": make_item().name, "qty": 1}], customer=customer)
