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
from account_manager.tests.utils import (
	default_company,
	make_client_card,
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


def test_current_collection_step_shown(portfolio):
	run_collection()
	frappe.set_user(portfolio.manager)
	rows = execute({"company": default_company()})[1]
	assert all(r["collection_plan"] for r in rows)
	assert all("Reminder Call" in r["collection_step"] for r in rows)


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
