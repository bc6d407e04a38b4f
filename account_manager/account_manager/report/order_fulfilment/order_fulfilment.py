# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Orders delivered on time (OF7): per client of the user's portfolios, the Sales Orders promised for
delivery in the period, how many were delivered on time and how many late, and the average days late,
from the orders' delivery dates and the posting dates of their Delivery Notes: the reliability of *our*
service."""

import frappe
from frappe import _
from frappe.utils import add_months, getdate, nowdate

from account_manager.account_manager.report.columns import column
from account_manager.erp import sales
from account_manager.permissions import check_manager_filter, visible_owners
from account_manager.rules import fulfilment


def execute(filters: dict | None = None):
	data = get_data(frappe._dict(filters or {}))
	return get_columns(), data, None, None, get_summary(data)


def get_columns() -> list[dict]:
	return [
		column(_("Client Card"), "client_card", "Link", 110, "Client Card"),
		column(_("Customer"), "customer", "Link", 150, "Customer"),
		column(_("Customer Name"), "customer_name", "Data", 180),
		column(_("Account Manager"), "account_manager", "Link", 160, "User"),
		column(_("Orders", context="Order Fulfilment"), "orders", "Int", 80),
		column(_("On Time"), "on_time", "Int", 80),
		column(_("Late"), "late", "Int", 80),
		column(_("Still Late"), "open_late", "Int", 90),
		column(_("Average Days Late"), "average_days_late", "Float", 130, total=False, precision=1),
		column(_("On Time %"), "on_time_percent", "Percent", 100),
	]


def get_data(filters) -> list[dict]:
	check_manager_filter(filters.get("account_manager"))  # filters narrow, never widen
	today = getdate(nowdate())
	end = getdate(filters.to_date or today)
	start = getdate(filters.from_date or add_months(end, -3))
	owners = [filters.account_manager] if filters.account_manager else visible_owners()
	by_customer: dict[str, list] = {}
	for order in sales.fulfilment(start, end, owners=owners):
		by_customer.setdefault(order.customer, []).append(order)
	rows = []
	for customer, orders in by_customer.items():
		record = fulfilment.record(
			[(getdate(o.delivery_date), getdate(o.delivered_on) if o.delivered_on else None) for o in orders],
			today,
		)
		first = orders[0]
		rows.append(
			{
				"client_card": first.client_card,
				"customer": customer,
				"customer_name": first.customer_name,
				"account_manager": first.account_manager,
				**vars(record),
			}
		)
	return sorted(rows, key=lambda r: (-r["late"], r["customer_name"] or ""))


def get_summary(data: list[dict]) -> list[dict]:
	orders = sum(r["orders"] for r in data)
	late = sum(r["late"] for r in data)
	on_time = sum(r["on_time"] for r in data)
	return [
		{"label": _("Orders", context="Order Fulfilment"), "value": orders, "datatype": "Int"},
		{"label": _("On Time"), "value": on_time, "datatype": "Int", "indicator": "Green"},
		{"label": _("Late"), "value": late, "datatype": "Int", "indicator": "Red" if late else "Green"},
	]
