"""Sales figures of managers' portfolios from ERPNext: turnover, new clients' first orders, and per
client turnover and gross margin.

A customer belongs to the manager in its `account_manager` field (kept equal to its Client Card's
owner). Every function answers for many managers in one grouped query.
"""

from datetime import date

from pypika.terms import ExistsCriterion

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Count, Date, Max, Min, Sum
from frappe.utils import flt


def turnover(managers: list[str], periods: dict[str, tuple[date, date]], company: str | None = None) -> dict:
	"""Net turnover (submitted Sales Invoices less returns, company currency, before tax) per manager
	for each named period: {manager: {period: amount}}, in one query."""
	result = {m: dict.fromkeys(periods, 0.0) for m in managers}
	if not managers or not periods:
		return result
	invoice = frappe.qb.DocType("Sales Invoice")
	customer = frappe.qb.DocType("Customer")
	earliest = min(start for start, _end in periods.values())
	latest = max(end for _start, end in periods.values())
	query = (
		frappe.qb.from_(invoice)
		.join(customer)
		.on(customer.name == invoice.customer)
		.select(customer.account_manager)
		.where(
			(invoice.docstatus == 1)
			& customer.account_manager.isin(managers)
			& invoice.posting_date.between(earliest, latest)
		)
		.groupby(customer.account_manager)
	)
	if company:
		query = query.where(invoice.company == company)
	for key, (start, end) in periods.items():
		in_period = invoice.posting_date.between(start, end)
		query = query.select(Sum(Case().when(in_period, invoice.base_net_total).else_(0)).as_(key))
	for row in query.run(as_dict=True):
		result[row.account_manager] = {key: flt(row[key], 2) for key in periods}
	return result


def new_client_contracts(
	managers: list[str], start: date, end: date, company: str | None = None
) -> dict[str, int]:
	"""Per manager, the new clients of the period (OF4, CT6): where the company uses contracts (Account
	Manager Settings), the customers whose first signed Contract falls between start and end and who had
	no submitted Sales Order before it; else the customers whose first submitted Sales Order does."""
	if frappe.db.get_single_value("Account Manager Settings", "contracts_in_use"):
		return new_clients_by_contract(managers, start, end, company)
	return new_clients_by_first_order(managers, start, end, company)


def new_clients_by_contract(
	managers: list[str], start: date, end: date, company: str | None = None
) -> dict[str, int]:
	result = dict.fromkeys(managers, 0)
	if not managers:
		return result
	contract = frappe.qb.DocType("Contract")
	order = frappe.qb.DocType("Sales Order")
	customer = frappe.qb.DocType("Customer")
	first_contracts = (
		frappe.qb.from_(contract)
		.select(contract.party_name.as_("customer"), Min(contract.signed_on).as_("first_signed"))
		.where((contract.docstatus == 1) & (contract.party_type == "Customer") & (contract.is_signed == 1))
		.groupby(contract.party_name)
	).as_("first_contracts")
	earlier_orders = (
		frappe.qb.from_(order)
		.select(order.name)
		.where(
			(order.docstatus == 1)
			& (order.customer == first_contracts.customer)
			& (order.transaction_date < Date(first_contracts.first_signed))
		)
	)
	if company:
		earlier_orders = earlier_orders.where(order.company == company)
	rows = (
		frappe.qb.from_(first_contracts)
		.join(customer)
		.on(customer.name == first_contracts.customer)
		.select(customer.account_manager, Count("*").as_("customers"))
		.where(
			customer.account_manager.isin(managers)
			& Date(first_contracts.first_signed).between(start, end)
			& ~ExistsCriterion(earlier_orders)
		)
		.groupby(customer.account_manager)
		.run(as_dict=True)
	)
	for row in rows:
		result[row.account_manager] = row.customers
	return result


def new_clients_by_first_order(
	managers: list[str], start: date, end: date, company: str | None = None
) -> dict[str, int]:
	result = dict.fromkeys(managers, 0)
	if not managers:
		return result
	order = frappe.qb.DocType("Sales Order")
	customer = frappe.qb.DocType("Customer")
	first_orders = (
		frappe.qb.from_(order)
		.select(order.customer, Min(order.transaction_date).as_("first_order"))
		.where(order.docstatus == 1)
		.groupby(order.customer)
	)
	if company:
		first_orders = first_orders.where(order.company == company)
	first_orders = first_orders.as_("first_orders")
	rows = (
		frappe.qb.from_(first_orders)
		.join(customer)
		.on(customer.name == first_orders.customer)
		.select(customer.account_manager, Count("*").as_("customers"))
		.where(customer.account_manager.isin(managers) & first_orders.first_order.between(start, end))
		.groupby(customer.account_manager)
		.run(as_dict=True)
	)
	for row in rows:
		result[row.account_manager] = row.customers
	return result


