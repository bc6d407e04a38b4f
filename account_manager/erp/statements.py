"""Statements of account of customers from ERPNext's General Ledger (GL Entry), as ERPNext's General
Ledger report shows them for a party: entries before the period, and opening entries, make the
opening balance; cancelled entries are left out; each voucher is one line (debits and credits of the
voucher summed, as the report's "Group by Voucher (Consolidated)")."""

from datetime import date

import frappe
from frappe import _
from frappe.query_builder import Case, DocType
from frappe.query_builder.functions import Count, Max, Min, Sum
from frappe.utils import flt, getdate

ROUNDING = 0.005


def _party_gl(customers: list[str] | None, company: str):
	gle = DocType("GL Entry")
	query = frappe.qb.from_(gle).where(
		(gle.company == company) & (gle.party_type == "Customer") & (gle.is_cancelled == 0)
	)
	if customers is not None:
		query = query.where(gle.party.isin(customers))
	return gle, query


def statements(customers: list[str], company: str, from_date, to_date) -> dict:
	"""{customer: {opening_balance, entries[{posting_date, kind, voucher_type, voucher_no, reference,
	debit, credit, balance}], total_debit, total_credit, closing_balance}} in three queries."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	result = {
		c: frappe._dict(
			opening_balance=0.0, entries=[], total_debit=0.0, total_credit=0.0, closing_balance=0.0
		)
		for c in customers
	}
	if not customers:
		return result
	for party, opening in _opening_balances(customers, company, from_date).items():
		result[party].opening_balance = opening
	rows = _period_vouchers(customers, company, from_date, to_date)
	returns = _credit_notes([r.voucher_no for r in rows if r.voucher_type == "Sales Invoice"])
	for row in rows:
		result[row.party].entries.append(
			frappe._dict(
				posting_date=row.posting_date,
				kind=voucher_kind(row.voucher_type, row.voucher_no in returns),
				voucher_type=row.voucher_type,
				voucher_no=row.voucher_no,
				reference=row.against_voucher if row.against_voucher != row.voucher_no else None,
				debit=flt(row.debit, 2),
				credit=flt(row.credit, 2),
			)
		)
	for statement in result.values():
		_run_balance(statement)
	return result


def _opening_balances(customers: list[str], company: str, from_date) -> dict[str, float]:
	"""{customer: debit - credit} of every ledger entry before the period, opening entries included."""
	gle, query = _party_gl(customers, company)
	is_opening = (gle.posting_date < from_date) | (gle.is_opening == "Yes")
	rows = query.select(gle.party, Sum(gle.debit - gle.credit)).where(is_opening).groupby(gle.party).run()
	return {party: flt(opening, 2) for party, opening in rows}


def _period_vouchers(customers: list[str], company: str, from_date, to_date) -> list:
	"""One row per voucher of the period and customer (its ledger lines summed), in date order."""
	gle, query = _party_gl(customers, company)
	return (
		query.select(
			gle.party,
			gle.voucher_type,
			gle.voucher_no,
			Min(gle.posting_date).as_("posting_date"),
			Max(gle.against_voucher).as_("against_voucher"),
			Max(gle.against_voucher_type).as_("against_voucher_type"),
			Sum(gle.debit).as_("debit"),
			Sum(gle.credit).as_("credit"),
		)
		.where((gle.posting_date >= from_date) & (gle.posting_date <= to_date) & (gle.is_opening != "Yes"))
		.groupby(gle.party, gle.voucher_type, gle.voucher_no)
		.orderby(Min(gle.posting_date))
		.orderby(gle.voucher_no)
		.run(as_dict=True)
	)


def _run_balance(statement) -> None:
	"""The running balance of each entry from the opening balance, the totals and the closing balance."""
	balance = statement.opening_balance
	for entry in statement.entries:
		balance = flt(balance + entry.debit - entry.credit, 2)
		entry.balance = balance
		statement.total_debit += entry.debit
		statement.total_credit += entry.credit
	statement.total_debit = flt(statement.total_debit, 2)
	statement.total_credit = flt(statement.total_credit, 2)
	statement.closing_balance = balance


def _credit_notes(invoices: list[str]) -> set[str]:
	if not invoices:
		return set()
	return set(
		frappe.get_all("Sales Invoice", filters={"name": ("in", invoices), "is_return": 1}, pluck="name")
	)


def voucher_kind(voucher_type: str, is_return: bool = False) -> str:
	if voucher_type == "Sales Invoice":
		return _("Credit Note", context="Settlement Reconciliation") if is_return else _("Invoice")
	if voucher_type == "Payment Entry":
		return _("Payment")
	return _(voucher_type)


def active_customers(company: str, from_date, to_date) -> list[str]:
	"""Enabled customers with a ledger entry in the period or a balance at its end, in one query."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	gle, query = _party_gl(None, company)
	customer = DocType("Customer")
	moved = Sum(Case().when(gle.posting_date >= from_date, 1).else_(0))
	balance = Sum(gle.debit - gle.credit)
	return (
		query.join(customer)
		.on(customer.name == gle.party)
		.select(gle.party)
		.where((gle.posting_date <= to_date) & (customer.disabled == 0))
		.groupby(gle.party)
		.having((moved > 0) | (balance > ROUNDING) | (balance < -ROUNDING))
		.orderby(gle.party)
		.run(pluck=True)
	)
