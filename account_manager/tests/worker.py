"""A real RQ worker for the site under test, and the records its tests commit (issue 26, item 6).

The app's scheduler jobs run as batches on the `long` queue (account_manager.batches) and a campaign of
more than ten clients as a job of its own; the tests run them exactly so: on a worker of the bench's
Redis, in a process of its own (harness/site_jobs.py, the one ./run-demo runs), killed midway where a
test says so. Nothing in the app knows it is being tested.

- The site gets a `bench_id` of its own (as the demo site does), so its jobs go to queues of its own
  (`<bench_id>:long`, ...): the worker takes no other site's job, and no other bench worker takes ours.
- A worker sees only what is committed: a test that queues a job commits its records. `committed()`
  deletes every row created from its start on (every table with a `creation` column) and puts the
  Single DocTypes' values back, so the next test finds the site as it was (rows that existed before and
  were changed stay changed: such a test changes none).
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import frappe
from frappe.utils import add_to_date, now_datetime

CHECKOUT = Path(__file__).resolve().parents[2]  # harness/ is beside the app's package
QUEUES = ("short", "default", "long")


def site_bench_id() -> str:
	return f"{frappe.utils.get_bench_path().strip('/').replace('/', '-')}-{frappe.local.site}"


def ensure_own_queues():
	"""The site's jobs on queues of its own (see above): its site_config names a `bench_id`."""
	own = site_bench_id()
	if frappe.local.conf.get("bench_id") != own:
		from frappe.installer import update_site_config

		update_site_config("bench_id", own)
		frappe.local.conf.bench_id = own
	from frappe.utils.background_jobs import get_queues_timeout

	get_queues_timeout.cache_clear()


def queued_app_jobs() -> list:
	"""The app's jobs waiting on the site's queues (Frappe's and ERPNext's own left out)."""
	from frappe.utils.background_jobs import get_queue

	jobs = [job for q in QUEUES for job in get_queue(q).get_jobs()]
	return [job for job in jobs if str((job.kwargs or {}).get("job_name", "")).startswith("account_manager.")]


def die_with_parent():
	"""In the worker's process, before it runs: Linux ends it when the test process ends, however that
	ends (a timeout's SIGTERM skips pytest's clean-up), so no worker outlives its tests."""
	import ctypes

	pr_set_pdeathsig = 1
	ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class Worker:
	"""`python -m harness.site_jobs worker <site>` in the bench's Python (this one), in the sites folder,
	with this checkout first on its path, in a process group of its own (the worker and its work horse
	are killed together)."""

	def __init__(self):
		self.process = None
		self.log_path = (
			Path(frappe.utils.get_bench_path()) / "logs" / f"am-test-worker-{frappe.local.site}.log"
		)

	def start(self):
		if self.alive():
			return
		ensure_own_queues()
		env = dict(os.environ)
		env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH")]))
		env.pop("CI", None)  # Frappe's worker logs only errors in CI: its log is what a failing test reads
		with open(self.log_path, "a") as log:
			self.process = subprocess.Popen(
				[sys.executable, "-m", "harness.site_jobs", "worker", frappe.local.site],
				cwd=frappe.local.sites_path,
				env=env,
				stdin=subprocess.DEVNULL,
				stdout=log,
				stderr=subprocess.STDOUT,
				start_new_session=True,
				preexec_fn=die_with_parent,
			)
		self.wait(self.listening, 60, "the worker to listen to the site's queues")

	def alive(self) -> bool:
		return bool(self.process) and self.process.poll() is None

	def rq_workers(self) -> list:
		"""This process's RQ worker as Redis knows it (a killed one's record stays there a while)."""
		from rq import Worker as RQWorker

		from frappe.utils.background_jobs import get_redis_conn

		if not self.alive():
			return []
		return [w for w in RQWorker.all(connection=get_redis_conn()) if w.pid == self.process.pid]

	def listening(self) -> bool:
		return bool(self.rq_workers())

	def processes(self) -> list:
		"""The worker and its work horses (RQ forks one per job, in a session of its own)."""
		import psutil

		if not self.alive():
			return []
		worker = psutil.Process(self.process.pid)
		return [*worker.children(recursive=True), worker]

	def kill(self):
		"""SIGKILL to the worker and its work horse: what a crash or an OOM kill does (no clean-up)."""
		for process in self.processes():
			process.kill()
		if self.process:
			self.process.wait(10)

	def stop(self):
		if self.alive():
			os.killpg(self.process.pid, signal.SIGTERM)  # RQ's warm shutdown: the running job ends first
			try:
				self.process.wait(30)
			except subprocess.TimeoutExpired:
				self.kill()

	def idle(self) -> bool:
		"""Nothing waits on the site's queues and the worker runs nothing (RQ's view)."""
		from frappe.utils.background_jobs import get_queue

		if any(get_queue(q).count for q in QUEUES):
			return False
		return all(w.get_state() != "busy" for w in self.rq_workers())

	def settled(self) -> bool:
		"""RQ idle and every Job Run and campaign of the site ended (a job taken from the queue but not
		yet marked busy is seen by its record)."""
		return (
			self.idle()
			and not frappe.db.exists("Job Run", {"status": ("in", ("Queued", "Running"))})
			and not frappe.db.exists("Offer Campaign", {"status": ("in", ("Queued", "Sending"))})
		)

	def drain(self, timeout: float = 120, records: bool = True):
		"""Wait until the worker has run every job queued for the site (and, with `records`, every Job
		Run and campaign has ended): twice in a row, a quarter of a second apart."""
		condition = self.settled if records else self.idle
		seen = []

		def twice():
			seen.append(condition())
			return seen[-2:] == [True, True]

		self.wait(twice, timeout, "the worker to run the queued jobs")

	def wait(self, condition, timeout: float, what: str):
		"""Poll `condition` (a fresh read each time: the worker's commits are seen) until it holds."""
		deadline = time.monotonic() + timeout
		while True:
			frappe.db.commit()  # nosemgrep: end the snapshot (REPEATABLE READ) to see the worker's commits
			if condition():
				return
			if time.monotonic() > deadline:
				raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; {self.tail()}")
			time.sleep(0.25)

	def tail(self, lines: int = 40) -> str:
		if not self.log_path.exists():
			return "no worker log"
		text = self.log_path.read_text(errors="replace").splitlines()[-lines:]
		return f"the worker's log ({self.log_path}) ends:\n" + "\n".join(text)


