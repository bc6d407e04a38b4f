"""Benchmark: a scheduler job in batches on real RQ workers, with 1 or 2 workers, and a worker killed
midway (issue 16, DR2).

    cd ~/frappe-bench/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/batched_jobs.py SITE \
        --job collection|reconciliations|timeliness|greetings|expiry|reports --workers 2 [--kill-at 0.3]

The site holds the receivables of benchmarks/generate_receivables.py (10,000 customers, 1,000,000
Payment Ledger Entry rows, 20 managers x 500 customers; never a site with real data). The generator
makes no Client Cards, offers, contacts or KPI plans: the benchmark adds what its job needs, by bulk
inserts of "BM-" records, deleted and made again on every run so that every run starts the same:

- timeliness: a Client Card per generated customer (10,000, made once; their scores emptied each run);
- greetings: those cards, 2 contacts per customer (20,000) with birthdays spread over the year, and a
  professional holiday per card, one of 4 trades; the days of 2 trades fall in the coming week — the
  busiest realistic week: ~5,000 holidays and ~440 birthdays to remind of;
- expiry: 10,000 open offers past their Valid Till (one per card) and 1,000 still valid, which must stay
  open;
- reports: a KPI plan for last month for --managers managers (200: the 20 owners and 180 without
  clients; 20 managers would be one batch of 25, nothing to share between workers or to kill midway).

What the job made before (plans, reconciliations, ToDos, reports) is deleted first. Then the workers are
started (`bench worker --queue long`, real processes on the bench's Redis), the job plans its batches
in this process as the scheduler would, and the run is followed on its Job Run(s) until it completes.

--kill-at 0.3: when 30 % of the batches are done, the worker's process group (the worker and the work
horse running a batch) is killed with SIGKILL and a new worker started; resume_job_runs is called every
15 s, as the scheduler calls it every 5 minutes; the killed batch runs again once it has been running
longer than RQ would let it (the batch timeout + 60 s). At the end every check is printed as PASS or
FAIL (each item handled exactly once: none twice, none missing), and the exit status is 1 on a FAIL.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta

from rq import Worker

import frappe
from frappe.utils import add_years, getdate, now_datetime, nowdate, time_diff_in_seconds
from frappe.utils.background_jobs import get_redis_conn

from account_manager import batches
from account_manager.account_manager.doctype.account_manager_report.account_manager_report import (
	draft_monthly_reports,
)
from account_manager.account_manager.doctype.client_card.client_card import REQUIRED_FOR_TIMELINESS
from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection
from account_manager.account_manager.doctype.commercial_offer.commercial_offer import (
	OPEN_STATUSES,
	expire_offers,
)
from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
	draft_monthly_reconciliations,
	previous_month_period,
)
from account_manager.erp import receivables, statements
from account_manager.rules.collection import needs_plan
from account_manager.rules.kpi import previous_month
from account_manager.rules.scoring import card_timeliness
from account_manager.tasks import (
	parties_with_contacts,
	remind_greetings,
	upcoming_occasions,
	update_card_timeliness,
)
from account_manager.utils import default_company

PREFIX = "BM-"
OWNERS = 20  # generate_receivables.py: bm-manager-00 … 19 own 500 customers each
CHUNK = 5000
AUDIT = ["owner", "modified_by", "creation", "modified"]
DOCTYPE = "account_manager.account_manager.doctype."
JOBS = {
	"collection": (DOCTYPE + "collection_plan.collection_plan.collect", run_collection),
	"reconciliations": (
		DOCTYPE + "settlement_reconciliation.settlement_reconciliation.draft_reconciliations",
		draft_monthly_reconciliations,
	),
	"timeliness": ("account_manager.tasks.score_cards", update_card_timeliness),
	"greetings": ("account_manager.tasks.remind", remind_greetings),
	"expiry": (DOCTYPE + "commercial_offer.commercial_offer.expire", expire_offers),
	"reports": (
		DOCTYPE + "account_manager_report.account_manager_report.draft_reports",
		draft_monthly_reports,
	),
}
TRADES = [("Builders' Day", 2), ("Accountants' Day", 6), ("Pharmacists' Day", 100), ("Drivers' Day", 200)]


def insert(table: str, columns: list[str], rows: list[tuple]) -> None:
	"""Bulk insert, as generate_receivables.py does; every row gets the audit columns."""
	now = now_datetime()
	base = ("Administrator", "Administrator", now, now)
	sql = "insert into `tab{}` ({}) values ({})".format(
		table, ", ".join(f"`{c}`" for c in [*columns, *AUDIT]), ", ".join(["%s"] * (len(columns) + 4))
	)
	for start in range(0, len(rows), CHUNK):
		frappe.db._cursor.executemany(sql, [(*row, *base) for row in rows[start : start + CHUNK]])


def delete_like(table: str, column: str, pattern: str, **equal) -> None:
	where = "".join(f" and `{k}`=%({k})s" for k in equal)
	frappe.db.sql(
		f"delete from `tab{table}` where `{column}` like %(pattern)s{where}", {"pattern": pattern, **equal}
	)


def customers() -> list[tuple[str, str, str]]:
	"""(customer, its name, its manager) of the generated customers."""
	return frappe.db.sql(
		"select name, customer_name, account_manager from `tabCustomer` where name like 'BM-%%' order by name"
	)


def card_of(customer: str) -> str:
	return customer.replace(f"{PREFIX}CUST-", f"{PREFIX}CC-")


def make_cards(company: str) -> None:
	"""A Client Card per generated customer, made once: half with the fields timeliness counts filled,
	reviewed at various ages; every score set to -1 (no score the rule gives), so a run scores every card."""
	if frappe.db.count("Client Card", {"name": ("like", f"{PREFIX}CC-%")}) != len(customers()):
		rng = random.Random(16)
		today = getdate(nowdate())
		delete_like("Client Card", "name", f"{PREFIX}CC-%")
		rows = []
		for customer, customer_name, manager in customers():
			full = rng.random() < 0.5
			rows.append(
				(
					card_of(customer),
					"Customer",
					customer,
					customer_name,
					manager,
					company,
					rng.choice("ABC") if full else None,
					"Steel profiles, monthly" if full else None,
					rng.choice(["Small", "Medium", "Large"]) if full or rng.random() < 0.5 else None,
					rng.choice(["Price", "Quality", "Service"]) if full else None,
					today + timedelta(days=rng.randint(-20, 40)) if full else None,
					today - timedelta(days=rng.randint(0, 90)) if rng.random() < 0.8 else None,
				)
			)
		columns = ["name", "party_type", "party", "party_name", "account_manager", "company", "segment"]
		columns += ["needs", "purchase_level", "focus", "next_contact_date", "last_reviewed_on"]
		insert("Client Card", columns, rows)
	frappe.db.sql("update `tabClient Card` set timeliness_score=-1 where name like 'BM-CC-%%'")
	frappe.db.delete("Version", {"ref_doctype": "Client Card", "docname": ("like", f"{PREFIX}CC-%")})


def make_occasions() -> None:
	"""2 contacts per customer, birthdays spread over the year, and a trade holiday per card (TRADES:
	the days of 2 of the 4 trades fall in the coming week)."""
	rng = random.Random(8)
	today = getdate(nowdate())
	delete_like("Dynamic Link", "parent", f"{PREFIX}CON-%", parenttype="Contact")
	delete_like("Contact", "name", f"{PREFIX}CON-%")
	delete_like("Client Card Holiday", "parent", f"{PREFIX}CC-%")
	contacts, links, holidays = [], [], []
	for i, (customer, _name, _manager) in enumerate(customers()):
		for k in range(2):
			contact = f"{PREFIX}CON-{i:05d}-{k}"
			born = date(rng.randint(1960, 1995), 1, 1) + timedelta(days=rng.randrange(365))
			contacts.append((contact, f"Person {i:05d}-{k}", f"Person {i:05d}-{k}", born, "Passive"))
			links.append((f"{PREFIX}DL-{i:05d}-{k}", contact, "Contact", "links", 1, "Customer", customer))
		trade, days = TRADES[i % len(TRADES)]
		when = add_years(today + timedelta(days=days), -1)
		holidays.append(
			(f"{PREFIX}CCH-{i:05d}", card_of(customer), "Client Card", "trade_holidays", 1, trade, when)
		)
	insert("Contact", ["name", "first_name", "full_name", "birthday", "status"], contacts)
	insert(
		"Dynamic Link",
		["name", "parent", "parenttype", "parentfield", "idx", "link_doctype", "link_name"],
		links,
	)
	columns = ["name", "parent", "parenttype", "parentfield", "idx", "holiday_name", "holiday_date"]
	insert("Client Card Holiday", columns, holidays)


def make_offers(company: str, count: int = 10_000, valid: int = 1_000) -> None:
	"""`count` open offers past their Valid Till (one per card, cycling) and `valid` still valid."""
	today = getdate(nowdate())
	currency = frappe.get_cached_value("Company", company, "default_currency")
	delete_like("Version", "docname", f"{PREFIX}CO%", ref_doctype="Commercial Offer")
	delete_like("Commercial Offer", "name", f"{PREFIX}CO%")
	cards = customers()
	rows = []
	for i in range(count + valid):
		customer, customer_name, manager = cards[i % len(cards)]
		name = f"{PREFIX}CO-{i:05d}" if i < count else f"{PREFIX}COV-{i:05d}"
		till = today - timedelta(days=1 + i % 30) if i < count else today + timedelta(days=i % 30)
		channel, status, sent = (
			["E-mail", "Phone", "Meeting"][i % 3],
			OPEN_STATUSES[i % 3],
			till - timedelta(days=30),
		)
		card = (card_of(customer), "Customer", customer, customer_name)
		rows.append(
			(name, "CO-.YYYY.-.#####", *card, channel, status, sent, till, manager, company, currency)
		)
	columns = ["name", "naming_series", "client_card", "party_type", "party", "party_name", "channel"]
	columns += ["status", "transaction_date", "valid_till", "account_manager", "company", "currency"]
	insert("Commercial Offer", columns, rows)


def managers(count: int) -> list[str]:
	"""The generator's 20 managers and as many more (users with the Account Manager role) as asked."""
	users = [f"bm-manager-{i:02d}@example.com" for i in range(count)]
	missing = [u for u in users if not frappe.db.exists("User", u)]
	insert(
		"User",
		["name", "email", "first_name", "full_name", "enabled", "user_type", "send_welcome_email"],
		[(u, u, u.split("@")[0], u.split("@")[0], 1, "System User", 0) for u in missing],
	)
	insert(
		"Has Role",
		["name", "parent", "parenttype", "parentfield", "idx", "role"],
		[(f"{PREFIX}HR-{u}", u, "User", "roles", 1, "Account Manager") for u in missing],
	)
	return users


