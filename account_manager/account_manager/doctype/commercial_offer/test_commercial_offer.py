"""Commercial Offer and the out-of-stock rule on a real ERPNext site (OF1, OF3, OS1-OS6)."""

import json

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate

from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt
from erpnext.utilities.transaction_base import UOMMustBeIntegerError

from account_manager.account_manager.doctype.commercial_offer.commercial_offer import (
	NoRecipientError,
	OfferStatusError,
	expire_offers,
	make_quotation,
	make_sales_order,
)
from account_manager.erp.stock import InvalidOfferLineError, check_availability, serving_warehouses
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
	stores_warehouse,
)


def day(offset: int) -> str:
	return add_days(nowdate(), offset)


pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: assignments e-mail the assignee


@pytest.fixture
def manager():
	return make_user()


@pytest.fixture
def card(manager):
	return make_client_card(make_customer().name, "Customer", manager)


def make_offer(card, items=(), **fields):
	return frappe.get_doc(
		{
			"doctype": "Commercial Offer",
			"client_card": card.name,
			"channel": fields.pop("channel", "E-mail"),
			"items": [{"item_code": code, "qty": qty} for code, qty in items],
			**fields,
		}
	).insert()


def line_of(offer, item_code):
	return next(d for d in offer.items if d.item_code == item_code)


def alternative_pair(**item_fields):
	"""Two items that stand in for each other (ERPNext Item Alternative, two-way)."""
	asked = make_item(allow_alternative_item=1, **item_fields).name
	analogue = make_item(allow_alternative_item=1, **item_fields).name
	frappe.get_doc(
		{"doctype": "Item Alternative", "item_code": analogue, "alternative_item_code": asked, "two_way": 1}
	).insert()
	return asked, analogue


def template_with_variants(sizes=("S", "M", "L")):
	from erpnext.controllers.item_variant import create_variant

	attribute = frappe.get_doc(
		{
			"doctype": "Item Attribute",
			"attribute_name": f"AM Size {frappe.generate_hash(length=4)}",
			"item_attribute_values": [{"attribute_value": v, "abbr": v} for v in sizes],
		}
	).insert()
	template = make_item(has_variants=1, attributes=[{"attribute": attribute.name}]).name
	variants = {}
	for size in sizes:
		variant = create_variant(template, {attribute.name: size})
		variant.insert()
		variants[size] = variant.name
	return template, variants


def second_company():
	name = f"_Test AM Other {frappe.generate_hash(length=4)}"
	frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": name,
			"abbr": frappe.generate_hash(length=4).upper(),
			"default_currency": "PLN",
			"country": "Poland",
			"create_chart_of_accounts_based_on": "Standard Template",
			"chart_of_accounts": "Standard",
		}
	).insert()
	return name


# -- OS1-OS3: the line verdicts -----------------------------------------------------------------------