def creation_tables() -> list[str]:
	return frappe.db.sql_list(
		"""select table_name from information_schema.columns
		where table_schema=%s and column_name='creation'""",
		frappe.conf.db_name,
	)


def created_since(tables: list[str], since, until=None) -> dict[str, set[str]]:
	"""The rows of each table created at or after `since` (and before `until`), by table (tables without
	any left out)."""
	found = {}
	until_sql = " and creation < %(until)s" if until else ""
	for i in range(0, len(tables), 100):
		union = " union all ".join(
			f"(select '{table}', name from `{table}` where creation >= %(since)s{until_sql})"
			for table in tables[i : i + 100]
		)
		for table, name in frappe.db.sql(union, {"since": since, "until": until}):
			found.setdefault(table, set()).add(name)
	return found


_dated_later: dict[str, set[str]] | None = None


def dated_later() -> dict[str, set[str]]:
	"""The rows the site holds dated later than now (made while its clock or time zone was another: a
	site restored from a dump made elsewhere): never a test's, kept by name. Read once per session."""
	global _dated_later
	if _dated_later is None:
		_dated_later = created_since(creation_tables(), add_to_date(now_datetime(), seconds=1))
	return _dated_later


frozen_windows: list[tuple] = []  # (site time, seconds) the clock was frozen at (tests.utils.frozen_time)


def row_counts(tables: list[str]) -> dict[str, int]:
	counts = {}
	for i in range(0, len(tables), 100):
		union = " union all ".join(
			f"(select '{table}', count(*) from `{table}`)" for table in tables[i : i + 100]
		)
		counts.update(dict(frappe.db.sql(union)))
	return counts


def start_line() -> tuple:
	"""When a test starts, before its first fixture: the time, the Single DocTypes' values and how many
	rows each table holds."""
	frozen_windows.clear()
	return (
		now_datetime(),
		frappe.db.sql("select doctype, field, value from `tabSingles`"),
		row_counts(creation_tables()),
	)


@contextmanager
def committed(start: tuple):
	"""Records a test commits (for a worker to see them) are deleted at its end: every row created since
	its `start_line()`, in every table, and the Single DocTypes' values put back. The test's transaction
	is left open: what it wrote so far is committed by the test itself (batches.run, a campaign sent,
	Worker.wait)."""
	started, singles, counts = start
	kept = dated_later()
	try:
		yield
	finally:
		frappe.db.rollback()
		tables = creation_tables()
		made_by_test = created_since(tables, started)
		for moment, seconds in frozen_windows:  # rows the test dated in the past (a frozen clock)
			for table, names in created_since(tables, moment, add_to_date(moment, seconds=seconds)).items():
				made_by_test.setdefault(table, set()).update(names)
		for table, names in made_by_test.items():
			made = list(names - kept.get(table, set()))
			for i in range(0, len(made), 500):
				part = made[i : i + 500]
				frappe.db.sql(f"delete from `{table}` where name in ({', '.join(['%s'] * len(part))})", part)
		frappe.db.sql("delete from `tabSingles`")
		for i in range(0, len(singles), 500):
			rows = singles[i : i + 500]
			frappe.db.sql(
				"insert into `tabSingles` (doctype, field, value) values "
				+ ", ".join(["(%s, %s, %s)"] * len(rows)),
				[value for row in rows for value in row],
			)
		frappe.db.commit()  # nosemgrep: the site as it was for the next test
		frappe.clear_cache()
		grown = {t: n - counts.get(t, 0) for t, n in row_counts(tables).items() if n > counts.get(t, 0)}
		assert not grown, (
			"rows the test committed are left on the site (made under a clock frozen in the past other "
			f"than by tests.utils.frozen_time?): {grown}"
		)


def collect_holding(customers: list[str], hold: str | None = None, hold_on: str | None = None, **arguments):
	"""The daily collection's batch (collection_plan.collect), which then waits, before it is recorded
	done, while the file `hold` exists, when the batch holds the customer `hold_on`: a test kills the
	worker there, after the batch committed its plans."""
	from account_manager.account_manager.doctype.collection_plan.collection_plan import collect

	made = collect(customers, **arguments)
	while hold and hold_on in customers and os.path.exists(hold):
		time.sleep(0.1)
	return made
