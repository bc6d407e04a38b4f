"""Generate receivables on a benchmark site the way ERPNext writes them, in bulk.

    cd ~/frappe-bench/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/generate_receivables.py SITE \
        --ple-rows 100000 --customers 10000

For every customer (20 account managers own 500 each): submitted Sales Invoices (header row with
its outstanding_amount), their GL Entries (debtors debit, income credit) and Payment Ledger Entries,
and payments against part of them (GL Entries: bank debit, debtors credit; a Payment Ledger Entry of
-amount against the invoice). About 60 % of the PLE rows are invoices, 40 % payments. Dates spread
over the last 400 days, due 30 days after posting. Everything the generator wrote carries the "BM-"
prefix and is deleted first, so a run replaces the previous one. At the end the PLE totals per
invoice are cross-checked against tabSales Invoice.outstanding_amount.

--no-gl writes no GL Entries: Accounts Receivable, Client Receivables and the floor read only Payment
Ledger Entry and Sales Invoice, and at 10,000,000 ledger rows the 20,000,000 GL Entries (some 17 indexes
each) were ~90 % of the load time (75 min projected against ~17 min without them).

Rows are bulk-loaded with LOAD DATA LOCAL INFILE in chunks of 100,000 ledger rows, every index of the
ERPNext tables kept (only unique_checks is off for the session); a table that holds only the
generator's rows is truncated rather than deleted row by row.

Never run this on a site with real data: it bulk-inserts into ERPNext's ledger tables.
"""

import argparse
import os
import random
import time
from datetime import timedelta

import frappe
from frappe.utils import getdate, now_datetime, nowdate

from account_manager.compat import FRAPPE_MAJOR

PREFIX = "BM-"
MANAGERS = 20
NULL = "\\N"
FLUSH_PLE_ROWS = 100_000


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("site")
	parser.add_argument("--ple-rows", type=int, default=100_000)
	parser.add_argument("--customers", type=int, default=10_000)
	parser.add_argument("--seed", type=int, default=6)
	parser.add_argument(
		"--no-gl",
		action="store_true",
		help="write no GL Entries (the reports measured read only Payment Ledger Entry and Sales Invoice)",
	)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	allow_local_infile()  # the bulk loads below (LOAD DATA LOCAL INFILE)
	frappe.connect()
	frappe.set_user("Administrator")
	# bulk load: the tables keep every index ERPNext defines; only the per-row unique lookups are skipped
	# (every name the generator writes is new: it deletes its own "BM-" rows first)
	frappe.db.sql("set session unique_checks = 0")
	started = time.time()
	try:
		generate(args.ple_rows, args.customers, random.Random(args.seed), gl_entries=not args.no_gl)
		frappe.db.commit()  # a generator's own transaction
		cross_check(gl_entries=not args.no_gl)
	finally:
		frappe.destroy()
	print(f"done in {time.time() - started:.0f}s")


def company_context():
	company = frappe.get_all("Company", pluck="name", limit=1)[0]
	doc = frappe.get_doc("Company", company)
	bank = frappe.db.get_value("Account", {"company": company, "account_type": "Cash", "is_group": 0}, "name")
	return frappe._dict(
		company=company,
		currency=doc.default_currency,
		debtors=doc.default_receivable_account,
		income=doc.default_income_account,
		cost_center=doc.cost_center,
		bank=bank,
		customer_group=frappe.db.get_value("Customer Group", {"is_group": 0}, "name"),
		territory=frappe.db.get_value("Territory", {"is_group": 0}, "name"),
	)


def fiscal_years():
	years = frappe.get_all("Fiscal Year", fields=["name", "year_start_date", "year_end_date"])

	def year_of(day):
		for y in years:
			if getdate(y.year_start_date) <= day <= getdate(y.year_end_date):
				return y.name
		raise ValueError(f"no fiscal year for {day}")

	return year_of


