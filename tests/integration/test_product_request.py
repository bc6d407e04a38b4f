"""New product cards (CB16): a manager files a Product Request from the client card or the offer; the
Item Managers get it assigned; approved, it becomes an ERPNext Item, disabled until priced, linked back,
and the manager is told; its status shows on the card. A request without a description, or for another
manager's client, is refused with a clear message and writes nothing."""

import pytest

import frappe
from frappe.utils import add_days, nowdate

from account_manager.account_manager.doctype.product_request.product_request import (
	MissingDescriptionError,
)
from account_manager.tests.rest import RestClient
from account_manager.tests.utils import make_client_card, make_customer, make_user, service_item

pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: an assignment e-mails the assignee


@pytest.fixture
def world():
	a, b = make_user(), make_user()
	item_manager = make_user(roles=("Item Manager",))
	card = make_client_card(make_customer(account_manager=a).name, "Customer", a)
	item = service_item()
	frappe.set_user(a)
	offer = frappe.get_doc(
		{
			"doctype": "Commercial Offer",
			"client_card": card.name,
			"channel": "Phone",
			"valid_till": add_days(nowdate(), 14),
			"items": [{"item_code": item, "qty": 1, "rate": 100}],
		}
	).insert()
	frappe.set_user("Administrator")
	return frappe._dict(a=a, b=b, item_manager=item_manager, card=card.name, offer=offer.name)


def file_request(world, **fields):
	return frappe.get_doc(
		{
			"doctype": "Product Request",
			"commercial_offer": world.offer,
			"description": "Frost-proof tile adhesive C2TE, 25 kg bags",
			"expected_volume": 400,
			"target_price": 38.5,
			**fields,
		}
	).insert()


def test_a_request_from_the_offer_is_the_clients_and_goes_to_the_item_managers(world):
	frappe.set_user(world.a)
	request = file_request(world)
	assert (request.client_card, request.account_manager, request.status) == (world.card, world.a, "Open")
	frappe.set_user("Administrator")
	assert frappe.db.exists(
		"ToDo",
		{
			"reference_type": "Product Request",
			"reference_name": request.name,
			"allocated_to": world.item_manager,
		},
	)


def test_approved_it_becomes_a_disabled_item_linked_back_and_priced_it_is_enabled(world):
	frappe.set_user(world.a)
	request = file_request(world)

	rest = RestClient(world.a)  # the manager decides nothing
	reply = rest.call("run_doc_method", dt="Product Request", dn=request.name, method="approve", args={})
	assert reply.status == 403
	reply = rest.write("Product Request", request.name, {"status": "Approved"})
	assert reply.status == 403 and frappe.db.get_value("Product Request", request.name, "status") == "Open"

	frappe.set_user(world.item_manager)
	request = frappe.get_doc("Product Request", request.name)
	item_group = frappe.db.get_value("Item Group", {"is_group": 0})
	item_code = request.approve(item_group=item_group)
	frappe.set_user("Administrator")
	item = frappe.get_doc("Item", item_code)
	assert item.disabled == 1 and item.description.startswith("Frost-proof")
	assert frappe.db.get_value("Product Request", request.name, ["status", "item"]) == ("Approved", item_code)
	assert frappe.db.exists("Notification Log", {"for_user": world.a, "document_name": request.name})
	assert frappe.db.exists("Version", {"ref_doctype": "Product Request", "docname": request.name})

	card = frappe.get_doc("Client Card", world.card)
	card.run_method("onload")
	assert [(r.name, r.status, r.item) for r in card.get_onload().product_requests] == [
		(request.name, "Approved", item_code)
	]

	frappe.get_doc(
		{
			"doctype": "Item Price",
			"item_code": item_code,
			"price_list": "Standard Selling",
			"price_list_rate": 45,
		}
	).insert()
	assert frappe.db.get_value("Item", item_code, "disabled") == 0


def test_a_request_without_a_description_is_refused_and_nothing_is_written(world):
	frappe.set_user(world.a)
	before = frappe.db.count("Product Request")
	with pytest.raises(MissingDescriptionError, match="needs a description"):
		file_request(world, description="   ")
	reply = RestClient(world.a).create("Product Request", {"client_card": world.card, "expected_volume": 5})
	# what the caller reads: the message dialog's text, or (seen once in a long run, where the request's
	# message log came back empty) the exception of the 417 reply
	assert reply.status == 417
	assert "needs a description" in reply.text + str(reply.body.get("exception", ""))
	assert frappe.db.count("Product Request") == before


def test_a_request_for_another_managers_client_is_refused_over_rest(world):
	before = frappe.db.count("Product Request")
	rest = RestClient(world.b)
	reply = rest.create("Product Request", {"client_card": world.card, "description": "Grout, grey"})
	assert reply.status == 403
	reply = rest.create("Product Request", {"commercial_offer": world.offer, "description": "Grout, grey"})
	assert reply.status == 403
	assert frappe.db.count("Product Request") == before

	frappe.set_user(world.a)
	request = file_request(world)
	assert rest.read("Product Request", request.name).status == 403
	assert rest.list("Product Request").data == []