class TestAvailability:
	def test_item_in_stock_is_in_stock(self, card):
		item = make_item().name
		receive_stock(item, 40)
		offer = make_offer(card, [(item, 25)])
		line = offer.items[0]
		assert (line.verdict, line.available_qty, line.expected_date) == ("In Stock", 40, None)

	def test_reserved_stock_is_not_available(self, card):
		"""A submitted Sales Order reserves stock in the Bin: the offer counts only what is left."""
		item = make_item().name
		receive_stock(item, 10)
		order = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"customer": make_customer().name,
				"company": default_company(),
				"delivery_date": day(5),
				"items": [{"item_code": item, "qty": 7, "rate": 10, "warehouse": stores_warehouse()}],
			}
		).insert()
		order.submit()
		line = make_offer(card, [(item, 5)]).items[0]
		assert (line.verdict, line.available_qty, line.shortfall_qty) == ("Partly", 3, 2)

	def test_only_warehouses_serving_clients_count(self, card):
		item = make_item().name
		receive_stock(item, 10)  # Stores
		receive_stock(
			item,
			30,
			warehouse=f"Finished Goods - {frappe.get_cached_value('Company', default_company(), 'abbr')}",
		)
		assert make_offer(card, [(item, 40)]).items[0].verdict == "In Stock"  # default: every warehouse

		settings = frappe.get_single("Account Manager Settings")
		settings.append("serving_warehouses", {"company": default_company(), "warehouse": stores_warehouse()})
		settings.save()
		assert serving_warehouses(default_company()) == [stores_warehouse()]
		line = make_offer(card, [(item, 40)]).items[0]
		assert (line.verdict, line.available_qty) == ("Partly", 10)

	def test_none_in_stock_but_an_open_purchase_order_gives_its_date(self, card):
		item = make_item(lead_time_days=30).name
		order = make_purchase_order(item, 100, day(12))
		make_purchase_order(item, 100, day(20))  # a later one does not count
		line = make_offer(card, [(item, 10)]).items[0]
		assert line.verdict == "Out of Stock"
		assert (getdate(line.expected_date), line.expected_source, line.expected_source_name) == (
			getdate(day(12)),
			"Purchase Order",
			order.name,
		)

	def test_a_received_or_closed_purchase_order_no_longer_counts(self, card):
		item = make_item(lead_time_days=9).name
		order = make_purchase_order(item, 5, day(3))
		receipt = make_purchase_receipt(order.name)
		receipt.insert()
		receipt.submit()
		line = make_offer(card, [(item, 50)]).items[0]
		assert line.verdict == "Partly"
		assert (getdate(line.expected_date), line.expected_source) == (getdate(day(9)), "Lead Time")

	def test_without_orders_the_lead_time_tells_the_date(self, card):
		item = make_item(lead_time_days=14).name
		line = make_offer(card, [(item, 1)]).items[0]
		assert (getdate(line.expected_date), line.expected_source) == (getdate(day(14)), "Lead Time")

	def test_an_open_material_request_comes_before_the_lead_time(self, card):
		item = make_item(lead_time_days=60).name
		request = frappe.get_doc(
			{
				"doctype": "Material Request",
				"material_request_type": "Purchase",
				"company": default_company(),
				"schedule_date": day(21),
				"items": [
					{"item_code": item, "qty": 10, "schedule_date": day(21), "warehouse": stores_warehouse()}
				],
			}
		).insert()
		request.submit()
		line = make_offer(card, [(item, 1)]).items[0]
		assert (getdate(line.expected_date), line.expected_source, line.expected_source_name) == (
			getdate(day(21)),
			"Material Request",
			request.name,
		)

	def test_none_in_stock_but_an_alternative_is_proposed_with_its_quantity(self, card):
		asked, analogue = alternative_pair()
		receive_stock(analogue, 60)
		line = make_offer(card, [(asked, 20)]).items[0]
		assert line.verdict == "Out of Stock"
		assert (line.alternative_item, line.alternative_available_qty) == (analogue, 60)

	def test_without_alternatives_other_variants_of_the_template_are_proposed(self, card):
		_template, variants = template_with_variants()
		receive_stock(variants["L"], 8)
		receive_stock(variants["S"], 3)
		line = make_offer(card, [(variants["M"], 5)]).items[0]
		assert (line.alternative_item, line.alternative_available_qty) == (variants["L"], 8)
		assert line.alternatives.splitlines() == [f"{variants['L']}: 8.0", f"{variants['S']}: 3.0"]

	def test_a_service_is_not_a_stock_item(self, card):
		item = make_item(is_stock_item=0).name
		line = make_offer(card, [(item, 3)]).items[0]
		assert (line.verdict, line.expected_date) == ("Not a Stock Item", None)

	def test_use_alternative_puts_it_on_the_line(self, card):
		asked, analogue = alternative_pair()
		receive_stock(analogue, 60)
		offer = make_offer(card, [(asked, 20)])
		offer.use_alternative(offer.items[0].name)
		offer.reload()
		line = offer.items[0]
		assert (line.item_code, line.replaced_item, line.verdict, line.qty) == (
			analogue,
			asked,
			"In Stock",
			20,
		)

	def test_the_check_costs_the_same_queries_for_one_line_and_for_thirty(self):
		items = [make_item().name for _ in range(30)]
		for item in items[::2]:
			receive_stock(item, 1)
		company = default_company()
		check_availability([{"item_code": items[1], "qty": 5}], company)  # warm the caches

		def queries(lines):
			count = {"n": 0}
			original = frappe.db.sql

			def counting(*args, **kwargs):
				count["n"] += 1
				return original(*args, **kwargs)

			frappe.db.sql = counting
			try:
				check_availability(lines, company)
			finally:
				frappe.db.sql = original
			return count["n"]

		one = queries([{"item_code": items[1], "qty": 5}])
		thirty = queries([{"item_code": item, "qty": 5} for item in items])
		assert one == thirty
		assert thirty <= 10


