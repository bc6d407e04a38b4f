"""The out-of-stock rule on offers with real ERPNext stock: line verdicts, alternatives and expected
arrivals (OS1-OS3), bad lines, the goods request and back-in-stock reminders (OS4-OS6)."""

import json

import pytest

import frappe
from frappe.utils import getdate

from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt
from erpnext.utilities.transaction_base import UOMMustBeIntegerError

from account_manager.erp.stock import InvalidOfferLineError, check_availability, serving_warehouses
from account_manager.tests.offers import (
	alternative_pair,
	day,
	line_of,
	make_offer,
	second_company,
	template_with_variants,
)
from account_manager.tests.utils import (
	default_company,
	make_customer,
	make_item,
	make_purchase_order,
	make_user,
	receive_stock,
	stores_warehouse,
)

pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: assignments e-mail the assignee


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
