"""Client Receivables against ERPNext's Accounts Receivable and the floor, on generated receivables.

    cd ~/frappe-bench/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/bench_client_receivables.py SITE

    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/bench_client_receivables.py SITE --sales-head

    --ar-runs N: warm rounds of Accounts Receivable (default 3; at 10,000,000 ledger rows one call takes
    minutes, so fewer rounds keep a run short)

Run benchmarks/generate_receivables.py on SITE first. For the 500 clients of one account manager (with
--sales-head: for every client of the company, as the Sales Head sees them, against the same floor of one
scan of the whole ledger as the daily collection job reads it, receivables.overdue_customers, and
ERPNext's Accounts Receivable for every customer; the check is then <= 2x the floor):
- Client Receivables, run as that manager;
- ERPNext's Accounts Receivable report for the same 500 customers (ageing by due date);
- the floor: one grouped query over Payment Ledger Entry for the same customers.
Checks: the same totals per client (outstanding and overdue by age) as Accounts Receivable, at most 10
queries, at least 20x faster than Accounts Receivable, within 3x of the floor (issue 6) and within 2x
(issue 16, at 1,000,000 and 10,000,000 rows). Times: the first call in
the process, then medians of warm calls taken in interleaved rounds (9 for the app and the floor, 3 for
Accounts Receivable). Prints the InnoDB buffer pool size and the ledger's size: when the ledger does not
fit in the pool, every call reads from disk.
"""

import gc
import statistics
import sys
import time

import frappe
from frappe.query_builder.functions import Sum
from frappe.utils import getdate, nowdate

MANAGER = "bm-manager-00@example.com"
BUCKETS = ("overdue_0_30", "overdue_31_60", "overdue_61_90", "overdue_90_plus")


class QueryCounter:
	def __enter__(self):
		self.calls = 0
		self.original = frappe.db.sql

		def counting(*args, **kwargs):
			self.calls += 1
			return self.original(*args, **kwargs)

		frappe.db.sql = counting
		return self

	def __exit__(self, *exc):
		frappe.db.sql = self.original


def measure(fns: dict, runs: dict) -> dict:
	"""Times each function: its first call in this process (cold Python and Frappe caches; the
	database's buffer pool is whatever it is), then `runs[name]` warm calls, interleaved round by round
	so that load from other processes on the machine weighs on all of them alike. Returns
	{name: (result, first_s, median_s, queries)}."""
	results, first, times = {}, {}, {name: [] for name in fns}
	for name, fn in fns.items():
		started = time.perf_counter()
		results[name] = fn()
		first[name] = time.perf_counter() - started
	queries = {}
	for round_no in range(max(runs.values())):
		for name, fn in fns.items():
			if round_no < runs[name]:
				gc.collect()  # nobody pays for the garbage another left behind
				# queries are counted on the last warm call (no extra call: one of Accounts Receivable
				# takes minutes at 10,000,000 ledger rows)
				with QueryCounter() as counter:
					started = time.perf_counter()
					fn()
					times[name].append(time.perf_counter() - started)
				queries[name] = counter.calls
	return {name: (results[name], first[name], statistics.median(times[name]), queries[name]) for name in fns}


def main(site, sales_head=False, ar_runs=None):
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		return run(sales_head, ar_runs)
	finally:
		frappe.destroy()