# -- bad input ------------------------------------------------------------------------------------


class TestBadInput:
	def test_unknown_disabled_or_template_item_is_refused_and_nothing_written(self, card):
		disabled = make_item(disabled=1).name
		template, _variants = template_with_variants()
		before = frappe.db.count("Commercial Offer")
		with pytest.raises(InvalidOfferLineError, match="does not exist"):
			make_offer(card, [("No Such Item 404", 1)])
		with pytest.raises(InvalidOfferLineError, match="disabled"):
			make_offer(card, [(disabled, 1)])
		with pytest.raises(InvalidOfferLineError, match="template"):
			make_offer(card, [(template, 1)])
		assert frappe.db.count("Commercial Offer") == before

	@pytest.mark.parametrize("qty", [0, -5])
	def test_zero_or_negative_quantity_is_refused(self, card, qty):
		item = make_item().name
		before = frappe.db.count("Commercial Offer")
		with pytest.raises(InvalidOfferLineError, match="greater than zero"):
			make_offer(card, [(item, qty)])
		assert frappe.db.count("Commercial Offer") == before

	def test_a_warehouse_of_another_company_is_refused(self, card):
		other = second_company()
		foreign = frappe.db.get_value("Warehouse", {"company": other, "is_group": 0})
		item = make_item().name
		before = frappe.db.count("Commercial Offer")
		with pytest.raises(InvalidOfferLineError, match="belongs to company"):
			frappe.get_doc(
				{
					"doctype": "Commercial Offer",
					"client_card": card.name,
					"items": [{"item_code": item, "qty": 1, "warehouse": foreign}],
				}
			).insert()
		assert frappe.db.count("Commercial Offer") == before

		settings = frappe.get_single("Account Manager Settings")
		settings.append("serving_warehouses", {"company": default_company(), "warehouse": foreign})
		with pytest.raises(frappe.ValidationError, match="belongs to company"):
			settings.save()
		assert not frappe.get_all("Serving Warehouse", filters={"warehouse": foreign})

	def test_check_availability_refuses_bad_lines(self):
		from account_manager.api import check_availability as api_check

		with pytest.raises(InvalidOfferLineError, match="greater than zero"):
			api_check(json.dumps([{"item_code": make_item().name, "qty": "0"}]))
		with pytest.raises(frappe.ValidationError, match="as a list"):
			api_check("{}")


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

	def test_daily_job_expires_open_offers_past_valid_till_once(self, card):
		past = make_offer(card, channel="Phone", transaction_date=day(-20), valid_till=day(-1))
		past.send()
		current = make_offer(card, channel="Phone", valid_till=day(5))
		accepted = make_offer(card, channel="Phone", transaction_date=day(-20), valid_till=day(-2))
		accepted.send()
		accepted.set_status("Accepted")

		expire_offers()
		expire_offers()

		status = lambda o: frappe.db.get_value("Commercial Offer", o.name, "status")  # noqa: E731
		assert (status(past), status(current), status(accepted)) == ("Expired", "Draft", "Accepted")


# -- OS4, OS5, OS6 ---------------------------------------------------------------------------------