def managers() -> list[str]:
	users = []
	for i in range(MANAGERS):
		email = f"bm-manager-{i:02d}@example.com"
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": f"Manager {i:02d}",
					"send_welcome_email": 0,
					"user_type": "System User",
				}
			).insert(ignore_permissions=True)
			user.add_roles("Account Manager", "Sales User")
		users.append(email)
	return users


def clear():
	"""Deletes what a previous run wrote; a table that holds nothing else (a site made for the benchmark)
	is truncated instead: deleting 10,000,000 rows row by row takes longer than writing them."""
	for table, column in (
		("Payment Ledger Entry", "name"),
		("GL Entry", "name"),
		("Sales Invoice", "name"),
		("Customer", "name"),
	):
		others = frappe.db.sql(
			f"select 1 from `tab{table}` where `{column}` not like %s limit 1", PREFIX + "%"
		)
		if others:
			frappe.db.sql(f"delete from `tab{table}` where `{column}` like %s", PREFIX + "%")
		else:
			frappe.db.sql_ddl(f"truncate table `tab{table}`")
	frappe.db.commit()


def allow_local_infile():
	"""LOAD DATA LOCAL INFILE on the site's connection: v15 reads frappe.conf.local_infile; v16's
	connection (mysqlclient) sets local_infile off whatever the config says, so it is turned on in the
	settings it connects with (this generator's process only)."""
	frappe.conf.local_infile = 1
	if FRAPPE_MAJOR >= 16:
		from frappe.database.mariadb import mysqlclient

		settings = mysqlclient.MariaDBConnectionUtil.get_connection_settings
		mysqlclient.MariaDBConnectionUtil.get_connection_settings = lambda self: {
			**settings(self),
			"local_infile": True,
		}


def insert(table: str, columns: list[str], rows: list[tuple]):
	"""Bulk-loads rows with LOAD DATA LOCAL INFILE (tab-separated, \\N for NULL): at 10,000,000 ledger
	rows, escaping every value in pymysql for multi-row INSERTs was most of the generator's time. The
	values are the generator's own (names, dates, numbers): no tabs, newlines or backslashes."""
	if not rows:
		return
	# the columns the major's table has (ERPNext v16's Sales Invoice has no `title`)
	existing = set(frappe.db.get_table_columns(table))
	keep = [i for i, column in enumerate(columns) if column in existing]
	if len(keep) < len(columns):
		columns = [columns[i] for i in keep]
		rows = [tuple(row[i] for i in keep) for row in rows]
	path = f"/tmp/generate_receivables_{frappe.local.site}_{os.getpid()}.tsv"
	with open(path, "w") as f:
		f.writelines("\t".join([NULL if v is None else str(v) for v in row]) + "\n" for row in rows)
	try:
		frappe.db.sql(
			"load data local infile %s into table `tab{}` character set utf8mb4 fields terminated by '\\t' "
			"lines terminated by '\\n' ({})".format(table, ", ".join(f"`{c}`" for c in columns)),
			(path,),
		)
	finally:
		os.remove(path)


