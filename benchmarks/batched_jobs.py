"""Benchmark: a scheduler job in batches on real RQ workers, with 1 or 2 workers, and a worker killed
midway (issue 16, DR2).

    cd ~/frappe-bench/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/batched_jobs.py SITE \
        --job collection --workers 2 [--kill-at 0.3]

The site holds the receivables of benchmarks/generate_receivables.py (10,000 customers, 1,000,000
Payment Ledger Entry rows; never a site with real data). What the job made on the generated customers
before (collection plans, their steps, ToDos and draft Dunnings; or the period's reconciliations) is
deleted first, so every run starts from nothing. Then the workers are started (`bench worker --queue
long`, real processes on the bench's Redis), the job plans its batches in this process as the scheduler
would, and the run is followed on its Job Run until it completes.

--kill-at 0.3: when 30 % of the batches are done, the worker's process group (the worker and the work
horse running a batch) is killed with SIGKILL and a new worker started; resume_job_runs is called every
15 s, as the scheduler calls it every 5 minutes; the killed batch runs again once it has been running
longer than RQ would let it (the batch timeout + 60 s). At the end: every customer that needs a plan has
exactly one open plan (or every active customer exactly one reconciliation), none twice.
"""

import argparse
import os
import signal
import subprocess
import sys
import time

import frappe
from frappe.utils import getdate, nowdate, time_diff_in_seconds

JOBS = {
	"collection": "account_manager.account_manager.doctype.collection_plan.collection_plan.collect",
	"reconciliations": "account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation.draft_reconciliations",
}


def clear(job: str) -> None:
	"""Remove what the job made on the generated customers (BM-), so the run starts from nothing."""
	if job == "collection":
		plans = frappe.db.sql_list("select name from `tabCollection Plan` where customer like 'BM-%%'")
		for chunk in (plans[i : i + 1000] for i in range(0, len(plans), 1000)):
			frappe.db.delete("Collection Plan Step", {"parent": ("in", chunk)})
			frappe.db.delete("ToDo", {"reference_type": "Collection Plan", "reference_name": ("in", chunk)})
			frappe.db.delete("Collection Plan", {"name": ("in", chunk)})
		frappe.db.sql("delete from `tabDunning` where customer like 'BM-%%' and docstatus=0")
	else:
		names = frappe.db.sql_list(
			"select name from `tabSettlement Reconciliation` where customer like 'BM-%%'"
		)
		for chunk in (names[i : i + 1000] for i in range(0, len(names), 1000)):
			frappe.db.delete("Settlement Reconciliation Entry", {"parent": ("in", chunk)})
			frappe.db.delete("Settlement Reconciliation", {"name": ("in", chunk)})
	frappe.db.delete("Job Run Batch", {"parent": ("in", frappe.get_all("Job Run", pluck="name"))})
	frappe.db.delete("Job Run")
	frappe.db.commit()


def expected(job: str, company: str) -> set[str]:
	if job == "collection":
		from account_manager.erp import receivables
		from account_manager.rules.collection import needs_plan

		today = getdate(nowdate())
		overdue = receivables.overdue_customers(company, today)
		balances = receivables.party_balances(sorted(overdue), company, today)
		return {c for c in overdue if c.startswith("BM-") and needs_plan(balances[c].overdue)}
	from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
		previous_month_period,
	)
	from account_manager.erp import statements

	return {c for c in statements.active_customers(company, *previous_month_period()) if c.startswith("BM-")}


def made(job: str) -> list[str]:
	if job == "collection":
		return frappe.db.sql_list(
			"select customer from `tabCollection Plan` where customer like 'BM-%%' and status='Open'"
		)
	return frappe.db.sql_list(
		"select customer from `tabSettlement Reconciliation` where customer like 'BM-%%'"
	)


def start_worker() -> subprocess.Popen:
	bench = os.path.dirname(os.path.abspath("."))
	return subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", "long"],
		cwd=os.path.join(bench, "sites"),
		env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,  # its own process group, apart from this script's
	)


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
	"""Stop the worker and its work horse: RQ forks the horse into a session of its own (setsid), so it is
	found by its parent and killed with it."""
	horses = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True).stdout.split()
	for pid in horses:
		try:
			os.killpg(int(pid), sig)
		except ProcessLookupError:
			pass
	try:
		os.killpg(worker.pid, sig)
	except ProcessLookupError:
		return
	worker.wait(timeout=60)


def plan(job: str, company: str) -> None:
	if job == "collection":
		from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection

		run_collection()
	else:
		from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
			draft_monthly_reconciliations,
		)

		draft_monthly_reconciliations()
	frappe.db.commit()


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("site")
	parser.add_argument("--job", choices=sorted(JOBS), default="collection")
	parser.add_argument("--workers", type=int, default=1)
	parser.add_argument("--kill-at", type=float, default=0, help="kill a worker when this share is done")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from account_manager import batches
	from account_manager.utils import default_company

	company = default_company()
	clear(args.job)
	want = expected(args.job, company)
	print(f"{args.job}: {len(want)} generated customers to handle, {args.workers} worker(s)")

	workers = [start_worker() for _ in range(args.workers)]
	killed = None
	try:
		start = time.perf_counter()
		plan(args.job, company)
		planned = time.perf_counter() - start
		run = frappe.get_last_doc("Job Run", filters={"method": JOBS[args.job]})
		total, last_resume = len(run.batches), 0.0
		print(f"planned {total} batches of {run.batch_size} in {planned:.1f} s")
		while True:
			time.sleep(2)
			frappe.db.rollback()  # a fresh snapshot
			status, done = frappe.db.get_value("Job Run", run.name, ["status", "batches_done"])
			if status in (batches.COMPLETED, batches.INCOMPLETE):
				break
			if args.kill_at and not killed and done >= args.kill_at * total:
				running = frappe.get_all(
					"Job Run Batch", {"parent": run.name, "status": "Running"}, pluck="batch_no"
				)
				stop(workers[0], signal.SIGKILL)
				killed = (time.perf_counter() - start, running)
				print(
					f"killed worker {workers[0].pid} at {killed[0]:.0f} s, {done}/{total} done, running {running}"
				)
				workers[0] = start_worker()
			if killed and time.perf_counter() - last_resume > 15:
				last_resume = time.perf_counter()
				requeued = batches.resume_job_runs()
				if requeued:
					print(
						f"resume_job_runs queued again {len(requeued)} batch(es) at {last_resume - start:.0f} s"
					)
		elapsed = time.perf_counter() - start
	finally:
		for worker in workers:
			stop(worker)

	run = frappe.get_doc("Job Run", run.name)
	durations = sorted(
		time_diff_in_seconds(b.finished_on, b.started_on) for b in run.batches if b.finished_on
	)
	got = made(args.job)
	twice = len(got) - len(set(got))
	print(
		f"\n| job | workers | worker killed | batches | whole run | longest batch | median batch | "
		f"items | made | twice | missing |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
		f"| {args.job} | {args.workers} | {f'at {killed[0]:.0f} s' if killed else 'no'} | {total} | "
		f"{elapsed:.0f} s | {durations[-1]:.1f} s | {durations[len(durations) // 2]:.1f} s | "
		f"{run.total_items} | {len(set(got))} | {twice} | {len(want - set(got))} |"
	)
	print(
		f"status {run.status}; batches run more than once: "
		f"{[b.batch_no for b in run.batches if b.attempts > 1]}; batch timeout {batches.batch_timeout()} s"
	)
	ok = run.status == batches.COMPLETED and not twice and not (want - set(got))
	frappe.destroy()
	return 0 if ok else 1


if __name__ == "__main__":
	sys.exit(main())
