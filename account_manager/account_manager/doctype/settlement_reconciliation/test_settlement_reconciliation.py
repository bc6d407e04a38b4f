"""Settlement Reconciliation (CB4) on a real site: the statement equals ERPNext's General Ledger."""

import pytest

import frappe
from frappe.utils import add_days, add_months, get_first_day, get_last_day, getdate, nowdate

from erpnext.accounts.report.general_ledger.general_ledger import execute as general_ledger

from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
	draft_monthly_reconciliations,
)
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_contact,
	make_credit_note,
	make_customer,
	make_sales_invoice,
	make_user,
	pay_invoice,
)

LAST_MONTH = get_first_day(add_months(nowdate(), -1))
LAST_MONTH_END = get_last_day(LAST_MONTH)


def day_of_last_month(day: int) -> str:
	return str(add_days(LAST_MONTH, day - 1))


def make_journal_entry(customer: str, amount: float, posting_date: str) -> str:
	"""A journal entry charging the customer (e.g. a re-invoiced cost)."""
	company = frappe.get_cached_doc("Company", default_company())
	entry = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"company": company.name,
			"posting_date": posting_date,
			"accounts": [
				{
					"account": company.default_receivable_account,
					"party_type": "Customer",
					"party": customer,
					"debit_in_account_currency": amount,
				},
				{"account": company.default_income_account, "credit_in_account_currency": amount},
			],
		}
	)
	entry.insert()
	entry.submit()
	return entry.name


@pytest.fixture
def client():
	"""Before last month: an invoice of 1,000 (the opening). Last month: an invoice of 2,000, a part
	payment of 1,200, a credit note of 300 and a journal entry of 50."""
	manager = make_user()
	customer = make_customer().name
	make_client_card(customer, "Customer", manager)
	make_sales_invoice(customer, 1000, str(add_days(LAST_MONTH, -20)), str(add_days(LAST_MONTH, 10)))
	invoice = make_sales_invoice(customer, 2000, day_of_last_month(3), day_of_last_month(20))
	pay_invoice(invoice.name, 1200, day_of_last_month(15))
	make_credit_note(invoice.name, 300, day_of_last_month(18))
	make_journal_entry(customer, 50, day_of_last_month(25))
	return frappe._dict(customer=customer, manager=manager)


def reconcile(customer, from_date=LAST_MONTH, to_date=LAST_MONTH_END, **fields):
	return frappe.get_doc(
		{
			"doctype": "Settlement Reconciliation",
			"customer": customer,
			"company": default_company(),
			"from_date": from_date,
			"to_date": to_date,
			**fields,
		}
	).insert()


def ledger(customer, from_date=LAST_MONTH, to_date=LAST_MONTH_END):
	_columns, rows = general_ledger(
		frappe._dict(
			company=default_company(),
			from_date=str(from_date),
			to_date=str(to_date),
			party_type="Customer",
			party=[customer],
			categorize_by="Categorize by Voucher (Consolidated)",
		)
	)
	opening = next(r for r in rows if r.get("account") == "'Opening'")
	closing = next(r for r in rows if r.get("account") == "'Closing (Opening + Total)'")
	entries = [(r["voucher_no"], r["debit"], r["credit"]) for r in rows if r.get("voucher_no")]
	return opening, closing, entries


def test_statement_equals_erpnexts_general_ledger(client):
	doc = reconcile(client.customer)
	opening, closing, entries = ledger(client.customer)

	assert doc.opening_balance == pytest.approx(opening["debit"] - opening["credit"]) == 1000
	assert doc.closing_balance == pytest.approx(closing["debit"] - closing["credit"]) == 1550
	assert sorted((e.voucher_no, e.debit, e.credit) for e in doc.entries) == sorted(entries)
	assert [e.kind for e in doc.entries] == ["Invoice", "Payment", "Credit Note", "Journal Entry"]
	assert (doc.total_debit, doc.total_credit) == (2050, 1500)
	assert [e.balance for e in doc.entries] == [3000, 1800, 1500, 1550]
	assert doc.account_manager == client.manager and doc.status == "Draft"


def test_print_format_shows_the_statement(client):
	doc = reconcile(client.customer)
	html = frappe.get_print(
		"Settlement Reconciliation", doc.name, print_format="Settlement Statement", doc=doc
	)
	assert "Statement of Account" in html
	for entry in doc.entries:
		assert entry.voucher_no in html
	assert doc.get_formatted("closing_balance") in html