def make_plans(company: str, count: int) -> None:
	"""A KPI plan for last month for `count` managers."""
	month = previous_month(getdate(nowdate()))
	delete_like("KPI Plan", "name", f"{PREFIX}KPI-%")
	columns = ["name", "account_manager", "month", "company", "calls_per_day", "email_offers_per_day"]
	columns += ["phone_offers_per_day", "new_client_contracts", "new_prospects", "turnover"]
	rows = [
		(f"{PREFIX}KPI-{month:%Y-%m}-{i:03d}", user, month, company, 30, 5, 5, 2, 10, 100_000)
		for i, user in enumerate(managers(count))
	]
	insert("KPI Plan", columns, rows)


def clear_made(job: str) -> None:
	"""Remove what the job made on the generated records, so the run starts from nothing."""
	if job == "collection":
		plans = frappe.db.sql_list("select name from `tabCollection Plan` where customer like 'BM-%%'")
		for chunk in (plans[i : i + 1000] for i in range(0, len(plans), 1000)):
			frappe.db.delete("Collection Plan Step", {"parent": ("in", chunk)})
			frappe.db.delete("ToDo", {"reference_type": "Collection Plan", "reference_name": ("in", chunk)})
			frappe.db.delete("Collection Plan", {"name": ("in", chunk)})
		frappe.db.sql("delete from `tabDunning` where customer like 'BM-%%' and docstatus=0")
	elif job == "reconciliations":
		names = frappe.db.sql_list(
			"select name from `tabSettlement Reconciliation` where customer like 'BM-%%'"
		)
		for chunk in (names[i : i + 1000] for i in range(0, len(names), 1000)):
			frappe.db.delete("Settlement Reconciliation Entry", {"parent": ("in", chunk)})
			frappe.db.delete("Settlement Reconciliation", {"name": ("in", chunk)})
	elif job == "greetings":
		delete_like("ToDo", "reference_name", f"{PREFIX}CC-%", reference_type="Client Card")
	elif job == "reports":
		names = frappe.db.sql_list(
			"select name from `tabAccount Manager Report` where account_manager like 'bm-manager-%%'"
		)
		names = names or [""]
		for table in ("Account Manager Report Call Stat", "Account Manager Report Client"):
			frappe.db.delete(table, {"parent": ("in", names)})
		frappe.db.delete("Version", {"ref_doctype": "Account Manager Report", "docname": ("in", names)})
		frappe.db.delete("Account Manager Report", {"name": ("in", names)})
	frappe.db.delete("Job Run Batch", {"parent": ("in", frappe.get_all("Job Run", pluck="name"))})
	frappe.db.delete("Job Run")