def turnover_and_margin(customers: list[str], start: date, end: date, company: str) -> dict[str, dict]:
	"""Per customer over the period: net turnover (submitted Sales Invoices less returns, company
	currency, before tax), the cost of the goods delivered to it (what the Stock Ledger took out of
	stock for its Delivery Notes and stock-updating Sales Invoices, less returns) and the gross margin
	between them (CB9). Two grouped queries whatever the number of customers."""
	result = {c: {"turnover": 0.0, "cost_of_goods": 0.0, "margin": 0.0} for c in customers}
	if not customers:
		return result
	invoice = frappe.qb.DocType("Sales Invoice")
	for customer, turnover in (
		frappe.qb.from_(invoice)
		.select(invoice.customer, Sum(invoice.base_net_total))
		.where(
			(invoice.docstatus == 1)
			& (invoice.company == company)
			& invoice.customer.isin(customers)
			& invoice.posting_date.between(start, end)
		)
		.groupby(invoice.customer)
		.run()
	):
		result[customer]["turnover"] = flt(turnover, 2)

	sle = frappe.qb.DocType("Stock Ledger Entry")
	note = frappe.qb.DocType("Delivery Note")
	bill = frappe.qb.DocType("Sales Invoice")
	customer = Coalesce(note.customer, bill.customer)
	for party, cost in (
		frappe.qb.from_(sle)
		.left_join(note)
		.on((sle.voucher_type == "Delivery Note") & (note.name == sle.voucher_no))
		.left_join(bill)
		.on((sle.voucher_type == "Sales Invoice") & (bill.name == sle.voucher_no))
		.select(customer, -Sum(sle.stock_value_difference))
		.where(
			(sle.is_cancelled == 0)
			& (sle.company == company)
			& sle.voucher_type.isin(["Delivery Note", "Sales Invoice"])
			& sle.posting_date.between(start, end)
			& customer.isin(customers)
		)
		.groupby(customer)
		.run()
	):
		result[party]["cost_of_goods"] = flt(cost, 2)
	for figures in result.values():
		figures["margin"] = flt(figures["turnover"] - figures["cost_of_goods"], 2)
	return result


# -- orders delivered on time (OF7) ------------------------------------------------------------------


def _orders_of_portfolio(customers: list[str] | None, owners: list[str] | None):
	"""Submitted Sales Orders that expect a delivery, with the client card of their customer; limited to
	the customers, or to the clients of the managers (None: no limit)."""
	order = frappe.qb.DocType("Sales Order")
	card = frappe.qb.DocType("Client Card")
	query = (
		frappe.qb.from_(order)
		.join(card)
		.on((card.party_type == "Customer") & (card.party == order.customer))
		.select(
			order.name,
			order.customer,
			order.customer_name,
			order.transaction_date,
			order.delivery_date,
			order.per_delivered,
			order.grand_total,
			order.currency,
			card.name.as_("client_card"),
			card.account_manager,
		)
		.where(
			(order.docstatus == 1)
			& (order.status != "Closed")
			& (order.skip_delivery_note == 0)
			& (order.delivery_status != "Not Applicable")
		)
	)
	if customers is not None:
		query = query.where(order.customer.isin(customers or [""]))
	if owners is not None:
		query = query.where(card.account_manager.isin(owners or [""]))
	return query, order


def late_orders(
	today: date, customers: list[str] | None = None, owners: list[str] | None = None
) -> list[frappe._dict]:
	"""Orders whose delivery date has passed and which are not delivered in full, oldest first."""
	query, order = _orders_of_portfolio(customers, owners)
	return (
		query.where((order.per_delivered < 100) & (order.delivery_date < today))
		.orderby(order.delivery_date)
		.run(as_dict=True)
	)


def fulfilment(
	start: date, end: date, customers: list[str] | None = None, owners: list[str] | None = None
) -> list[frappe._dict]:
	"""Orders promised for delivery between the dates, each with `delivered_on`: the posting date of the last
	Delivery Note (or stock-updating Sales Invoice) that delivered it, once the order is delivered in full
	(None while it is not)."""
	query, order = _orders_of_portfolio(customers, owners)
	orders = query.where(order.delivery_date.between(start, end)).run(as_dict=True)
	delivered = {o.name for o in orders if flt(o.per_delivered) >= 100}
	last_note = {}
	if delivered:
		note = frappe.qb.DocType("Delivery Note")
		line = frappe.qb.DocType("Delivery Note Item")
		last_note = dict(
			frappe.qb.from_(line)
			.join(note)
			.on(note.name == line.parent)
			.select(line.against_sales_order, Max(note.posting_date))
			.where(
				line.against_sales_order.isin(list(delivered)) & (note.docstatus == 1) & (note.is_return == 0)
			)
			.groupby(line.against_sales_order)
			.run()
		)
		# an order delivered by a stock-updating Sales Invoice (no Delivery Note) was delivered on its day
		bill = frappe.qb.DocType("Sales Invoice")
		bill_line = frappe.qb.DocType("Sales Invoice Item")
		for order_name, day in (
			frappe.qb.from_(bill_line)
			.join(bill)
			.on(bill.name == bill_line.parent)
			.select(bill_line.sales_order, Max(bill.posting_date))
			.where(
				bill_line.sales_order.isin(list(delivered))
				& (bill.docstatus == 1)
				& (bill.update_stock == 1)
				& (bill.is_return == 0)
			)
			.groupby(bill_line.sales_order)
			.run()
		):
			last_note[order_name] = max(filter(None, (last_note.get(order_name), day)))
	for o in orders:
		o.delivered_on = last_note.get(o.name) if o.name in delivered else None
	return orders
