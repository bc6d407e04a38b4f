"""Collection Plan (DR2) on a real site: plans from the ledger, dated steps, ToDos once, outcomes, closing."""

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate

from account_manager.account_manager.doctype.collection_plan.collection_plan import (
	DuplicateCollectionPlanError,
	run_collection,
)
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_customer,
	make_sales_invoice,
	make_user,
	pay_invoice,
)


def today(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


@pytest.fixture
def collection(worker):
	"""The daily job as the scheduler starts it: its batches run on the real worker (conftest.py)."""

	def run(day=None):
		run_collection(day)
		worker.drain()

	return run


@pytest.fixture
def overdue_client():
	manager = make_user()
	customer = make_customer().name
	make_client_card(customer, "Customer", manager)
	invoice = make_sales_invoice(customer, 3000, today(-33), today(-3))
	return frappe._dict(customer=customer, manager=manager, invoice=invoice.name)


def plans_of(customer):
	return frappe.get_all("Collection Plan", filters={"customer": customer}, pluck="name")


def todos_of(plan, user=None):
	filters = {"reference_type": "Collection Plan", "reference_name": plan}
	if user:
		filters["allocated_to"] = user
	return frappe.get_all("ToDo", filters=filters, fields=["name", "allocated_to", "status", "description"])


def test_one_plan_with_dated_steps_and_the_first_todo_once(collection, overdue_client):
	collection()
	collection()  # the same day again: nothing new
	[name] = plans_of(overdue_client.customer)
	plan = frappe.get_doc("Collection Plan", name)
	assert plan.status == "Open"
	assert plan.account_manager == overdue_client.manager
	assert plan.overdue_at_start == 3000 and plan.oldest_overdue_days == 3
	assert [(s.day, s.action, getdate(s.due_date)) for s in plan.steps] == [
		(1, "Reminder Call", getdate(today())),
		(7, "E-mail", getdate(today(6))),
		(14, "Dunning", getdate(today(13))),
		(30, "Escalation", getdate(today(29))),
	]
	assert [s.status for s in plan.steps] == ["Due", "Pending", "Pending", "Pending"]
	[todo] = todos_of(name)
	assert todo.allocated_to == overdue_client.manager
	assert "Reminder Call" in todo.description


def test_steps_become_todos_as_they_fall_due_and_an_outcome_closes_them(collection, overdue_client):
	head = make_user(roles=("Sales Head",))
	collection()
	[name] = plans_of(overdue_client.customer)

	plan = frappe.get_doc("Collection Plan", name)
	frappe.set_user(overdue_client.manager)
	plan.log_outcome(plan.steps[0].name, "Promised to Pay", "Will pay on Friday")
	frappe.set_user("Administrator")
	plan.reload()
	assert (plan.steps[0].status, plan.steps[0].done_by) == ("Done", overdue_client.manager)
	assert frappe.db.get_value("ToDo", plan.steps[0].todo, "status") == "Closed"

	collection(today(6))
	collection(today(6))
	plan.reload()
	assert [s.status for s in plan.steps] == ["Done", "Due", "Pending", "Pending"]

	collection(today(13))
	plan.reload()
	dunning = plan.steps[2].dunning
	assert dunning and frappe.db.get_value("Dunning", dunning, ["customer", "docstatus"]) == (
		overdue_client.customer,
		0,
	)
	assert overdue_client.invoice in frappe.get_all(
		"Overdue Payment", filters={"parent": dunning}, pluck="sales_invoice"
	)

	collection(today(29))
	collection(today(29))
	plan.reload()
	assert [s.status for s in plan.steps] == ["Done", "Due", "Due", "Due"]
	assert len(todos_of(name, overdue_client.manager)) == 4
	assert len(todos_of(name, head)) == 1  # the escalation reaches the Sales Head


def test_payment_closes_the_plan_and_its_open_todos(collection, overdue_client):
	collection()
	[name] = plans_of(overdue_client.customer)
	pay_invoice(overdue_client.invoice, 1000, today())
	collection()
	assert frappe.db.get_value("Collection Plan", name, "status") == "Open"
	assert frappe.db.get_value("Collection Plan", name, "overdue") == 2000

	pay_invoice(overdue_client.invoice, 2000, today())
	collection()
	collection()
	plan = frappe.get_doc("Collection Plan", name)
	assert (plan.status, plan.overdue, getdate(plan.closed_on)) == ("Closed", 0, getdate(today()))
	assert [t.status for t in todos_of(name)] == ["Closed"]  # the first step's ToDo, closed with the plan
	assert [s.status for s in plan.steps] == ["Cancelled"] * 4
	assert plans_of(overdue_client.customer) == [name]  # no new plan


def test_new_debt_after_a_closed_plan_opens_a_new_one(collection, overdue_client):
	collection()
	pay_invoice(overdue_client.invoice, 3000, today())
	collection()
	make_sales_invoice(overdue_client.customer, 500, today(-20), today(-1))
	collection()
	statuses = frappe.get_all(
		"Collection Plan", filters={"customer": overdue_client.customer}, pluck="status", order_by="creation"
	)
	assert sorted(statuses) == ["Closed", "Open"]


def test_never_two_open_plans_for_a_customer(collection, overdue_client):
	collection()
	with pytest.raises(DuplicateCollectionPlanError, match="already has an open collection plan"):
		frappe.get_doc(
			{"doctype": "Collection Plan", "customer": overdue_client.customer, "company": default_company()}
		).insert()
	assert len(plans_of(overdue_client.customer)) == 1


def test_no_plan_for_debt_not_yet_due(collection):
	customer = make_customer().name
	make_sales_invoice(customer, 900, today(-1), today(10))
	collection()
	assert plans_of(customer) == []


def test_template_from_settings_and_bad_template_refused(collection, overdue_client):
	settings = frappe.get_doc("Account Manager Settings")
	settings.set("collection_steps", [{"day": 2, "action": "E-mail"}, {"day": 5, "action": "Reminder Call"}])
	settings.save()
	collection()
	[name] = plans_of(overdue_client.customer)
	steps = frappe.get_doc("Collection Plan", name).steps
	assert [(s.day, s.action) for s in steps] == [(2, "E-mail"), (5, "Reminder Call")]
	assert todos_of(name) == []  # day 2 is tomorrow

	settings.reload()
	settings.append("collection_steps", {"day": 0, "action": "Dunning"})
	with pytest.raises(frappe.ValidationError, match="day 1"):
		settings.save()
	assert frappe.db.count("Collection Step Template", {"parenttype": "Account Manager Settings"}) == 2


def test_manager_sees_only_plans_of_their_portfolio(collection, overdue_client):
	other = make_user()
	collection()
	[name] = plans_of(overdue_client.customer)
	frappe.set_user(overdue_client.manager)
	assert frappe.get_list(
		"Collection Plan", filters={"customer": overdue_client.customer}, pluck="name"
	) == [name]
	frappe.set_user(other)
	assert frappe.get_list("Collection Plan", filters={"customer": overdue_client.customer}) == []
	assert not frappe.has_permission("Collection Plan", "read", name)