def generate(ple_rows: int, customers: int, rng: random.Random, gl_entries: bool = True):
	ctx = company_context()
	year_of = fiscal_years()
	owners = managers()
	clear()
	print(f"previous run's rows deleted, {time.time() - _started:.0f}s", flush=True)
	now = now_datetime()
	today = getdate(nowdate())
	base = ("Administrator", "Administrator", now, now)
	audit = ["owner", "modified_by", "creation", "modified"]

	print(f"customers: {customers}")
	names = [f"{PREFIX}CUST-{i:05d}" for i in range(customers)]
	insert(
		"Customer",
		["name", "customer_name", "customer_type", "customer_group", "territory", "account_manager", *audit],
		[
			(
				n,
				f"Benchmark Client {i:05d}",
				"Company",
				ctx.customer_group,
				ctx.territory,
				owners[i % MANAGERS],
				*base,
			)
			for i, n in enumerate(names)
		],
	)

	invoices_wanted = int(ple_rows * 0.6)
	payments_wanted = ple_rows - invoices_wanted
	invoice_rows, gl_rows, ple = [], [], []
	pay_chance = payments_wanted / invoices_wanted
	gl_id = ple_id = pe_id = 0
	si_columns = [
		"name", "naming_series", "title", "customer", "customer_name", "company", "posting_date", "posting_time",
		"due_date", "currency", "conversion_rate", "price_list_currency", "plc_conversion_rate", "debit_to",
		"party_account_currency", "total", "net_total", "base_total", "base_net_total", "grand_total",
		"base_grand_total", "rounded_total", "base_rounded_total", "outstanding_amount", "docstatus", "status",
		"is_return", *audit,
	]  # fmt: skip
	gl_columns = [
		"name", "posting_date", "transaction_date", "account", "party_type", "party", "cost_center", "debit",
		"credit", "account_currency", "debit_in_account_currency", "credit_in_account_currency", "against",
		"against_voucher_type", "against_voucher", "voucher_type", "voucher_no", "is_opening", "is_advance",
		"fiscal_year", "company", "is_cancelled", "docstatus", "remarks", *audit,
	]  # fmt: skip
	ple_columns = [
		"name", "posting_date", "account_type", "account", "party_type", "party", "voucher_type", "voucher_no",
		"against_voucher_type", "against_voucher_no", "amount", "account_currency",
		"amount_in_account_currency", "delinked", "company", "cost_center", "due_date", "docstatus", *audit,
	]  # fmt: skip

	def gl(posting, account, party, debit, credit, against_type, against, vtype, vno, against_party):
		nonlocal gl_id
		gl_id += 1
		if not gl_entries:
			return
		gl_rows.append(
			(
				f"{PREFIX}GL-{gl_id:08d}",
				posting,
				posting,
				account,
				"Customer" if party else None,
				party,
				ctx.cost_center,
				debit,
				credit,
				ctx.currency,
				debit,
				credit,
				against_party,
				against_type,
				against,
				vtype,
				vno,
				"No",
				"No",
				year_of(posting),
				ctx.company,
				0,
				1,
				None,
				*base,
			)
		)

	def ledger(posting, party, vtype, vno, against, amount, due):
		nonlocal ple_id
		ple_id += 1
		ple.append(
			(
				f"{PREFIX}PLE-{ple_id:08d}",
				posting,
				"Receivable",
				ctx.debtors,
				"Customer",
				party,
				vtype,
				vno,
				"Sales Invoice",
				against,
				amount,
				ctx.currency,
				amount,
				0,
				ctx.company,
				ctx.cost_center,
				due,
				1,
				*base,
			)
		)

	payments = 0
	for i in range(invoices_wanted):
		customer = names[i % customers]
		posting = today - timedelta(days=rng.randint(0, 400))
		due = posting + timedelta(days=30)
		amount = float(rng.randint(100, 20000))
		invoice = f"{PREFIX}SINV-{i:07d}"
		paid = 0.0
		if payments < payments_wanted and rng.random() < pay_chance:
			paid = amount if rng.random() < 0.6 else float(rng.randint(1, int(amount) - 1))
		outstanding = amount - paid
		status = "Paid" if not outstanding else ("Overdue" if due < today else "Unpaid")
		invoice_rows.append(
			(
				invoice,
				"ACC-SINV-.YYYY.-",
				customer,
				customer,
				f"Benchmark Client {i % customers:05d}",
				ctx.company,
				posting,
				"12:00:00",
				due,
				ctx.currency,
				1,
				ctx.currency,
				1,
				ctx.debtors,
				ctx.currency,
				amount,
				amount,
				amount,
				amount,
				amount,
				amount,
				amount,
				amount,
				outstanding,
				1,
				status,
				0,
				*base,
			)
		)
		gl(
			posting,
			ctx.debtors,
			customer,
			amount,
			0,
			"Sales Invoice",
			invoice,
			"Sales Invoice",
			invoice,
			ctx.income,
		)
		gl(posting, ctx.income, None, 0, amount, None, None, "Sales Invoice", invoice, customer)
		ledger(posting, customer, "Sales Invoice", invoice, invoice, amount, due)
		if paid:
			payments += 1
			pe_id += 1
			payment = f"{PREFIX}PE-{pe_id:07d}"
			paid_on = min(today, posting + timedelta(days=rng.randint(0, 60)))
			gl(
				paid_on,
				ctx.debtors,
				customer,
				0,
				paid,
				"Sales Invoice",
				invoice,
				"Payment Entry",
				payment,
				ctx.bank,
			)
			gl(paid_on, ctx.bank, None, paid, 0, None, None, "Payment Entry", payment, customer)
			ledger(paid_on, customer, "Payment Entry", payment, invoice, -paid, None)
		if len(ple) >= FLUSH_PLE_ROWS:
			flush(si_columns, invoice_rows, gl_columns, gl_rows, ple_columns, ple, ple_id)
	flush(si_columns, invoice_rows, gl_columns, gl_rows, ple_columns, ple, ple_id)
	gl_written = gl_id if gl_entries else 0
	print(f"invoices: {invoices_wanted}, payments: {payments}, PLE rows: {ple_id}, GL rows: {gl_written}")


