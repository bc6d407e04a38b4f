"""Adoption on a company that already runs ERPNext (CB1, CB3, CB14, CB17, IF3): every client gets a card,
the Sales Head deals out the portfolios, client_status answers for every client one may see."""

import pytest

import frappe
from frappe.utils import add_days, nowdate, random_string

from account_manager.cards import create_missing_cards
from account_manager.tests.rest import RestClient
from account_manager.tests.utils import (
	default_company,
	make_customer,
	make_lead,
	make_sales_invoice,
	make_user,
)


def card_of(party: str, party_type: str = "Customer") -> dict | None:
	return frappe.db.get_value(
		"Client Card", {"party_type": party_type, "party": party}, ["name", "account_manager"], as_dict=True
	)


def sales_person_of(user: str) -> str:
	employee = frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": f"Seller {random_string(4)}",
			"gender": frappe.db.get_value("Gender", {}),
			"date_of_birth": "1990-01-01",
			"date_of_joining": "2020-01-01",
			"company": default_company(),
			"user_id": user,
		}
	).insert()
	return (
		frappe.get_doc(
			{
				"doctype": "Sales Person",
				"sales_person_name": f"SP {random_string(6)}",
				"employee": employee.name,
			}
		)
		.insert()
		.name
	)


@pytest.fixture
def existing_site():
	"""Customers and invoices as a company had them before installing the app: one with an account
	manager, one sold by a Sales Person who is an Account Manager, one nobody's; their cards removed."""
	a, seller = make_user(), make_user()
	owned = make_customer(account_manager=a).name
	team = make_customer(
		sales_team=[{"sales_person": sales_person_of(seller), "allocated_percentage": 100}]
	).name
	nobody = make_customer().name
	for customer, amount in ((owned, 1000), (team, 2000), (nobody, 3000)):
		make_sales_invoice(customer, amount, add_days(nowdate(), -40), add_days(nowdate(), -10))
	frappe.db.delete("Client Card", {"party": ("in", [owned, team, nobody])})  # the site before the app
	return frappe._dict(a=a, seller=seller, owned=owned, team=team, nobody=nobody)


def test_installing_gives_every_existing_customer_a_card_with_its_owner_and_status(existing_site):
	"""What install.after_install runs (its index is DDL, which would commit the test's transaction)."""
	s = existing_site
	assert create_missing_cards(publish=False) == {"Customer": 3}
	assert card_of(s.owned).account_manager == s.a
	assert card_of(s.team).account_manager == s.seller  # the first Sales Person's user
	assert card_of(s.nobody).account_manager is None  # the Sales Head's unassigned pool
	assert not frappe.get_all(
		"Customer",
		filters={"disabled": 0, "name": ("not in", frappe.get_all("Client Card", pluck="party"))},
		pluck="name",
	)
	head = RestClient(make_user(roles=("Sales Head", "Sales User")))
	for customer, outstanding in ((s.owned, 1000), (s.team, 2000), (s.nobody, 3000)):
		reply = head.call("account_manager.api.client_status", party_type="Customer", party=customer)
		assert reply.status == 200 and reply.data["outstanding"] == outstanding
		assert reply.data["overdue"] == outstanding and reply.data["blocked"]
	reply = RestClient(s.a).call("account_manager.api.client_status", party_type="Customer", party=s.owned)
	assert reply.status == 200 and reply.data["owner"] == s.a
	# idempotent: a second run (the Sales Head's button, the bench command) makes nothing
	assert create_missing_cards(publish=False) == {"Customer": 0}


def test_client_status_answers_for_a_visible_party_without_a_card(existing_site):
	s = existing_site
	assert card_of(s.owned) is None
	reply = RestClient(s.a).call("account_manager.api.client_status", party_type="Customer", party=s.owned)
	assert reply.status == 200 and reply.data["outstanding"] == 1000 and reply.data["client_card"] is None
	stranger = RestClient(make_user())
	assert (
		stranger.call("account_manager.api.client_status", party_type="Customer", party=s.owned).status == 403
	)
	assert card_of(s.owned) is None  # asking made nothing


