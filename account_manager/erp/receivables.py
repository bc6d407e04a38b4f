"""Receivables of parties, read from ERPNext's Payment Ledger Entry (the receivables truth in v15).

Callers are server code: account managers' roles cannot read Payment Ledger Entry, so whoever calls
these functions must first limit the parties to what the user may see (see permissions.py).
"""

from datetime import date

import frappe
from frappe.query_builder import Case, DocType
from frappe.query_builder.functions import Max, Min, Sum
from frappe.utils import flt, getdate, nowdate

from account_manager.rules.scoring import Invoice

ROUNDING = 0.005


def _per_voucher(customers: list[str], company: str | None):
	"""Ledger rows of the customers grouped by the voucher they settle (invoice, or unallocated payment)."""
	ple = DocType("Payment Ledger Entry")
	own_row = ple.voucher_no == ple.against_voucher_no
	query = (
		frappe.qb.from_(ple)
		.select(
			ple.party,
			ple.against_voucher_type,
			ple.against_voucher_no,
			Sum(ple.amount).as_("outstanding"),
			Sum(Case().when(own_row, ple.amount).else_(0)).as_("invoiced"),
			Max(Case().when(own_row, ple.due_date)).as_("due_date"),
			Max(Case().when(~own_row, ple.posting_date)).as_("last_credit_date"),
		)
		.where(
			(ple.delinked == 0)
			& (ple.party_type == "Customer")
			& (ple.account_type == "Receivable")
			& ple.party.isin(customers)
		)
		.groupby(ple.party, ple.against_voucher_type, ple.against_voucher_no)
	)
	if company:
		query = query.where(ple.company == company)
	return query


def party_balances(customers: list[str], company: str | None = None, today: date | str | None = None) -> dict:
	"""Outstanding, overdue and the oldest overdue days per customer, in one grouped query.

	Returns {customer: {"outstanding", "overdue", "oldest_overdue_days", "last_payment_date"}}; customers
	without ledger rows get zeros."""
	result = {c: empty_balance() for c in customers}
	if not customers:
		return result
	today = getdate(today or nowdate())
	vouchers = _per_voucher(customers, company).as_("v")
	is_overdue = (vouchers.due_date < today) & (vouchers.outstanding > ROUNDING)
	rows = (
		frappe.qb.from_(vouchers)
		.select(
			vouchers.party,
			Sum(vouchers.outstanding).as_("outstanding"),
			Sum(Case().when(is_overdue, vouchers.outstanding).else_(0)).as_("overdue"),
			Min(Case().when(is_overdue, vouchers.due_date)).as_("oldest_overdue_due"),
			Max(vouchers.last_credit_date).as_("last_payment_date"),
		)
		.groupby(vouchers.party)
		.run(as_dict=True)
	)
	for row in rows:
		oldest_due = row.oldest_overdue_due
		result[row.party] = frappe._dict(
			outstanding=flt(row.outstanding, 2),
			overdue=flt(row.overdue, 2),
			oldest_overdue_days=(today - getdate(oldest_due)).days if oldest_due else 0,
			last_payment_date=row.last_payment_date,
		)
	return result


def empty_balance():
	return frappe._dict(outstanding=0.0, overdue=0.0, oldest_overdue_days=0, last_payment_date=None)


def invoice_history(customers: list[str], company: str | None = None) -> dict[str, list[Invoice]]:
	"""Every Sales Invoice of the customers with its due date, amount, what is still open and when it was
	last credited (paid, or settled by a credit note), in one grouped query: the input of the
	reliability score."""
	history = {c: [] for c in customers}
	if not customers:
		return history
	ple = DocType("Payment Ledger Entry")
	rows = (
		_per_voucher(customers, company).where(ple.against_voucher_type == "Sales Invoice").run(as_dict=True)
	)
	for row in rows:
		if not row.due_date:
			continue
		history[row.party].append(
			Invoice(
				due_date=getdate(row.due_date),
				amount=flt(row.invoiced, 2),
				outstanding=flt(row.outstanding, 2),
				settled_on=getdate(row.last_credit_date) if row.last_credit_date else None,
			)
		)
	return history


def credit_limit(customer: str, company: str) -> float:
	"""ERPNext's own credit limit of the customer (customer, then customer group, then company)."""
	from erpnext.selling.doctype.customer.customer import get_credit_limit

	return flt(get_credit_limit(customer, company))