_started = time.time()


def flush(si_columns, invoice_rows, gl_columns, gl_rows, ple_columns, ple, ple_written):
	insert("Sales Invoice", si_columns, invoice_rows)
	insert("GL Entry", gl_columns, gl_rows)
	insert("Payment Ledger Entry", ple_columns, ple)
	frappe.db.commit()
	# a running count: count(*) of the whole ledger after every chunk made the run quadratic at 10M rows
	print(f"  ... {ple_written} PLE rows written, {time.time() - _started:.0f}s", flush=True)
	invoice_rows.clear()
	gl_rows.clear()
	ple.clear()


def cross_check(gl_entries: bool = True):
	"""The ledger and the invoices agree: per invoice, PLE total = outstanding_amount; GL debtors
	balance = PLE total (unless no GL Entries were written)."""
	mismatched = frappe.db.sql(
		"""select count(*) from `tabSales Invoice` si
		join (select against_voucher_no, sum(amount) as amount from `tabPayment Ledger Entry`
			where delinked = 0 and against_voucher_type = 'Sales Invoice' and against_voucher_no like %(p)s
			group by against_voucher_no) ple on ple.against_voucher_no = si.name
		where abs(ple.amount - si.outstanding_amount) > 0.005""",
		{"p": PREFIX + "%"},
	)[0][0]
	ple_total = frappe.db.sql(
		"select sum(amount), count(*) from `tabPayment Ledger Entry` where name like %s", PREFIX + "%"
	)[0]
	si_total = frappe.db.sql(
		"select sum(outstanding_amount) from `tabSales Invoice` where name like %s", PREFIX + "%"
	)[0][0]
	gl_total = (
		frappe.db.sql(
			"select sum(debit - credit) from `tabGL Entry` where name like %s and party_type = 'Customer'",
			PREFIX + "%",
		)[0][0]
		if gl_entries
		else si_total
	)
	print(
		f"cross-check: {ple_total[1]} PLE rows, PLE total {ple_total[0]:.2f}, "
		f"Sales Invoice outstanding {si_total:.2f}, "
		f"GL debtors {f'{gl_total:.2f}' if gl_entries else '(no GL Entries written)'}, invoices mismatched {mismatched}"
	)
	if mismatched or abs(ple_total[0] - si_total) > 0.01 or abs(gl_total - si_total) > 0.01:
		raise SystemExit("cross-check FAILED")


if __name__ == "__main__":
	main()