def prepare(job: str, company: str, args) -> None:
	clear_made(job)
	if job in ("timeliness", "greetings", "expiry"):
		make_cards(company)
	if job == "greetings":
		make_occasions()
	elif job == "expiry":
		make_offers(company, args.offers)
	elif job == "reports":
		make_plans(company, args.managers)
	frappe.db.commit()  # a benchmark's own data, seen by the workers


def expected(job: str, company: str) -> set:
	"""What the job must make (or bring about) on the generated records, each exactly once."""
	today = getdate(nowdate())
	if job == "collection":
		overdue = receivables.overdue_customers(company, today)
		balances = receivables.party_balances(sorted(overdue), company, today)
		return {c for c in overdue if c.startswith(PREFIX) and needs_plan(balances[c].overdue)}
	if job == "reconciliations":
		return {
			c for c in statements.active_customers(company, *previous_month_period()) if c.startswith(PREFIX)
		}
	if job in ("timeliness", "expiry"):
		prefix = f"{PREFIX}CC-%" if job == "timeliness" else f"{PREFIX}CO-%"
		doctype = "Client Card" if job == "timeliness" else "Commercial Offer"
		return set(frappe.get_all(doctype, {"name": ("like", prefix)}, pluck="name"))
	if job == "greetings":
		return {
			(o["account_manager"], o["client_card"], str(o["date"]), o["description"])
			for o in upcoming_occasions(today)
			if o["client_card"].startswith(PREFIX)
		}
	month = previous_month(today)
	return set(
		frappe.get_all(
			"KPI Plan", {"month": month, "name": ("like", f"{PREFIX}KPI-%")}, pluck="account_manager"
		)
	)


