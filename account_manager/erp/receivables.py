"""Receivables of parties, read from ERPNext's Payment Ledger Entry (the receivables truth in v15).

Callers are server code: account managers' roles cannot read Payment Ledger Entry, so whoever calls
these functions must first limit the parties to what the user may see (see permissions.py).
"""

from datetime import date

import frappe
from frappe.query_builder import Case, DocType
from frappe.query_builder.functions import Max, Min, Sum
from frappe.utils import add_days, flt, getdate, nowdate

from account_manager.rules.scoring import Invoice

ROUNDING = 0.005


def _per_voucher(customers: list[str] | None, company: str | None):
	"""Ledger rows of the customers (None: every customer) grouped by the voucher they settle (invoice,
	or unallocated payment)."""
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
		.where((ple.delinked == 0) & (ple.party_type == "Customer") & (ple.account_type == "Receivable"))
		.groupby(ple.party, ple.against_voucher_type, ple.against_voucher_no)
	)
	if customers is not None:
		query = query.where(ple.party.isin(customers))
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


def overdue_customers(company: str, today: date | str | None = None) -> dict:
	"""{customer: overdue amount} of every customer with debt overdue today, in one grouped query."""
	today = getdate(today or nowdate())
	vouchers = _per_voucher(None, company).as_("v")
	is_overdue = (vouchers.due_date < today) & (vouchers.outstanding > ROUNDING)
	rows = (
		frappe.qb.from_(vouchers)
		.select(vouchers.party, Sum(vouchers.outstanding).as_("overdue"))
		.where(is_overdue)
		.groupby(vouchers.party)
		.run()
	)
	return {party: flt(overdue, 2) for party, overdue in rows}


def overdue_invoices(customer: str, company: str, today: date | str | None = None) -> list[str]:
	"""The customer's Sales Invoices with an amount overdue today, oldest due first."""
	today = getdate(today or nowdate())
	vouchers = _per_voucher([customer], company).as_("v")
	return (
		frappe.qb.from_(vouchers)
		.select(vouchers.against_voucher_no)
		.where(
			(vouchers.against_voucher_type == "Sales Invoice")
			& (vouchers.due_date < today)
			& (vouchers.outstanding > ROUNDING)
		)
		.orderby(vouchers.due_date)
		.run(pluck=True)
	)


def portfolio_receivables(customers: list[str], company: str, today: date | str | None = None) -> dict:
	"""Per customer, in one grouped query over Payment Ledger Entry whatever the number of customers:
	outstanding, overdue split by days past due (0-30, 31-60, 61-90, 90+), the last payment date, and
	the totals of the invoice history the reliability score needs (rules.scoring.HistoryTotals)."""
	from frappe.query_builder import CustomFunction

	result = {c: empty_portfolio_row() for c in customers}
	if not customers:
		return result
	today = getdate(today or nowdate())
	datediff = CustomFunction("DATEDIFF", ["end", "start"])
	v = _per_voucher(customers, company).as_("v")
	overdue = (v.due_date < today) & (v.outstanding > ROUNDING)
	invoice = (v.against_voucher_type == "Sales Invoice") & (v.invoiced > 0) & v.due_date.isnotnull()
	settled = invoice & (v.outstanding <= ROUNDING) & v.last_credit_date.isnotnull()
	open_late = invoice & ~settled & (v.due_date < today)

	def amount_where(condition):
		return Sum(Case().when(condition, v.outstanding).else_(0))

	def count_where(condition):
		return Sum(Case().when(condition, 1).else_(0))

	def overdue_between(low, high):
		"""Overdue by `low` to `high` days: due between today - high and today - low."""
		condition = overdue & (v.due_date <= add_days(today, -low))
		if high is not None:
			condition = condition & (v.due_date >= add_days(today, -high))
		return amount_where(condition)

	late_days = (
		Case()
		.when(settled & (v.last_credit_date > v.due_date), datediff(v.last_credit_date, v.due_date))
		.when(open_late, datediff(today, v.due_date))
		.else_(0)
	)
	rows = (
		frappe.qb.from_(v)
		.select(
			v.party,
			Sum(v.outstanding).as_("outstanding"),
			amount_where(overdue).as_("overdue"),
			overdue_between(1, 30).as_("overdue_0_30"),
			overdue_between(31, 60).as_("overdue_31_60"),
			overdue_between(61, 90).as_("overdue_61_90"),
			overdue_between(91, None).as_("overdue_90_plus"),
			Max(v.last_credit_date).as_("last_payment_date"),
			Min(Case().when(overdue, v.due_date)).as_("oldest_overdue_due"),
			count_where(invoice).as_("invoices"),
			count_where(settled).as_("settled"),
			count_where(settled & (v.last_credit_date <= v.due_date)).as_("on_time"),
			count_where(settled | open_late).as_("judged"),
			Sum(late_days).as_("days_late"),
			amount_where(invoice & overdue).as_("invoices_overdue"),
		)
		.groupby(v.party)
		.run(as_dict=True)
	)
	for row in rows:
		party = row.pop("party")
		oldest_due = row.pop("oldest_overdue_due")
		last_payment_date = row.pop("last_payment_date")
		result[party] = frappe._dict(
			{key: round(float(value or 0), 2) for key, value in row.items()},
			last_payment_date=last_payment_date,
			oldest_overdue_days=(today - getdate(oldest_due)).days if oldest_due else 0,
		)
	return result


def empty_portfolio_row():
	row = frappe._dict.fromkeys(
		(
			"outstanding",
			"overdue",
			"overdue_0_30",
			"overdue_31_60",
			"overdue_61_90",
			"overdue_90_plus",
			"invoices",
			"settled",
			"on_time",
			"judged",
			"days_late",
			"invoices_overdue",
		),
		0.0,
	)
	row.last_payment_date = None
	row.oldest_overdue_days = 0
	return frappe._dict(row)


def credit_limits(customers: list[str], company: str) -> dict[str, float]:
	"""ERPNext's credit limit per customer as get_credit_limit finds it (the customer's own, else its
	customer group's, else the company's), in three queries whatever the number of customers."""
	if not customers:
		return {}
	limit = DocType("Customer Credit Limit")
	customer = DocType("Customer")
	own = dict(
		frappe.qb.from_(limit)
		.select(limit.parent, limit.credit_limit)
		.where((limit.parenttype == "Customer") & (limit.company == company) & limit.parent.isin(customers))
		.run()
	)
	groups = dict(
		frappe.qb.from_(customer)
		.left_join(limit)
		.on(
			(limit.parenttype == "Customer Group")
			& (limit.parent == customer.customer_group)
			& (limit.company == company)
			& (limit.bypass_credit_limit_check == 0)
		)
		.select(customer.name, limit.credit_limit)
		.where(customer.name.isin(customers))
		.run()
	)
	company_limit = flt(frappe.db.get_value("Company", company, "credit_limit"))
	return {c: flt(own.get(c)) or flt(groups.get(c)) or company_limit for c in customers}
