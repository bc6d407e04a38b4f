"""Factories for integration tests: real ERPNext records made through ERPNext's own APIs.

Names carry a random suffix, so a record never collides with one a rolled-back test left in a cache.
"""

import frappe
from frappe.utils import random_string

from erpnext.stock.doctype.stock_entry.stock_entry_utils import make_stock_entry


def default_company() -> str:
	"""The company the harness's setup wizard made (Poland, PLN)."""
	return (
		frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.get_all("Company", pluck="name", limit=1)[0]
	)


def stores_warehouse(company: str | None = None) -> str:
	company = company or default_company()
	abbr = frappe.get_cached_value("Company", company, "abbr")
	return f"Stores - {abbr}"


def make_customer(customer_name: str | None = None, **fields) -> "frappe.Document":
	doc = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": customer_name or f"_Test Client {random_string(6)}",
			"customer_type": "Company",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name"),
			**fields,
		}
	)
	return doc.insert()


def make_item(item_code: str | None = None, is_stock_item: int = 1, **fields) -> "frappe.Document":
	doc = frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": item_code or f"_Test AM Item {random_string(6)}",
			"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
			"stock_uom": "Nos",
			"is_stock_item": is_stock_item,
			"valuation_rate": 10,
			**fields,
		}
	)
	return doc.insert()


def receive_stock(item_code: str, qty: float, warehouse: str | None = None, rate: float = 10):
	"""A submitted Material Receipt of `qty` into `warehouse` (default: Stores of the test company)."""
	return make_stock_entry(
		item_code=item_code,
		qty=qty,
		to_warehouse=warehouse or stores_warehouse(),
		company=default_company(),
		rate=rate,
		purpose="Material Receipt",
	)
