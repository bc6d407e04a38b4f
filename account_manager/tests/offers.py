"""Offers, items and clients that the Commercial Offer tests make on a real site."""

import pytest

import frappe
from frappe.utils import add_days, nowdate

from erpnext.controllers.item_variant import create_variant

from account_manager.tests.utils import (
	make_client_card,
	make_customer,
	make_item,
	make_user,
)


def day(offset: int) -> str:
	return add_days(nowdate(), offset)


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
