"""Receivables of parties, read from ERPNext's Payment Ledger Entry (the receivables truth in v15).

Callers are server code: account managers' roles cannot read Payment Ledger Entry, so whoever calls
these functions must first limit the parties to what the user may see (see permissions.py).
"""

from datetime import date

import frappe
from frappe.query_builder import Case, DocType
from frappe.query_builder.functions import Max, Min, Sum
from frappe.utils import add_days, flt, getdate, nowdate

from erpnext.selling.doctype.customer.customer import get_credit_limit

from account_manager.rules.scoring import Invoice

ROUNDING = 0.005


def _per_voucher(customers: list[str] | None, company: str | None):
	"""Ledger rows of the customers (None: every customer) grouped by the voucher they settle (invoice,
	or unallocated payment)."""
	ple = DocType("Payment Ledger Entry")
	own_row = ple.voucher_no == ple.against_voucher_no
	# a credit: a row settling another voucher, or an advance (a payment or journal entry standing open
	# on its own, with a negative amount)
	credit = ~own_row | ((ple.voucher_type != "Sales Invoice") & (ple.amount < 0))
	query = (
		frappe.qb.from_(ple)
		.select(
			ple.party,
			ple.against_voucher_type,
			ple.against_voucher_no,
			Sum(ple.amount).as_("outstanding"),
			Sum(Case().when(own_row, ple.amount).else_(0)).as_("invoiced"),
			Max(Case().when(own_row, ple.due_date)).as_("due_date"),
			Max(Case().when(credit, ple.posting_date)).as_("last_credit_date"),
		)
		.where((ple.delinked == 0) & (ple.party_type == "Customer") & (ple.account_type == "Receivable"))
		.groupby(ple.party, ple.against_voucher_type, ple.against_voucher_no)
	)
	if customers is not None:
		query = query.where(ple.party.isin(customers))
	if company:
		query = query.where(ple.company == company)
	return query


def party_balances(customers: list[str], company: str, today: date | str | None = None) -> dict:
	"""Outstanding, overdue, the oldest overdue days and the last payment per customer: the balance part
	of portfolio_receivables (one grouped query whatever the number of customers).

	Returns {customer: {"outstanding", "overdue", "oldest_overdue_days", "last_payment_date"}}; customers
	without ledger rows get zeros."""
	return {
		customer: frappe._dict({field: row[field] for field in BALANCE_FIELDS})
		for customer, row in portfolio_receivables(customers, company, today).items()
	}


BALANCE_FIELDS = ("outstanding", "overdue", "oldest_overdue_days", "last_payment_date")


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
	return flt(get_credit_limit(customer, company))


def overdue_customers(company: str, today: date | str | None = None) -> dict:
	"""{customer: overdue amount} of every customer with debt overdue today, in one grouped query over
	the whole ledger (the daily collection job): grouped by sorting, as the portfolio query is for
	most of the company (WHOLE_LEDGER_RECEIVABLES_SQL) — 2.2 s instead of 11.3 s at 1,000,000 ledger rows."""
	today = getdate(today or nowdate())
	rows = frappe.db.sql(
		f"{PORTFOLIO_RECEIVABLES_SETTINGS} {OVERDUE_CUSTOMERS_SQL}", {"company": company, "today": today}
	)
	return {party: flt(overdue, 2) for party, overdue in rows}


OVERDUE_CUSTOMERS_SQL = f"""
select SQL_BIG_RESULT party, sum(o) from (
	select SQL_BIG_RESULT party, sum(amount) as o,
		max(case when voucher_no = against_voucher_no then due_date end) as d
	from `tabPayment Ledger Entry`
	where delinked = 0 and party_type = 'Customer' and account_type = 'Receivable' and company = %(company)s
	group by party, against_voucher_type, against_voucher_no
) v
where d < %(today)s and o > {ROUNDING}
group by party
"""


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


# Per customer: outstanding, overdue by days past due and the invoice history totals of the reliability
# score (rules.scoring.HistoryTotals), summed over the vouchers the customer's ledger rows settle (one
# per invoice, unallocated payment or credit note: o what is still open, d the due date, l the last
# credit — a payment or credit note against it, or the advance itself —, overdue / invoice / settled per voucher). Amounts come rounded to cents, counts as integers.
PORTFOLIO_AMOUNTS = {
	"outstanding": "o",
	"overdue": "case when overdue then o end",
	"overdue_0_30": "case when overdue and d >= %(due_30)s then o end",
	"overdue_31_60": "case when overdue and d between %(due_60)s and %(due_31)s then o end",
	"overdue_61_90": "case when overdue and d between %(due_90)s and %(due_61)s then o end",
	"overdue_90_plus": "case when overdue and d <= %(due_91)s then o end",
	"invoices_overdue": "case when invoice and overdue then o end",
}
PORTFOLIO_COUNTS = {
	"invoices": "invoice",
	"settled": "settled",
	"on_time": "settled and l <= d",
	"judged": "settled or (invoice and d < %(today)s)",
	"days_late": """case
		when settled and l > d then datediff(l, d)
		when invoice and not settled and d < %(today)s then datediff(%(today)s, d) end""",
}
PORTFOLIO_TOTALS = (*PORTFOLIO_AMOUNTS, *PORTFOLIO_COUNTS)
_TOTALS_SQL = ",\n\t".join(
	[f"cast(coalesce(round(sum({e}), 2), 0) as double) as {name}" for name, e in PORTFOLIO_AMOUNTS.items()]
	+ [f"cast(coalesce(sum({e}), 0) as signed) as {name}" for name, e in PORTFOLIO_COUNTS.items()]
)


