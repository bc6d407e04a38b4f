"""OF7: a Delivery Note that completes a Sales Order delivered after its delivery date tells the
client's manager, who tells the client."""

import frappe
from frappe import _
from frappe.utils import getdate

from account_manager.permissions import party_owner
from account_manager.rules import fulfilment
from account_manager.utils import assign


def on_submit(doc, method=None):
	"""Delivery Note on_submit: ERPNext has updated the orders' delivered share by now."""
	if doc.is_return:
		return
	orders = sorted({row.against_sales_order for row in doc.items if row.against_sales_order})
	if not orders:
		return
	for order in frappe.get_all(
		"Sales Order",
		filters={"name": ("in", orders), "per_delivered": (">=", 100)},
		fields=["name", "customer", "customer_name", "delivery_date"],
	):
		late = fulfilment.days_late(
			getdate(order.delivery_date), getdate(doc.posting_date), getdate(doc.posting_date)
		)
		owner = party_owner("Customer", order.customer)
		if late and owner:
			assign(
				"Sales Order",
				order.name,
				[owner],
				_(
					"Late order {0} of {1} is delivered ({2} days late, Delivery Note {3}): tell the client."
				).format(order.name, order.customer_name, late, doc.name),
			)