def test_sent_to_the_accounts_contact_then_confirmed(client):
	make_contact("Customer", client.customer, first_name="Sales", email_id="sales@example.com")
	make_contact(
		"Customer",
		client.customer,
		first_name="Accounts",
		email_id="ksiegowosc@example.com",
		is_billing_contact=1,
	)
	doc = reconcile(client.customer)
	frappe.set_user(client.manager)
	communication = doc.send_to_client()
	frappe.set_user("Administrator")
	comm = frappe.get_doc("Communication", communication)
	assert comm.recipients == "ksiegowosc@example.com"
	assert (comm.reference_doctype, comm.reference_name) == ("Settlement Reconciliation", doc.name)
	queued = frappe.get_all("Email Queue", filters={"communication": communication}, pluck="attachments")
	assert queued and "Settlement Statement" in queued[0]  # the PDF of the print format is attached
	doc.reload()
	assert doc.status == "Sent" and doc.sent_on

	doc.confirm()
	doc.reload()
	assert (doc.status, doc.client_closing_balance, doc.difference) == ("Confirmed", 1550, 0)


def test_disputed_with_the_clients_figure_and_the_difference(client):
	make_contact("Customer", client.customer, email_id="biuro@example.com")
	doc = reconcile(client.customer)
	doc.send_to_client()
	doc.dispute("1 500,00", "They do not see the journal entry")
	doc.reload()
	assert (doc.status, doc.client_closing_balance, doc.difference) == ("Disputed", 1500, -50)


def test_a_disputed_figure_that_is_not_a_number_is_refused_and_nothing_written(client):
	make_contact("Customer", client.customer, email_id="biuro@example.com")
	doc = reconcile(client.customer)
	doc.send_to_client()
	with pytest.raises(frappe.ValidationError, match="must be a number"):
		frappe.get_doc("Settlement Reconciliation", doc.name).dispute("about fifteen hundred")
	saved = frappe.db.get_value(
		"Settlement Reconciliation", doc.name, ["status", "client_closing_balance"], as_dict=True
	)
	assert (saved.status, saved.client_closing_balance) == ("Sent", 0)


@pytest.mark.parametrize(
	"from_date, to_date, message",
	[
		(add_days(nowdate(), 1), add_days(nowdate(), 30), "in the future"),
		(get_first_day(nowdate()), add_days(nowdate(), 3), "in the future"),
		(LAST_MONTH_END, LAST_MONTH, "before it starts"),
	],
)
def test_bad_period_is_refused_and_nothing_written(client, from_date, to_date, message):
	before = frappe.db.count("Settlement Reconciliation")
	with pytest.raises(frappe.ValidationError, match=message):
		reconcile(client.customer, from_date, to_date)
	assert frappe.db.count("Settlement Reconciliation") == before


def test_cannot_confirm_before_sending_nor_draft_twice(client):
	doc = reconcile(client.customer)
	with pytest.raises(frappe.ValidationError, match="cannot become"):
		doc.confirm()
	with pytest.raises(frappe.ValidationError, match="already has a settlement reconciliation"):
		reconcile(client.customer)


def test_monthly_job_drafts_for_active_customers_once(worker, client):
	idle = make_customer().name  # no ledger entries at all
	draft_monthly_reconciliations()  # the monthly job: its batches run on the real worker (conftest.py)
	worker.drain()
	before = frappe.db.count("Job Run")
	draft_monthly_reconciliations()  # again: nobody left to draft for, no run started
	worker.drain()
	assert frappe.db.count("Job Run") == before
	mine = frappe.get_all(
		"Settlement Reconciliation",
		filters={"customer": client.customer},
		fields=["name", "from_date", "to_date", "closing_balance"],
	)
	assert len(mine) == 1
	assert (getdate(mine[0].from_date), getdate(mine[0].to_date)) == (
		getdate(LAST_MONTH),
		getdate(LAST_MONTH_END),
	)
	assert mine[0].closing_balance == 1550
	assert not frappe.db.exists("Settlement Reconciliation", {"customer": idle})


def test_report_lists_who_has_not_reconciled(client):
	from account_manager.account_manager.report.unreconciled_settlements.unreconciled_settlements import (
		execute,
	)

	frappe.set_user(client.manager)
	_columns, rows = execute({"company": default_company()})
	assert [(r["customer"], r["reconciliation"]) for r in rows] == [(client.customer, None)]

	frappe.set_user("Administrator")
	make_contact("Customer", client.customer, email_id="biuro@example.com")
	doc = reconcile(client.customer)
	doc.send_to_client()
	frappe.set_user(client.manager)
	_columns, rows = execute({"company": default_company()})
	assert [(r["customer"], r["status"]) for r in rows] == [(client.customer, "Sent")]

	frappe.set_user("Administrator")
	doc.reload()
	doc.confirm()
	frappe.set_user(client.manager)
	_columns, rows = execute({"company": default_company()})
	assert rows == []
	frappe.set_user(make_user())  # another manager's portfolio does not show this client
	assert execute({"company": default_company()})[1] == []