def made(job: str) -> list:
	"""What the job made (or brought about) on the generated records, one entry per record made."""
	if job == "collection":
		return frappe.db.sql_list(
			"select customer from `tabCollection Plan` where customer like 'BM-%%' and status='Open'"
		)
	if job == "reconciliations":
		return frappe.db.sql_list(
			"select customer from `tabSettlement Reconciliation` where customer like 'BM-%%'"
		)
	if job == "timeliness":
		return [card for card, ok in scored_cards().items() if ok]
	if job == "expiry":  # an Expired offer, once per Version written on it
		return frappe.db.sql_list(
			"""select o.name from `tabCommercial Offer` o join `tabVersion` v
			on v.ref_doctype='Commercial Offer' and v.docname=o.name
			where o.name like 'BM-CO-%%' and o.status='Expired'"""
		)
	if job == "greetings":
		rows = frappe.db.sql(
			"""select allocated_to, reference_name, date, description from `tabToDo`
			where reference_type='Client Card' and reference_name like 'BM-CC-%%'"""
		)
		return [(row[0], row[1], str(row[2]), row[3]) for row in rows]
	month = previous_month(getdate(nowdate()))
	return frappe.get_all(
		"Account Manager Report",
		{"month": month, "account_manager": ("like", "bm-manager-%")},
		pluck="account_manager",
	)


