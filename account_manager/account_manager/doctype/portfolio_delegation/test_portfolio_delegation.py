"""Portfolio isolation and hand-over (CB14, CB15), as real users with their own roles."""

import pytest

import frappe
from frappe.api.v1 import document_list, read_doc
from frappe.desk.query_report import run as run_report
from frappe.utils import add_days, nowdate

from account_manager.api import client_status
from account_manager.tests.utils import make_client_card, make_customer, make_lead, make_prospect, make_user


@pytest.fixture
def portfolios():
	"""Managers A and B, each owning one client; a Sales Head."""
	a, b = make_user(), make_user()
	head = make_user(roles=("Sales Head", "Sales User"))
	card_a = make_client_card(make_customer().name, "Customer", a)
	card_b = make_client_card(make_customer().name, "Customer", b)
	return frappe._dict(a=a, b=b, head=head, card_a=card_a.name, card_b=card_b.name)


def delegate(from_user, to_user, from_date, to_date):
	return frappe.get_doc(
		{
			"doctype": "Portfolio Delegation",
			"from_user": from_user,
			"to_user": to_user,
			"from_date": from_date,
			"to_date": to_date,
		}
	).insert()


def visible_cards(user) -> set[str]:
	frappe.set_user(user)
	try:
		return set(frappe.get_list("Client Card", pluck="name"))
	finally:
		frappe.set_user("Administrator")


def test_manager_cannot_see_another_managers_card_anywhere(portfolios):
	p = portfolios
	party_b = frappe.db.get_value("Client Card", p.card_b, "party")
	frappe.set_user(p.a)
	# list view and get_list
	names = set(frappe.get_list("Client Card", pluck="name"))
	assert p.card_a in names and p.card_b not in names
	# form
	assert frappe.has_permission("Client Card", "read", doc=p.card_a)
	assert not frappe.has_permission("Client Card", "read", doc=p.card_b)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Client Card", p.card_b).check_permission("read")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Client Card", p.card_b).check_permission("write")
	# report
	rows = run_report("Client Portfolio", filters={})["result"]
	assert {r["name"] for r in rows if isinstance(r, dict) and r.get("name")} == {p.card_a}
	# REST: /api/resource/Client Card, /api/resource/Client Card/<name>, /api/method/...client_status
	frappe.local.form_dict = frappe._dict(fields='["name"]')
	assert {r.name for r in document_list("Client Card")} == {p.card_a}
	frappe.local.form_dict = frappe._dict()
	assert read_doc("Client Card", p.card_a).name == p.card_a
	with pytest.raises(frappe.PermissionError):
		read_doc("Client Card", p.card_b)
	with pytest.raises(frappe.PermissionError):
		client_status("Customer", party_b)


def test_erpnext_customers_follow_the_portfolio(portfolios):
	"""ERPNext's Sales User role reads every Customer; an Account Manager gets only their own."""
	from frappe.desk.search import search_link

	p = portfolios
	customer_a, customer_b = (frappe.db.get_value("Client Card", c, "party") for c in (p.card_a, p.card_b))
	frappe.set_user(p.a)
	try:
		assert customer_a in frappe.get_list("Customer", pluck="name")
		assert customer_b not in frappe.get_list("Customer", pluck="name")
		assert read_doc("Customer", customer_a).name == customer_a
		with pytest.raises(frappe.PermissionError):
			read_doc("Customer", customer_b)  # its terms, contacts and history: the other's secret
		found = {r["value"] for r in search_link("Customer", "", page_length=1000)}
		assert customer_a in found and customer_b not in found  # a Link field offers only one's own

		mine = make_customer()
		assert mine.account_manager == p.a  # a customer the manager makes is in their portfolio
		assert read_doc("Customer", mine.name).name == mine.name
	finally:
		frappe.set_user("Administrator")
	frappe.set_user(p.head)
	try:
		assert {customer_a, customer_b} <= set(frappe.get_list("Customer", pluck="name"))
	finally:
		frappe.set_user("Administrator")