def test_every_new_party_gets_its_card_where_it_is_made():
	a = make_user()
	nobody = make_customer().name
	assert card_of(nobody).account_manager is None
	owned = make_customer(account_manager=a).name
	assert card_of(owned).account_manager == a

	reply = RestClient(a).create(
		"Lead", {"lead_name": "Jan Nowak", "company_name": f"Budmax {random_string(4)}"}
	)
	assert reply.status == 200
	lead = reply.data["name"]
	card = card_of(lead, "Lead")
	assert card.account_manager == a  # a manager's new lead is theirs

	# ERPNext's own Lead > Customer conversion: the lead's card, with its history, becomes the customer's
	from erpnext.crm.doctype.lead.lead import make_customer as lead_to_customer

	customer = lead_to_customer(lead)
	customer.customer_group = frappe.db.get_value("Customer Group", {"is_group": 0})
	customer.territory = frappe.db.get_value("Territory", {"is_group": 0})
	customer.insert()
	assert card_of(customer.name).name == card.name
	assert frappe.db.get_value("Customer", customer.name, "account_manager") == a
	assert not card_of(lead, "Lead")


def test_the_sales_head_deals_out_the_pool_and_nobody_else_does():
	a, b = make_user(), make_user()
	head = RestClient(make_user(roles=("Sales Head", "Sales User")))
	pool = [make_customer().name for _ in range(3)]
	cards = [card_of(c).name for c in pool]
	method = "account_manager.cards.assign_cards"

	refused = RestClient(a).call(method, cards=cards, account_manager=a)
	assert refused.status == 403 and "Only the Sales Head" in refused.text
	not_a_manager = head.call(method, cards=cards, account_manager=make_user(roles=("Sales User",)))
	assert not_a_manager.status == 417 and "not an Account Manager" in not_a_manager.text
	assert {card_of(c).account_manager for c in pool} == {None}

	reply = head.call(method, cards=cards[:2], account_manager=b)
	assert reply.status == 200 and sorted(reply.data) == sorted(cards[:2])
	assert [frappe.db.get_value("Customer", c, "account_manager") for c in pool] == [b, b, None]
	assert RestClient(b).read("Customer", pool[0]).status == 200


def test_a_manager_takes_a_lead_from_the_pool_but_not_a_customer():
	a, b = make_user(), make_user()
	lead_card = card_of(make_lead(), "Lead").name
	customer_card = card_of(make_customer().name).name
	manager = RestClient(a)
	assert lead_card in [row["name"] for row in manager.list("Client Card").data]  # the pool to prospect in
	reply = manager.write("Client Card", lead_card, {"account_manager": a})
	assert reply.status == 200 and reply.data["account_manager"] == a
	assert RestClient(b).read("Client Card", lead_card).status == 403  # now A's
	assert manager.write("Client Card", customer_card, {"account_manager": a}).status == 403
	assert card_of_name(customer_card) is None

	frappe.db.set_single_value("Account Manager Settings", "self_claim_customers", 1)
	assert manager.write("Client Card", customer_card, {"account_manager": a}).status == 200
	frappe.db.set_single_value("Account Manager Settings", "self_claim_potential_clients", 0)
	another_lead = card_of(make_lead(), "Lead").name
	assert RestClient(b).write("Client Card", another_lead, {"account_manager": b}).status == 403


def card_of_name(card: str) -> str | None:
	return frappe.db.get_value("Client Card", card, "account_manager")


def test_the_unassigned_pool_is_a_saved_filter_of_the_client_card_list():
	"""The list's sidebar offers every user the saved filter "Unassigned Pool" (Frappe's List Filter, for
	everyone): applied by the Sales Head, it lists exactly the cards nobody owns."""
	saved = frappe.get_doc("List Filter", "Client Card Unassigned Pool")
	assert saved.reference_doctype == "Client Card" and not saved.for_user
	filters = [f[:4] for f in frappe.parse_json(saved.filters)]

	pool = [make_customer().name for _ in range(2)]
	owned = make_customer(account_manager=make_user()).name
	head = make_user(roles=("Sales Head", "Sales User"))
	frappe.set_user(head)
	listed = set(frappe.get_list("Client Card", filters=filters, pluck="party", limit_page_length=0))
	frappe.set_user("Administrator")
	assert set(pool) <= listed and owned not in listed
	assert listed == set(frappe.get_all("Client Card", {"account_manager": ("is", "not set")}, pluck="party"))