def scored_cards() -> dict[str, bool]:
	"""Every generated card: does its stored score equal the score the rule gives it today?"""
	today = getdate(nowdate())
	review_days = frappe.db.get_single_value("Account Manager Settings", "card_review_days") or 30
	fields = [f for f in REQUIRED_FOR_TIMELINESS if f != "contacts"]
	cards = frappe.get_all(
		"Client Card",
		filters={"name": ("like", f"{PREFIX}CC-%")},
		fields=["name", "party_type", "party", "last_reviewed_on", "timeliness_score", *fields],
	)
	with_contacts = parties_with_contacts([card.party for card in cards])
	result = {}
	for card in cards:
		filled = {f: bool(card.get(f)) for f in fields}
		filled["contacts"] = (card.party_type, card.party) in with_contacts
		reviewed = getdate(card.last_reviewed_on) if card.last_reviewed_on else None
		score = card_timeliness(filled, reviewed, today, review_days).score
		result[card.name] = card.timeliness_score == score
	return result


def side_checks(job: str) -> list[tuple[bool, str]]:
	"""What the job must leave alone, as the code writes it."""
	if job == "timeliness":
		versions = frappe.db.count(
			"Version", {"ref_doctype": "Client Card", "docname": ("like", f"{PREFIX}CC-%")}
		)
		return [(not versions, f"no Version on the cards (a derived score): {versions}")]
	if job == "expiry":
		still = frappe.db.count(
			"Commercial Offer", {"name": ("like", f"{PREFIX}COV-%"), "status": ("in", OPEN_STATUSES)}
		)
		valid = frappe.db.count("Commercial Offer", {"name": ("like", f"{PREFIX}COV-%")})
		return [(still == valid, f"offers still valid left open: {still} of {valid}")]
	return []


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


def wait_ready(workers: list[subprocess.Popen], timeout: int = 180) -> float:
	"""Until every worker has registered with Redis (starting one takes 10-40 s on this machine): the
	run is timed from then, as on a bench whose workers are up. Returns the seconds waited."""
	start = time.perf_counter()
	while time.perf_counter() - start < timeout:
		up = Worker.all(connection=get_redis_conn())
		if {w.pid for w in workers} <= {w.pid for w in up}:
			break
		time.sleep(0.5)
	others = [w.pid for w in up if w.pid not in {p.pid for p in workers}]
	if others:  # another bench user's workers would take batches of this run too
		print(f"other workers on the bench's Redis: {others}")
	return time.perf_counter() - start


def progress(method: str) -> tuple[bool, int, int, list[str]]:
	"""(all Job Runs of the job ended, batches done, batches, batches running) from a fresh snapshot.
	Several companies make a Job Run each (reconciliations)."""
	frappe.db.rollback()  # a fresh snapshot
	runs = frappe.get_all("Job Run", {"method": method}, ["name", "status", "batches_done"])
	rows = frappe.get_all(
		"Job Run Batch", {"parent": ("in", [r.name for r in runs] or [""])}, ["parent", "batch_no", "status"]
	)
	ended = bool(runs) and all(r.status in (batches.COMPLETED, batches.INCOMPLETE) for r in runs)
	running = [f"{r.parent}/{r.batch_no}" for r in rows if r.status == batches.RUNNING]
	return ended, sum(r.batches_done or 0 for r in runs), len(rows), running


def follow(args, workers: list, start: float) -> tuple | None:
	"""Wait until the run ends; kill a worker at --kill-at (then resume_job_runs every 15 s). Returns
	(when, batches done, running) of the kill, or None."""
	method, killed, last_resume = JOBS[args.job][0], None, 0.0
	while True:
		time.sleep(1)
		ended, done, total, running = progress(method)
		if ended:
			return killed
		if args.kill_at and not killed and done >= args.kill_at * total and running:
			stop(workers[0], signal.SIGKILL)
			killed = (time.perf_counter() - start, done, total, running)
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