def _portfolio_receivables_sql(per_voucher_hint: str) -> str:
	return f"""
	select SQL_BIG_RESULT party,
		{_TOTALS_SQL},
		max(l) as last_payment_date,
		coalesce(datediff(%(today)s, min(case when overdue then d end)), 0) as oldest_overdue_days
	from (
		select party, o, d, l,
			d < %(today)s and o > {ROUNDING} as overdue,
			sales_invoice and i > 0 and d is not null as invoice,
			sales_invoice and i > 0 and d is not null and o <= {ROUNDING} and l is not null as settled
		from (
			select {per_voucher_hint} party,
				sum(amount) as o,
				sum(case when voucher_no = against_voucher_no then amount else 0 end) as i,
				max(case when voucher_no = against_voucher_no then due_date end) as d,
				max(case when voucher_no != against_voucher_no
					or (voucher_type != 'Sales Invoice' and amount < 0) then posting_date end) as l,
				against_voucher_type = 'Sales Invoice' as sales_invoice
			from `tabPayment Ledger Entry`
			where delinked = 0 and party_type = 'Customer' and account_type = 'Receivable'
				and company = %(company)s and party in %(customers)s
			group by party, against_voucher_type, against_voucher_no
		) per_voucher
	) v
	group by party
	"""


# How MariaDB runs it, measured in benchmarks/bench_client_receivables.py (500 clients, 5,000 to 500,312
# ledger rows): the ledger rows of a list of clients come through install.LEDGER_INDEX (party, against
# voucher), already in the order of the vouchers they settle, so they are summed per voucher as they are
# read, with no sort and no temporary table keyed on three varchar(140) columns (at 500,312 rows that
# sort took 9 merge passes and half the query's time); the per-customer level is grouped by sorting the
# narrower per-voucher rows (SQL_BIG_RESULT), with a sort row wide enough for their columns (the default
# max_length_for_sort_data is 1,024 bytes); and materialising the per-voucher flags (no derived_merge)
# computes them once per voucher rather than once per sum. Together 1.7-1.9x the time of summing the same
# rows per customer, against 2.3x with the sort and 3.9x before both.
# When the list holds most of the company's customers (the Sales Head's), one pass over the ledger and a
# sort per voucher (SQL_BIG_RESULT on the per-voucher level too) beats looking up every row through the
# index (7.1 s against 9.0 s at 1,000,000 rows). And MariaDB would turn an IN list of 1,000 values or
# more into a join with a table of those values, read the whole ledger and group it in a temporary table
# (22 s): in_predicate_conversion_threshold = 0 keeps the list a list.
PORTFOLIO_RECEIVABLES_SQL = _portfolio_receivables_sql(per_voucher_hint="")
WHOLE_LEDGER_RECEIVABLES_SQL = _portfolio_receivables_sql(per_voucher_hint="SQL_BIG_RESULT")
# MariaDB syntax (SET STATEMENT ... FOR, SQL_BIG_RESULT), like the queries above: the app runs on MariaDB,
# as ERPNext does, and install.check_database refuses any other database.
PORTFOLIO_RECEIVABLES_SETTINGS = (
	"SET STATEMENT max_length_for_sort_data = 8192, optimizer_switch = 'derived_merge=off',"
	" in_predicate_conversion_threshold = 0 FOR"
)


def portfolio_receivables(customers: list[str], company: str, today: date | str | None = None) -> dict:
	"""Per customer, in one query over Payment Ledger Entry whatever the number of customers:
	outstanding, overdue split by days past due (0-30, 31-60, 61-90, 90+), the last payment date, and
	the totals of the invoice history the reliability score needs (rules.scoring.HistoryTotals)."""
	if not customers:
		return {}
	today = getdate(today or nowdate())
	values = {"company": company, "customers": tuple(customers), "today": today}
	for days in (30, 31, 60, 61, 90, 91):
		values[f"due_{days}"] = add_days(today, -days)
	most = len(customers) * 2 > frappe.db.count("Customer", cache=True)
	query = WHOLE_LEDGER_RECEIVABLES_SQL if most else PORTFOLIO_RECEIVABLES_SQL
	rows = frappe.db.sql(f"{PORTFOLIO_RECEIVABLES_SETTINGS} {query}", values)
	fields = (*PORTFOLIO_TOTALS, "last_payment_date", "oldest_overdue_days")
	result = {party: frappe._dict(zip(fields, values, strict=True)) for party, *values in rows}
	for customer in customers:
		if customer not in result:  # no ledger rows
			result[customer] = empty_portfolio_row()
	return result


def empty_portfolio_row():
	row = frappe._dict.fromkeys(PORTFOLIO_TOTALS, 0.0)
	row.last_payment_date = None
	row.oldest_overdue_days = 0
	return row


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
