"""The debt rule on ERPNext Quotation and Sales Order (DR1), on a real site."""

import pytest

import frappe
from frappe.utils import add_days, nowdate

from account_manager.api import approve_debt_order
from account_manager.debt import DebtApprovalRequiredError, debt_warning
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_customer,
	make_quotation,
	make_sales_invoice,
	make_sales_order,
	make_user,
	pay_invoice,
	service_item,
)


def today(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


def messages() -> str:
	return " ".join(str(m) for m in frappe.message_log)


@pytest.fixture
def debtor():
	"""A customer with 1,500 overdue by 20 days (tolerance in the settings: 0 days)."""
	frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
	customer = make_customer().name
	invoice = make_sales_invoice(customer, 2000, today(-50), today(-20))
	pay_invoice(invoice.name, 500, today(-10))
	return customer


@pytest.fixture
def sales_head():
	return make_user(roles=("Sales Head", "Sales User"))


def test_overdue_debt_warns_on_quotation_with_reasons_and_amounts(debtor):
	frappe.clear_messages()
	make_quotation(debtor)
	text = messages()
	assert "Debt Warning" in text
	assert "1.500,00" in text or "1,500.00" in text  # the overdue amount
	assert "20 days" in text


def test_order_refused_until_the_sales_head_approves_then_submitted(debtor, sales_head):
	manager = make_user()
	order = make_sales_order(debtor)
	with pytest.raises(DebtApprovalRequiredError, match="Sales Head must approve"):
		order.submit()
	assert frappe.db.get_value("Sales Order", order.name, "docstatus") == 0

	frappe.set_user(manager)
	with pytest.raises(frappe.PermissionError, match="Only a Sales Head"):
		approve_debt_order(order.name)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Sales Order", order.name, "debt_approved_by") is None

	frappe.set_user(sales_head)
	approval = approve_debt_order(order.name)
	frappe.set_user("Administrator")
	assert approval["debt_approved_by"] == sales_head

	order = frappe.get_doc("Sales Order", order.name)
	order.submit()
	saved = frappe.db.get_value(
		"Sales Order", order.name, ["docstatus", "debt_approved_by", "debt_approved_on"], as_dict=True
	)
	assert saved.docstatus == 1
	assert saved.debt_approved_by == sales_head
	assert saved.debt_approved_on is not None
	assert frappe.db.exists(
		"Comment", {"reference_doctype": "Sales Order", "reference_name": order.name, "comment_type": "Info"}
	)


@pytest.mark.usefixtures("outgoing_email")  # conftest.py: the assignment e-mails the Sales Head
def test_the_manager_asks_the_sales_head_whose_todo_the_approval_closes(debtor, sales_head):
	from account_manager.api import request_debt_approval

	manager = make_user()
	make_client_card(debtor, "Customer", manager)
	order = make_sales_order(debtor)
	order.run_method("onload")  # as the desk does when it opens the form
	assert order.get_onload().debt_warning["blocked"]  # the form shows the warning and the buttons

	frappe.set_user(manager)
	asked = request_debt_approval(order.name)
	request_debt_approval(order.name)  # asking twice makes no second ToDo
	frappe.set_user("Administrator")
	assert sales_head in asked
	todo = {"reference_type": "Sales Order", "reference_name": order.name, "allocated_to": sales_head}
	assert frappe.db.count("ToDo", {**todo, "status": "Open"}) == 1
	assert "overdue" in frappe.db.get_value("ToDo", todo, "description").lower()

	frappe.set_user(sales_head)
	approve_debt_order(order.name)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("ToDo", todo, "status") == "Closed"
	frappe.set_user(manager)
	with pytest.raises(frappe.ValidationError, match="needs no approval"):
		request_debt_approval(order.name)  # approved already


def test_an_order_of_a_client_not_in_debt_needs_no_approval_request():
	from account_manager.api import request_debt_approval

	manager = make_user()
	customer = make_customer().name
	make_client_card(customer, "Customer", manager)
	order = make_sales_order(customer)
	order.run_method("onload")  # as the desk does when it opens the form
	assert not order.get_onload().debt_warning
	frappe.set_user(manager)
	with pytest.raises(frappe.ValidationError, match="not in debt"):
		request_debt_approval(order.name)
	frappe.set_user("Administrator")
	assert not frappe.db.exists("ToDo", {"reference_type": "Sales Order", "reference_name": order.name})


def test_approval_cannot_be_typed_into_the_order(debtor, sales_head):
	order = make_sales_order(debtor)
	order.debt_approved_by = sales_head
	order.save()
	assert frappe.db.get_value("Sales Order", order.name, "debt_approved_by") is None
	with pytest.raises(DebtApprovalRequiredError):
		order.submit()


def test_approval_is_not_copied_to_a_duplicate(debtor, sales_head):
	order = make_sales_order(debtor)
	frappe.set_user(sales_head)
	approve_debt_order(order.name)
	frappe.set_user("Administrator")
	copy = frappe.copy_doc(frappe.get_doc("Sales Order", order.name)).insert()
	assert copy.debt_approved_by is None
	with pytest.raises(DebtApprovalRequiredError):
		copy.submit()


def test_approval_withdrawn_when_the_order_grows_kept_when_it_shrinks(debtor, sales_head):
	order = make_sales_order(debtor, 1000)
	frappe.set_user(sales_head)
	approve_debt_order(order.name)
	frappe.set_user("Administrator")

	order = frappe.get_doc("Sales Order", order.name)
	order.items[0].rate = 600  # a smaller order than approved: the approval still covers it
	order.save()
	assert frappe.db.get_value("Sales Order", order.name, "debt_approved_by") == sales_head

	frappe.clear_messages()
	order.items[0].rate = 5000  # larger than approved: the Sales Head must look again
	order.save()
	assert frappe.db.get_value("Sales Order", order.name, ["debt_approved_by", "debt_approved_on"]) == (
		None,
		None,
	)
	assert "Approval Withdrawn" in messages()
	with pytest.raises(DebtApprovalRequiredError):
		order.submit()

	frappe.set_user(sales_head)
	approve_debt_order(order.name)
	frappe.set_user("Administrator")
	order = frappe.get_doc("Sales Order", order.name)
	order.submit()
	assert order.docstatus == 1


def test_only_drafts_are_approved(sales_head):
	customer = make_customer().name
	order = make_sales_order(customer, submit=True)
	frappe.set_user(sales_head)
	with pytest.raises(frappe.ValidationError, match="not a draft"):
		approve_debt_order(order.name)


def test_tolerance_in_the_clients_terms_lets_the_order_through(debtor):
	make_client_card(debtor, "Customer", make_user(), overdue_tolerance_days=30)
	assert debt_warning(debtor, default_company()) is None
	frappe.clear_messages()
	order = make_sales_order(debtor)
	assert "Debt Warning" not in messages()
	order.submit()
	assert order.docstatus == 1


def test_clean_client_gets_no_warning_and_submits():
	customer = make_customer().name
	make_sales_invoice(customer, 800, today(-5), today(25))  # open but not yet due
	frappe.clear_messages()
	make_quotation(customer)
	order = make_sales_order(customer)
	assert "Debt Warning" not in messages()
	order.submit()
	assert order.docstatus == 1


def test_erpnexts_credit_limit_check_stays_in_force_after_approval(sales_head):
	# the System Manager is ERPNext's credit controller here: the invoice may cross the limit
	frappe.db.set_single_value("Accounts Settings", "credit_controller", "System Manager")
	customer = make_customer().name
	make_client_card(customer, "Customer", make_user(), credit_limit=1000)
	make_sales_invoice(customer, 1200, today(-2), today(28))  # over the limit, nothing overdue
	warning = debt_warning(customer, default_company())
	assert [r["code"] for r in warning["reasons"]] == ["over_credit_limit"]
	assert warning["reasons"][0]["excess"] == 200

	item = service_item()
	frappe.set_user(sales_head)  # a Sales Head who is not a credit controller
	order = make_sales_order(customer, 300, item_code=item)
	with pytest.raises(DebtApprovalRequiredError):
		order.submit()
	approve_debt_order(order.name)
	order = frappe.get_doc("Sales Order", order.name)
	with pytest.raises(frappe.ValidationError, match="Credit limit has been crossed"):
		order.submit()  # ERPNext's own check still applies after the Sales Head's approval


def test_many_customers_statuses_read_together_are_each_ones_own(debtor):
	"""A campaign reads its customers' debts in grouped queries: the same statuses as one at a time (the
	ledger, a card's tolerance, a customer's and a group's credit limit, a clean client)."""
	from account_manager.debt import debt_status, debt_statuses, shared_status

	company = default_company()
	frappe.db.set_single_value("Accounts Settings", "credit_controller", "System Manager")  # may cross
	tolerant = make_customer().name
	make_sales_invoice(tolerant, 300, today(-40), today(-20))
	make_client_card(tolerant, "Customer", make_user(), overdue_tolerance_days=30)
	over_limit = make_customer().name
	make_client_card(over_limit, "Customer", make_user(), credit_limit=100)
	make_sales_invoice(over_limit, 250, today(-2), today(28))
	group = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": f"_Test Debt Group {frappe.generate_hash(length=6)}",
			"parent_customer_group": frappe.db.get_value(
				"Customer Group", {"is_group": 1, "parent_customer_group": ("is", "not set")}, "name"
			),
			"credit_limits": [{"company": company, "credit_limit": 50}],
		}
	).insert()
	of_group = make_customer(customer_group=group.name).name
	make_sales_invoice(of_group, 80, today(-1), today(29))
	clean = make_customer().name
	customers = [debtor, tolerant, over_limit, of_group, clean]

	together = debt_statuses(customers, company)
	alone = {c: debt_status(c, company) for c in customers}
	assert together == alone
	assert [together[c]["blocked"] for c in customers] == [True, False, True, True, False]
	with shared_status(customers, company):
		assert {c: debt_status(c, company) for c in customers} == alone
