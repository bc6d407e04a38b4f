"""Orders delivered on time (OF7): a Sales Order of the portfolio past its delivery date and not
delivered in full shows on the client card, in the follow-up queue and on the workspace's number card;
the Delivery Note that completes it late tells the manager; report Order Fulfilment counts orders on
time and late per client with the average days late, from real Sales Orders and Delivery Notes."""

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate

from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note

from account_manager.account_manager.report.follow_up_queue.follow_up_queue import get_data as queue
from account_manager.account_manager.report.order_fulfilment.order_fulfilment import execute as fulfilment
from account_manager.desk import late_orders
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_customer,
	make_item,
	make_user,
	receive_stock,
	stores_warehouse,
)

pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: an assignment e-mails the assignee


def today(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


def make_order(customer: str, item: str, ordered: str, delivery: str, qty: float = 10):
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": customer,
			"company": default_company(),
			"transaction_date": ordered,
			"delivery_date": delivery,
			"items": [
				{
					"item_code": item,
					"qty": qty,
					"rate": 25,
					"delivery_date": delivery,
					"warehouse": stores_warehouse(),
				}
			],
		}
	)
	order.insert()
	order.submit()
	return order


def deliver(order: str, posting_date: str, qty: float | None = None):
	note = make_delivery_note(order)
	note.set_posting_time = 1
	note.posting_date = posting_date
	if qty is not None:
		note.items[0].qty = qty
	note.insert()
	note.submit()
	return note


@pytest.fixture
def world():
	a, b = make_user(), make_user()
	customer = make_customer(account_manager=a).name
	card = make_client_card(customer, "Customer", a)
	item = make_item().name
	receive_stock(item, 100)
	late = make_order(customer, item, today(-10), today(-3))
	on_time = make_order(customer, item, today(-2), today(5))
	return frappe._dict(a=a, b=b, customer=customer, card=card.name, item=item, late=late, on_time=on_time)


def card_orders(card: str) -> dict:
	doc = frappe.get_doc("Client Card", card)
	doc.run_method("onload")
	return doc.get_onload().orders


def test_a_late_order_is_on_the_card_the_queue_and_the_number_card_of_its_manager_only(world):
	deliver(world.late.name, today(), qty=4)  # partly delivered: still late

	late = card_orders(world.card)["late"]
	assert [(o["name"], o["days_late"]) for o in late] == [(world.late.name, 3)]

	frappe.set_user(world.a)
	rows = [r for r in queue(frappe._dict()) if r["document_type"] == "Sales Order"]
	assert [(r["document"], r["client_card"]) for r in rows] == [(world.late.name, world.card)]
	assert "tell the client" in rows[0]["reason"]
	assert late_orders()["value"] == 1

	frappe.set_user(world.b)
	assert not [r for r in queue(frappe._dict()) if r["document_type"] == "Sales Order"]
	assert late_orders()["value"] == 0
	with pytest.raises(frappe.PermissionError):
		late_orders({"account_manager": world.a})


def test_the_delivery_note_that_completes_a_late_order_tells_the_manager(world):
	deliver(world.on_time.name, today())  # on time: nobody is told
	assert not frappe.db.exists("ToDo", {"reference_name": world.on_time.name, "allocated_to": world.a})

	deliver(world.late.name, today())
	todo = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Sales Order", "reference_name": world.late.name, "allocated_to": world.a},
		pluck="description",
	)
	assert len(todo) == 1 and "3 days late" in todo[0]
	assert card_orders(world.card)["late"] == []


def test_order_fulfilment_counts_on_time_and_late_per_client(world):
	deliver(world.on_time.name, today())
	deliver(world.late.name, today())
	other = make_customer(account_manager=world.b).name
	make_client_card(other, "Customer", world.b)
	make_order(other, world.item, today(-9), today(-1))  # B's client, still late

	frappe.set_user(world.a)
	filters = {"from_date": today(-30), "to_date": today(10)}
	_, rows, *_ = fulfilment(filters)
	assert [r["customer"] for r in rows] == [world.customer]  # never B's client
	row = rows[0]
	assert (row["orders"], row["on_time"], row["late"], row["open_late"]) == (2, 1, 1, 0)
	assert row["average_days_late"] == 3.0 and row["on_time_percent"] == 50.0
	with pytest.raises(frappe.PermissionError):
		fulfilment({**filters, "account_manager": world.b})

	frappe.set_user("Administrator")
	record = card_orders(world.card)["record"]
	assert (record["on_time"], record["late"]) == (1, 1)
	assert getdate(world.late.delivery_date) < getdate(nowdate())
