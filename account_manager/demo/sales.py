"""The demo's sales: orders, invoices and payments over the last two months, some overdue."""

from datetime import date

import frappe
from frappe.utils import add_days

from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice

from account_manager.demo.data import ORDER_AWAITING_APPROVAL, SALES
from account_manager.demo.utils import acting_as
from account_manager.erp import pricing


class Sales:
	"""Part of :class:`account_manager.demo.Demo`."""

	def make_sales(self):
		"""Orders, then invoices delivering from stock, then payments, each in date order (so the stock
		ledger is never back-dated and no order meets a debt made later)."""

		orders = []
		for customer_name, key, days_ago, lines, payment in sorted(SALES, key=lambda s: -s[2]):
			customer = self.customers[customer_name]
			order = frappe.db.get_value("Sales Order", {"customer": customer, "po_no": key, "docstatus": 1})
			if not order:
				order = self.make_order(customer, key, self.day(-days_ago), lines, submit=True)
			orders.append((order, customer, key, days_ago, payment))

		invoices = []
		for order, customer, key, days_ago, payment in orders:
			invoice = frappe.db.get_value(
				"Sales Invoice", {"customer": customer, "po_no": key, "docstatus": 1}
			)
			if not invoice:
				doc = make_sales_invoice(order)
				doc.update(
					{
						"set_posting_time": 1,
						"posting_date": self.day(-days_ago),
						"update_stock": 1,
						"due_date": None,
					}
				)
				doc.set("payment_schedule", [])  # ERPNext schedules it from the terms and the invoice date
				for row in doc.items:
					row.warehouse = row.warehouse or self.warehouse
				doc.insert()
				doc.submit()
				invoice = doc.name
				self.created("Sales Invoice")
			invoices.append((invoice, key, payment))

		for invoice, key, payment in sorted((i for i in invoices if i[2]), key=lambda i: -i[2][1]):
			amount = None if payment[0] == "paid" else payment[2]
			self.pay(invoice, f"PRZELEW/{key}", self.day(-payment[1]), amount)

		customer_name, key, lines = ORDER_AWAITING_APPROVAL
		customer = self.customers[customer_name]
		if not frappe.db.get_value(
			"Sales Order", {"customer": customer, "po_no": key, "docstatus": ("<", 2)}
		):
			with acting_as(frappe.db.get_value("Customer", customer, "account_manager")):
				self.make_order(customer, key, self.today, lines, submit=False)

	def make_order(self, customer: str, key: str, when: date, lines, submit: bool) -> str:
		order = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"customer": customer,
				"company": self.company,
				"transaction_date": when,
				"delivery_date": add_days(when, 2),
				"po_no": key,
				"po_date": when,
				"set_warehouse": self.warehouse,
				"items": [
					{
						"item_code": code,
						"qty": qty,
						"delivery_date": add_days(when, 2),
						"warehouse": self.warehouse,
					}
					for code, qty in lines
				],
			}
		)
		# the client's prices from ERPNext's pricing, as the desk fetches them
		header, prices = pricing.quote_lines(
			"Customer",
			customer,
			self.company,
			when,
			pricing.client_price_list("Customer", customer),
			[{"item_code": code, "qty": qty} for code, qty in lines],
		)
		order.selling_price_list = header.price_list
		for row, price in zip(order.items, prices, strict=True):
			row.update(price)
		order.insert()
		if submit:
			order.submit()
		self.created("Sales Order")
		return order.name

	def pay(self, invoice: str, reference: str, when: date, amount: float | None):

		if frappe.db.exists("Payment Entry", {"reference_no": reference, "docstatus": 1}):
			return
		if amount is None:
			amount = frappe.db.get_value("Sales Invoice", invoice, "outstanding_amount")
		payment = get_payment_entry("Sales Invoice", invoice, party_amount=amount)
		payment.update({"posting_date": when, "reference_no": reference, "reference_date": when})
		payment.insert()
		payment.submit()
		self.created("Payment Entry")