def run(args) -> tuple[float, float, tuple | None]:
	"""Start the workers, plan the job as the scheduler would, follow it to its end, stop the workers."""
	workers = [start_worker() for _ in range(args.workers)]
	try:
		print(f"workers up in {wait_ready(workers):.0f} s")
		start = time.perf_counter()
		JOBS[args.job][1]()
		frappe.db.commit()  # the scheduler commits after a job
		planned = time.perf_counter() - start
		print(f"planned in {planned:.1f} s")
		killed = follow(args, workers, start)
		return time.perf_counter() - start, planned, killed
	finally:
		for worker in workers:
			stop(worker)


def checks(args, want: set, elapsed: float, killed: tuple | None) -> list[tuple[bool, str]]:
	runs = frappe.get_all("Job Run", {"method": JOBS[args.job][0]}, ["name", "status", "total_items"])
	rows = frappe.get_all(
		"Job Run Batch",
		{"parent": ("in", [r.name for r in runs] or [""])},
		["batch_no", "started_on", "finished_on", "attempts"],
	)
	durations = sorted(time_diff_in_seconds(b.finished_on, b.started_on) for b in rows if b.finished_on) or [
		0.0
	]
	got = made(args.job)
	twice = sum(n - 1 for n in Counter(got).values())
	limit = batches.batch_timeout()
	kill = f"at {killed[0]:.0f} s ({killed[1]} of {killed[2]} done)" if killed else "no"
	print(
		"\n| job | workers | worker killed | batches | whole run | longest batch | median batch | items | made |"
		" twice | missing | extra |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n"
		f"| {args.job} | {args.workers} | {kill} | {len(rows)} | {elapsed:.0f} s | {durations[-1]:.1f} s | "
		f"{durations[len(durations) // 2]:.1f} s | {sum(r.total_items for r in runs)} | {len(set(got) & want)} | "
		f"{twice} | {len(want - set(got))} | {len(set(got) - want)} |\n"
	)
	print(f"batches run more than once: {[b.batch_no for b in rows if b.attempts > 1]}")
	result = [
		(
			bool(runs) and all(r.status == batches.COMPLETED for r in runs),
			f"Job Run completed: {[r.status for r in runs]}",
		),
		(bool(want), f"items to handle: {len(want)}"),
		(not (want - set(got)), f"every item handled: {len(want - set(got))} missing"),
		(not twice, f"none twice: {twice} made twice"),
		(not (set(got) - want), f"nothing extra: {len(set(got) - want)}"),
		(
			durations[-1] < limit,
			f"longest batch {durations[-1]:.1f} s < {limit} s (a tenth of the queue timeout)",
		),
	]
	if args.kill_at:
		result.append((bool(killed), f"a worker was killed midway: {kill}"))
	return result + side_checks(args.job)


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("site")
	parser.add_argument("--job", choices=list(JOBS), default="collection")
	parser.add_argument("--workers", type=int, default=1)
	parser.add_argument("--kill-at", type=float, default=0, help="kill a worker when this share is done")
	parser.add_argument("--offers", type=int, default=10_000, help="expiry: open offers past their date")
	parser.add_argument("--managers", type=int, default=200, help="reports: managers with a KPI plan")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		company = default_company()
		started = time.perf_counter()
		prepare(args.job, company, args)
		want = expected(args.job, company)
		print(
			f"{args.job}: {len(want)} items, prepared in {time.perf_counter() - started:.0f} s, {args.workers} worker(s)"
		)
		elapsed, _planned, killed = run(args)
		frappe.db.rollback()
		result = checks(args, want, elapsed, killed)
	finally:
		frappe.destroy()
	for ok, what in result:
		print(f"{'PASS' if ok else 'FAIL'}: {what}")
	return 0 if all(ok for ok, _what in result) else 1


if __name__ == "__main__":
	sys.exit(main())