class TestGoodsRequestAndArrival:
	def test_goods_request_makes_exactly_one_material_request(self, card):
		logistics = make_user(roles=("Logistics Manager",))
		short, plenty = make_item().name, make_item().name
		receive_stock(short, 4)
		receive_stock(plenty, 100)
		offer = make_offer(card, [(short, 10), (plenty, 10)])

		first = offer.request_goods()
		second = offer.request_goods()

		assert first == second
		requests = frappe.get_all(
			"Material Request", filters={"commercial_offer": offer.name, "docstatus": 1}
		)
		assert len(requests) == 1
		request = frappe.get_doc("Material Request", first)
		assert (request.material_request_type, request.customer) == ("Purchase", card.party)
		assert [(d.item_code, d.qty) for d in request.items] == [(short, 6)]
		offer.reload()
		assert (line_of(offer, short).material_request, line_of(offer, plenty).material_request) == (
			first,
			None,
		)
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Material Request", "reference_name": first},
			fields=["allocated_to", "description"],
		)
		assert [t.allocated_to for t in todo] == [logistics]
		assert card.party_name in todo[0].description and offer.name in todo[0].description

	def test_the_goods_request_becomes_the_lines_expected_source(self, card):
		make_user(roles=("Logistics Manager",))
		item = make_item(lead_time_days=40).name
		offer = make_offer(card, [(item, 3)])
		request = offer.request_goods()
		offer.save()
		assert (offer.items[0].expected_source, offer.items[0].expected_source_name) == (
			"Material Request",
			request,
		)

	def test_a_failed_material_request_leaves_the_offer_as_it_was(self, card):
		"""ERPNext refuses a request for 2.5 of a unit that must be whole: nothing is written."""
		make_user(roles=("Logistics Manager",))
		uom = frappe.get_doc(
			{
				"doctype": "UOM",
				"uom_name": f"AM Box {frappe.generate_hash(length=4)}",
				"must_be_whole_number": 1,
			}
		).insert()
		item = make_item(stock_uom=uom.name).name
		offer = make_offer(card, [(item, 2.5)])
		modified = offer.modified

		with pytest.raises(UOMMustBeIntegerError):
			offer.request_goods()

		assert not frappe.get_all("Material Request", filters={"commercial_offer": offer.name})
		saved = frappe.get_doc("Commercial Offer", offer.name)
		assert (str(saved.modified), saved.items[0].material_request) == (str(modified), None)
		assert not frappe.db.exists(
			"ToDo", {"reference_type": "Material Request", "description": ("like", f"%{offer.name}%")}
		)

	def test_sending_with_the_goods_request_option_raises_it(self, card):
		make_user(roles=("Logistics Manager",))
		offer = make_offer(card, [(make_item().name, 3)], channel="Phone")
		offer.send(request_goods=1)
		offer.reload()
		assert offer.status == "Sent" and offer.items[0].material_request

	def test_production_consultation_assigns_the_offer_to_the_production_role(self, card):
		engineer = make_user(roles=("Manufacturing User",))
		offer = make_offer(card, [(make_item().name, 3)])
		users = offer.ask_production("Czy możemy zrobić wersję 3 m zamiast 2 m?")
		assert engineer in users
		todo = frappe.get_all(
			"ToDo",
			filters={
				"reference_type": "Commercial Offer",
				"reference_name": offer.name,
				"allocated_to": engineer,
			},
			pluck="description",
		)
		assert todo == ["Czy możemy zrobić wersję 3 m zamiast 2 m?"]

	def test_receipt_of_the_goods_gives_the_owner_a_todo(self, card, manager):
		item = make_item().name
		order = make_purchase_order(item, 50, day(7))
		offer = make_offer(card, [(item, 20)])
		untouched = make_offer(card, [(make_item().name, 1)])
		assert offer.items[0].verdict == "Out of Stock"

		receipt = make_purchase_receipt(order.name)
		receipt.insert()
		receipt.submit()

		todos = frappe.get_all(
			"ToDo",
			filters={
				"reference_type": "Commercial Offer",
				"reference_name": offer.name,
				"allocated_to": manager,
			},
			pluck="description",
		)
		assert len(todos) == 1
		assert card.party_name in todos[0] and offer.name in todos[0] and receipt.name in todos[0]
		assert frappe.db.get_value("Commercial Offer Item", offer.items[0].name, "verdict") == "In Stock"
		assert not frappe.db.exists("ToDo", {"reference_name": untouched.name})

	def test_a_stock_entry_that_still_does_not_cover_the_quantity_gives_no_todo(self, card, manager):
		item = make_item().name
		offer = make_offer(card, [(item, 20)])
		receive_stock(item, 5)
		assert not frappe.db.exists("ToDo", {"reference_name": offer.name, "allocated_to": manager})
		receive_stock(item, 15)
		assert frappe.db.exists("ToDo", {"reference_name": offer.name, "allocated_to": manager})


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
