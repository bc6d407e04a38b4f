"""The demo's goods: items and alternatives, the wholesaler's stock and the purchase order for goods
that are out."""

from datetime import date

import frappe
from frappe.utils import flt

from account_manager.demo.data import (
	ALTERNATIVES,
	ITEM_GROUP,
	ITEMS,
	KEY_ACCOUNT_PRICE_LIST,
	PURCHASE_ORDERS,
	STOCK_RECEIPT_KEY,
)
from account_manager.demo.utils import standard_selling


class Stock:
	"""Part of :class:`account_manager.demo.Demo`."""

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
				self.insert_once(
					"Item Price",
					{"item_code": code, "price_list": price_list},
					{"price_list_rate": rate, "valid_from": date(self.day(-120).year, 1, 1)},
				)
		for item, alternative, two_way in ALTERNATIVES:
			self.insert_once(
				"Item Alternative",
				{"item_code": item, "alternative_item_code": alternative},
				{"two_way": two_way},
			)

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