def sales_head_user() -> str:
	user = "bm-sales-head@example.com"
	if not frappe.db.exists("User", user):
		frappe.get_doc(
			{"doctype": "User", "email": user, "first_name": "Sales Head", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
		frappe.get_doc("User", user).add_roles("Sales Head", "Sales User")
		frappe.db.commit()
	return user


def run(sales_head=False, ar_runs=None):
	from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute as accounts_receivable

	from account_manager.account_manager.report.client_receivables.client_receivables import execute
	from account_manager.erp import receivables

	company = frappe.get_all("Company", pluck="name", limit=1)[0]
	today = getdate(nowdate())
	ple_rows = frappe.db.count("Payment Ledger Entry")
	user = sales_head_user() if sales_head else MANAGER
	customers = frappe.get_all(
		"Customer", filters={"disabled": 0} if sales_head else {"account_manager": MANAGER}, pluck="name"
	)

	def ours():
		frappe.set_user(user)
		try:
			return execute({"company": company, "only_with_debt": 0})[1]
		finally:
			frappe.set_user("Administrator")

	def erpnext():
		return accounts_receivable(
			{
				"company": company,
				"report_date": str(today),
				"party_type": "Customer",
				**({} if sales_head else {"party": customers}),
				"ageing_based_on": "Due Date",
				"calculate_ageing_with": "Report Date",
				"range": "30, 60, 90, 120",
			}
		)[1]

	def floor():
		if sales_head:  # one scan of the whole ledger, grouped per voucher then per customer
			return list(receivables.overdue_customers(company, today).items())
		ple = frappe.qb.DocType("Payment Ledger Entry")
		return (
			frappe.qb.from_(ple)
			.select(ple.party, Sum(ple.amount))
			.where(
				(ple.delinked == 0)
				& (ple.party_type == "Customer")
				& (ple.company == company)
				& ple.party.isin(customers)
			)
			.groupby(ple.party)
			.run()
		)

	runs = {"app": 5, "erpnext": 1, "floor": 5} if sales_head else {"app": 9, "erpnext": 3, "floor": 9}
	if ar_runs:
		runs["erpnext"] = ar_runs
	measured = measure({"app": ours, "erpnext": erpnext, "floor": floor}, runs)
	rows, ours_first, ours_s, ours_q = measured["app"]
	ar_rows, ar_first, ar_s, ar_q = measured["erpnext"]
	floor_rows, floor_first, floor_s, floor_q = measured["floor"]

	expected = {c: dict.fromkeys(("outstanding", *BUCKETS), 0.0) for c in customers}
	for row in ar_rows:
		if not row.get("voucher_no"):
			continue
		totals = expected[row["party"]]
		totals["outstanding"] += row["outstanding"]
		days = (today - getdate(row["due_date"])).days if row.get("due_date") else 0
		if days > 0 and row["outstanding"] > 0:
			totals[BUCKETS[0 if days <= 30 else 1 if days <= 60 else 2 if days <= 90 else 3]] += row[
				"outstanding"
			]
	mismatches = [
		(r["customer"], field, r[field], expected[r["customer"]][field])
		for r in rows
		for field in ("outstanding", *BUCKETS)
		if abs(r[field] - expected[r["customer"]][field]) > 0.01
	]
	floor_totals = {party: float(amount) for party, amount in floor_rows}
	compared = "overdue" if sales_head else "outstanding"  # what the floor sums
	floor_mismatch = [
		r["customer"] for r in rows if abs(r[compared] - floor_totals.get(r["customer"], 0)) > 0.01
	]
	total = sum(r["outstanding"] for r in rows)

	checks = {
		"same totals as Accounts Receivable": not mismatches and len(rows) == len(customers),
		f"same {compared} as the floor": not floor_mismatch,
		"at most 10 queries": ours_q <= 10,
	}
	if sales_head:
		checks["<= 2x the floor"] = ours_s / floor_s <= 2
	else:
		checks[">= 20x faster than Accounts Receivable"] = ar_s / ours_s >= 20
		checks["<= 3x the floor"] = ours_s / floor_s <= 3
		checks["<= 2x the floor (issue 16)"] = ours_s / floor_s <= 2
	pool = int(frappe.db.sql("select @@innodb_buffer_pool_size")[0][0])
	ledger_mb = frappe.db.sql(
		"""select (data_length + index_length) / 1048576 from information_schema.tables
		where table_schema = database() and table_name = 'tabPayment Ledger Entry'"""
	)[0][0]
	who = "the Sales Head, every client" if sales_head else "one manager's portfolio"
	print(f"\nPLE rows: {ple_rows:,}; {who}: {len(customers)} clients; outstanding {total:,.2f}")
	print(f"innodb_buffer_pool_size {pool / 1048576:,.0f} MB; Payment Ledger Entry {ledger_mb:,.0f} MB")
	print("| measured | first call (s) | warm median (s) | queries | ratio (warm) |")
	print("| --- | ---: | ---: | ---: | --- |")
	print(f"| Client Receivables (app) | {ours_first:.3f} | {ours_s:.3f} | {ours_q} | 1 |")
	print(
		f"| Accounts Receivable (ERPNext) | {ar_first:.3f} | {ar_s:.3f} | {ar_q} "
		f"| app is {ar_s / ours_s:.1f}x faster |"
	)
	floor_name = (
		"floor: one scan of the ledger (overdue_customers)" if sales_head else "floor: one grouped PLE query"
	)
	print(
		f"| {floor_name} | {floor_first:.3f} | {floor_s:.3f} | {floor_q} "
		f"| app is {ours_s / floor_s:.2f}x the floor |"
	)
	for name, ok in checks.items():
		print(f"{'PASS' if ok else 'FAIL'}: {name}")
	for mismatch in mismatches[:5]:
		print("mismatch:", mismatch)
	return 0 if all(checks.values()) else 1


if __name__ == "__main__":
	options = sys.argv[2:]
	ar_runs = int(options[options.index("--ar-runs") + 1]) if "--ar-runs" in options else None
	sys.exit(main(sys.argv[1], "--sales-head" in options, ar_runs))
