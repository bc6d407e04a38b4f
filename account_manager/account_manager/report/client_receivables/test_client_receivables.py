"""Client Receivables on a real site: equals ERPNext's Accounts Receivable, a manager's portfolio only,
a fixed handful of queries whatever the portfolio size."""

from contextlib import contextmanager

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate

from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute as accounts_receivable

from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection
from account_manager.account_manager.report.client_receivables.client_receivables import execute
from account_manager.api import client_status
from account_manager.erp import receivables
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_credit_note,
	make_customer,
	make_sales_invoice,
	make_user,
	pay_invoice,
	service_item,
)

BUCKETS = ("overdue_0_30", "overdue_31_60", "overdue_61_90", "overdue_90_plus")


def today(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


@contextmanager
def counted_queries():
	calls = []
	original = frappe.db.sql

	def counting(query, *args, **kwargs):
		calls.append(str(query))
		return original(query, *args, **kwargs)

	frappe.db.sql = counting
	try:
		yield calls
	finally:
		frappe.db.sql = original


def erpnext_ageing(customers):
	"""Per customer from ERPNext's Accounts Receivable: outstanding and overdue by days past due."""
	_columns, rows, *_ = accounts_receivable(
		{
			"company": default_company(),
			"report_date": nowdate(),
			"party_type": "Customer",
			"party": customers,
			"ageing_based_on": "Due Date",
			"calculate_ageing_with": "Report Date",
			"range": "30, 60, 90, 120",
		}
	)
	result = {c: dict.fromkeys(("outstanding", *BUCKETS), 0.0) for c in customers}
	for row in rows:
		if not row.get("voucher_no"):
			continue
		totals = result[row["party"]]
		totals["outstanding"] += row["outstanding"]
		days = (getdate(nowdate()) - getdate(row["due_date"])).days if row.get("due_date") else 0
		if days > 0 and row["outstanding"] > 0:
			bucket = 0 if days <= 30 else 1 if days <= 60 else 2 if days <= 90 else 3
			totals[BUCKETS[bucket]] += row["outstanding"]
	return result


@pytest.fixture
def portfolio():
	manager = make_user()
	item = service_item()
	customers = []
	for i in range(2):
		customer = make_customer().name
		make_client_card(customer, "Customer", manager, credit_limit=20000)
		make_sales_invoice(customer, 1000 + i, today(-40), today(-10), item)  # 10 days overdue
		partly = make_sales_invoice(customer, 2000, today(-75), today(-45), item)  # 45 days
		pay_invoice(partly.name, 600, today(-5))
		make_sales_invoice(customer, 3000, today(-105), today(-75), item)  # 75 days
		make_sales_invoice(customer, 4000, today(-150), today(-120), item)  # 120 days
		make_sales_invoice(customer, 500, today(-3), today(27), item)  # not yet due
		customers.append(customer)
	return frappe._dict(manager=manager, customers=customers, item=item)


def test_same_totals_as_erpnexts_accounts_receivable(portfolio):
	frappe.set_user(portfolio.manager)
	_columns, rows, _message, _chart, summary = execute({"company": default_company()})
	frappe.set_user("Administrator")
	expected = erpnext_ageing(portfolio.customers)
	assert sorted(r["customer"] for r in rows) == sorted(portfolio.customers)
	for row in rows:
		for field in ("outstanding", *BUCKETS):
			assert row[field] == pytest.approx(expected[row["customer"]][field]), field
	row = next(r for r in rows if r["customer"] == portfolio.customers[0])
	assert (row["overdue_0_30"], row["overdue_31_60"], row["overdue_61_90"], row["overdue_90_plus"]) == (
		1000,
		1400,
		3000,
		4000,
	)
	assert row["outstanding"] == 9900 and row["overdue"] == 9400
	assert row["oldest_overdue_days"] == 120
	assert getdate(row["last_payment_date"]) == getdate(today(-5))
	assert (row["credit_limit"], row["credit_used_percent"]) == (20000, 49.5)
	assert row["reliability_score"] == client_status("Customer", row["customer"])["reliability_score"]
	assert summary[0]["value"] == pytest.approx(sum(r["outstanding"] for r in rows))


def advance_payment(customer: str, amount: float, posting_date: str):
	"""A submitted Payment Entry from the customer allocated to no invoice (an advance)."""
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	invoice = make_sales_invoice(customer, amount, posting_date, posting_date)
	payment = get_payment_entry("Sales Invoice", invoice.name)
	invoice.reload().cancel()  # only its party and accounts were wanted
	payment.references = []
	payment.posting_date = payment.reference_date = posting_date
	payment.reference_no = frappe.generate_hash(length=8)
	payment.paid_amount = payment.received_amount = amount
	payment.insert()
	payment.submit()
	return payment


def credit_note_against(invoice: str, amount: float, posting_date: str):
	"""A credit note that lowers the invoice's outstanding (ERPNext's 'Update Outstanding for Self'
	unchecked) rather than standing open on its own as make_credit_note's does."""
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return

	note = make_sales_return(invoice)
	note.update({"set_posting_time": 1, "posting_date": posting_date, "update_outstanding_for_self": 0})
	note.items[0].qty, note.items[0].rate = -1, amount
	note.insert()
	note.submit()
	return note


def test_credit_notes_and_advances_counted_as_erpnext_counts_them(portfolio):
	customer = portfolio.customers[0]
	frappe.set_user(portfolio.manager)
	before = next(r for r in execute({"company": default_company()})[1] if r["customer"] == customer)
	frappe.set_user("Administrator")
	lowered = make_sales_invoice(customer, 1000, today(-80), today(-50), portfolio.item)
	credit_note_against(lowered.name, 300, today(-20))  # 700 still open, 50 days overdue
	standing = make_sales_invoice(customer, 400, today(-50), today(-35), portfolio.item)
	make_credit_note(standing.name, 100, today(-10))  # the invoice stays open, the note stands at -100
	settled_late = make_sales_invoice(customer, 500, today(-30), today(-5), portfolio.item)
	pay_invoice(settled_late.name, 500, today(-2))
	advance_payment(customer, 200, today(-1))

	frappe.set_user(portfolio.manager)
	row = next(r for r in execute({"company": default_company()})[1] if r["customer"] == customer)
	frappe.set_user("Administrator")
	expected = erpnext_ageing([customer])[customer]
	for field in ("outstanding", *BUCKETS):
		assert row[field] == pytest.approx(expected[field]), field
	assert row["outstanding"] == pytest.approx(before["outstanding"] + 700 + 400 - 100 - 200)
	assert row["overdue_31_60"] == pytest.approx(before["overdue_31_60"] + 700 + 400)
	assert row["overdue"] == pytest.approx(sum(row[b] for b in BUCKETS))
	assert getdate(row["last_payment_date"]) == getdate(today(-1))  # the advance is the last payment
	status = client_status("Customer", customer)
	assert (row["outstanding"], row["reliability_score"]) == (
		status["outstanding"],
		status["reliability_score"],
	)


def test_most_of_the_company_read_in_one_pass_gives_the_figures_of_a_few_clients_read_by_index(portfolio):
	"""The Sales Head's list (most of the company's clients) is read in one pass over the ledger, a
	manager's few clients through the ledger index: the same figures either way."""
	company = default_company()
	for _i in range(5):  # the manager's 2 clients are then a few of the company's
		make_customer()
	everyone = frappe.get_all("Customer", pluck="name")
	frappe.cache.delete_value("doctype:count:Customer")
	with counted_queries() as calls:
		whole = receivables.portfolio_receivables(everyone, company)
	assert any(receivables.WHOLE_LEDGER_RECEIVABLES_SQL in q for q in calls)
	with counted_queries() as calls:
		few = receivables.portfolio_receivables(portfolio.customers, company)
	assert any(receivables.PORTFOLIO_RECEIVABLES_SQL in q for q in calls)
	assert {c: few[c] for c in portfolio.customers} == {c: whole[c] for c in portfolio.customers}
	assert (few[portfolio.customers[0]].outstanding, few[portfolio.customers[0]].invoices) == (9900, 5)


def test_current_collection_step_shown(worker, portfolio):
	run_collection()  # the daily job: its batches run on the real worker (conftest.py)
	worker.drain()
	plans = dict(
		frappe.get_all(
			"Collection Plan",
			filters={"customer": ("in", portfolio.customers), "status": "Open"},
			fields=["customer", "name"],
			as_list=True,
		)
	)
	assert sorted(plans) == sorted(portfolio.customers)  # one open plan each
	frappe.set_user(portfolio.manager)
	rows = execute({"company": default_company()})[1]
	shown = {r["customer"]: (r["collection_plan"], r["collection_step"]) for r in rows}
	assert sorted(shown) == sorted(portfolio.customers)
	for customer, (plan, step) in shown.items():
		assert plan == plans[customer] and "Reminder Call" in step, (customer, step)


def test_another_manager_sees_none_of_it_the_sales_head_sees_it(portfolio):
	frappe.set_user(make_user())
	assert execute({"company": default_company()})[1] == []
	frappe.set_user(make_user(roles=("Sales Head",)))
	seen = {r["customer"] for r in execute({"company": default_company()})[1]}
	assert set(portfolio.customers) <= seen


def test_at_most_ten_queries_whatever_the_portfolio_size(portfolio):
	frappe.set_user(portfolio.manager)
	execute({"company": default_company()})  # warm the caches (roles, metadata)
	with counted_queries() as small:
		small_rows = execute({"company": default_company()})[1]

	frappe.set_user("Administrator")
	for _i in range(10):
		customer = make_customer().name
		make_client_card(customer, "Customer", portfolio.manager)
		make_sales_invoice(customer, 700, today(-50), today(-20), portfolio.item)
	frappe.set_user(portfolio.manager)
	execute({"company": default_company()})
	with counted_queries() as large:
		large_rows = execute({"company": default_company()})[1]

	assert (len(small_rows), len(large_rows)) == (2, 12)
	assert len(large) == len(small) <= 10
