"""Every change of an app record, by a user or a job, leaves a Version (CB2, CB14): the changes the
server writes without a save (an offer expiring, a client moved with its open work, a call moving the
card's next contact, a report flagged late or approved, a debt approval) included."""

import json

import pytest

import frappe
from frappe.model.document import Document
from frappe.utils import add_days, add_months, formatdate, get_first_day, nowdate

from account_manager.account_manager.doctype.account_manager_report.account_manager_report import (
	flag_unsubmitted_reports,
)
from account_manager.account_manager.doctype.commercial_offer.commercial_offer import expire_offers
from account_manager.debt import approve_order
from account_manager.tests.team import make_team
from account_manager.tests.utils import (
	default_company,
	make_call,
	make_client_card,
	make_customer,
	make_kpi_plan,
	make_sales_order,
	make_user,
)


def changes(doctype: str, name: str) -> list[dict]:
	"""The Versions of a document, oldest first: who, and the data of the diff."""
	return [
		{"owner": v.owner, **json.loads(v.data)}
		for v in frappe.get_all(
			"Version",
			filters={"ref_doctype": doctype, "docname": name},
			fields=["owner", "data"],
			order_by="creation asc, name asc",
		)
	]


def changed(doctype: str, name: str, fieldname: str) -> list[tuple]:
	"""(old, new, by whom) of every Version of the document that changed the field (values as the
	Version shows them: formatted, an empty one as None)."""
	return [
		(old or None, new or None, version["owner"])
		for version in changes(doctype, name)
		for field, old, new in version.get("changed", [])
		if field == fieldname
	]


@pytest.fixture(autouse=True)
def versions_recorded(monkeypatch):
	"""Saves record Versions as on a live site: Frappe skips them while tests run (compat.in_test)
	(Document._save), which would hide whether a change is audited."""
	save = Document._save

	def _save(self, ignore_permissions=None, ignore_version=None):
		return save(self, ignore_permissions, False if ignore_version is None else ignore_version)

	monkeypatch.setattr(Document, "_save", _save)


@pytest.fixture
def team():
	return make_team()


def test_the_daily_job_that_expires_offers_leaves_a_version_of_each(worker, team):
	offer = frappe.get_doc("Commercial Offer", team.client_a.offer)
	offer.db_set("valid_till", add_days(nowdate(), -1), update_modified=False)

	expire_offers()  # its batches run on the worker (a site's own Version saving: not a test's)
	worker.drain()
	expire_offers()  # a second run changes nothing, and records nothing
	worker.drain()

	assert changed("Commercial Offer", offer.name, "status") == [("Draft", "Expired", "Administrator")]


def test_the_sales_head_moving_a_client_leaves_a_version_on_everything_that_moved(team):
	a = team.client_a
	reply = team.rest[team.head].write("Client Card", a.card, {"account_manager": team.b})
	assert reply.status == 200, reply.body

	by_head = [(team.a, team.b, team.head)]
	assert changed("Client Card", a.card, "account_manager") == by_head
	assert changed("Customer", a.customer, "account_manager") == by_head
	for doctype, name in (
		("Commercial Offer", a.offer),
		("Collection Plan", a.plan),
		("Settlement Reconciliation", a.reconciliation),
	):
		assert changed(doctype, name, "account_manager") == by_head, doctype
	# the client's line left A's draft report for B's: a Version on each, by the Sales Head
	(removed,) = [v for v in changes("Account Manager Report", team.report_a) if v["removed"]]
	assert removed["owner"] == team.head
	assert [row["client_card"] for _table, row in removed["removed"]] == [a.card]
	(added,) = [v for v in changes("Account Manager Report", team.report_b) if v["added"]]
	assert added["owner"] == team.head
	assert [row["client_card"] for _table, row in added["added"]] == [a.card]
	assert not changes("Client Call", a.call)  # calls stay with the card, unchanged


def test_the_sales_head_giving_a_customer_away_leaves_a_version_on_its_card_and_open_work(team):
	a = team.client_a
	reply = team.rest[team.head].write("Customer", a.customer, {"account_manager": team.b})
	assert reply.status == 200, reply.body

	by_head = [(team.a, team.b, team.head)]
	assert changed("Customer", a.customer, "account_manager") == by_head
	assert changed("Client Card", a.card, "account_manager") == by_head
	assert changed("Commercial Offer", a.offer, "account_manager") == by_head


def test_a_call_moving_the_cards_next_contact_leaves_a_version_on_the_card():
	manager = make_user()
	card = make_client_card(make_customer().name, "Customer", manager)
	next_contact = add_days(nowdate(), 5)
	frappe.set_user(manager)
	make_call(card.name, next_contact_date=next_contact)
	frappe.set_user("Administrator")

	assert changed("Client Card", card.name, "next_contact_date") == [
		(None, formatdate(next_contact), manager)
	]
	assert changed("Client Card", card.name, "last_contact_date") == [(None, formatdate(nowdate()), manager)]


def test_a_report_flagged_late_and_approved_leaves_versions():
	manager, head = make_user(), make_user(roles=("Sales Head", "Sales User"))
	month = get_first_day(add_months(nowdate(), -2))  # due on the 3rd of last month: late today
	plan = make_kpi_plan(manager, month)
	report = frappe.get_doc(
		{
			"doctype": "Account Manager Report",
			"account_manager": manager,
			"month": month,
			"company": default_company(),
			"kpi_plan": plan.name,
		}
	).insert()

	flag_unsubmitted_reports()
	assert changed("Account Manager Report", report.name, "flagged_late") == [(None, 1, "Administrator")]

	report.reload()
	report.submit()
	frappe.set_user(head)
	frappe.get_doc("Account Manager Report", report.name).approve()
	frappe.set_user("Administrator")
	assert [(old, by) for old, _new, by in changed("Account Manager Report", report.name, "approved_by")] == [
		(None, head)
	]


def test_the_sales_heads_debt_approval_leaves_a_version_on_the_order():
	head = make_user(roles=("Sales Head", "Sales User"))
	order = make_sales_order(make_customer().name)
	frappe.set_user(head)
	approve_order(order.name)
	frappe.set_user("Administrator")
	assert changed("Sales Order", order.name, "debt_approved_by") == [(None, head, head)]