def test_leads_and_prospects_held_by_another_managers_card_are_hidden(portfolios):
	p = portfolios
	lead_a, prospect_a, unclaimed = make_lead(), make_prospect(), make_lead()
	make_client_card(lead_a, "Lead", p.a)
	make_client_card(prospect_a, "Prospect", p.a)

	def visible(user, doctype, names):
		frappe.set_user(user)
		try:
			return set(frappe.get_list(doctype, filters={"name": ("in", names)}, pluck="name"))
		finally:
			frappe.set_user("Administrator")

	assert visible(p.b, "Lead", [lead_a, unclaimed]) == {unclaimed}  # the pool, not A's lead
	assert visible(p.b, "Prospect", [prospect_a]) == set()
	assert visible(p.a, "Lead", [lead_a, unclaimed]) == {lead_a, unclaimed}
	assert visible(p.head, "Lead", [lead_a, unclaimed]) == {lead_a, unclaimed}
	frappe.set_user(p.b)
	try:
		for doctype, name in (("Lead", lead_a), ("Prospect", prospect_a)):
			with pytest.raises(frappe.PermissionError):
				read_doc(doctype, name)
		assert read_doc("Lead", unclaimed).name == unclaimed
	finally:
		frappe.set_user("Administrator")
	converted = make_lead()
	make_customer(lead_name=converted, account_manager=p.a)  # the lead became A's customer
	assert visible(p.b, "Lead", [converted, unclaimed]) == {unclaimed}
	delegate(p.a, p.b, nowdate(), add_days(nowdate(), 3))  # A away: B holds A's prospects meanwhile
	assert visible(p.b, "Prospect", [prospect_a]) == {prospect_a}
	assert visible(p.b, "Lead", [converted]) == {converted}


def test_sales_head_sees_every_portfolio(portfolios):
	assert {portfolios.card_a, portfolios.card_b} <= visible_cards(portfolios.head)


def test_delegation_grants_access_only_inside_its_dates(portfolios):
	p = portfolios
	delegate(p.b, p.a, add_days(nowdate(), -10), add_days(nowdate(), -1))  # ended yesterday
	assert p.card_b not in visible_cards(p.a)

	current = delegate(p.b, p.a, nowdate(), add_days(nowdate(), 5))
	assert p.card_b in visible_cards(p.a)
	frappe.set_user(p.a)
	assert frappe.has_permission("Client Card", "write", doc=p.card_b)
	frappe.set_user("Administrator")

	current.from_date = add_days(nowdate(), 1)  # starts tomorrow: not yet
	current.to_date = add_days(nowdate(), 6)
	current.save()
	assert p.card_b not in visible_cards(p.a)
	assert p.card_a not in visible_cards(p.b)  # the absent manager gets nothing of the deputy's


@pytest.mark.parametrize(
	"from_offset, to_offset, to_self, message",
	[(0, 5, True, "own deputy"), (5, 1, False, "ends")],
)
def test_bad_delegations_are_refused_and_nothing_written(
	portfolios, from_offset, to_offset, to_self, message
):
	p = portfolios
	before = frappe.db.count("Portfolio Delegation")
	with pytest.raises(frappe.ValidationError, match=message):
		delegate(
			p.b, p.b if to_self else p.a, add_days(nowdate(), from_offset), add_days(nowdate(), to_offset)
		)
	assert frappe.db.count("Portfolio Delegation") == before


def test_terms_and_negotiation_notes_are_hidden_from_other_roles(portfolios):
	"""A role given read access to cards by an administrator sees the card, not its terms (permlevel 1)."""
	from frappe.permissions import add_permission

	customer = frappe.db.get_value("Client Card", portfolios.card_a, "party")
	card = frappe.get_doc("Client Card", portfolios.card_a)
	card.update(
		{
			"negotiation_notes": "Will accept 7% off",
			"special_conditions": "Free delivery",
			"credit_limit": 9000,
		}
	)
	card.save()
	accountant = make_user(roles=("Accounts User",))
	add_permission("Client Card", "Accounts User", 0)
	try:
		frappe.set_user(accountant)
		seen = read_doc("Client Card", portfolios.card_a).as_dict()
		assert seen.party == customer
		for secret in ("negotiation_notes", "special_conditions", "credit_limit", "price_list"):
			assert not seen.get(secret), secret
		frappe.set_user(portfolios.a)
		assert read_doc("Client Card", portfolios.card_a).negotiation_notes == "Will accept 7% off"
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.clear_cache(doctype="Client Card")
