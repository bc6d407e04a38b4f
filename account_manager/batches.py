"""Scheduler jobs in resumable batches across RQ workers (DR2, CB4, KP3 at company scale).

A job that walks customers or cards reads what to do in one pass, then `run()` records a **Job Run**
with one row per batch (e.g. 200 customers) and enqueues each batch as its own RQ job on the long
queue. Every worker of the bench's Redis (on one machine or several) takes batches; a batch commits each
item it finishes, so a batch killed midway loses at most the item it was on. Batches are idempotent (run
twice, a batch creates nothing new), so a batch that failed or whose worker died is simply run again by
`resume_job_runs` (every few minutes, hooks.py), at most MAX_ATTEMPTS times.

The Job Run is the log the Sales Head reads: started, batches done / failed, items skipped and why.
The same path runs everywhere, tests included (they run a real RQ worker: account_manager/tests/worker.py).
Only a caller that wants the batches in its own process and transaction says so explicitly: the demo
(`frappe.flags.inline_batches`, its month is made in one transaction) and `bench execute` with
AM_INLINE_BATCHES=1 (a benchmark measuring one batch run in its process).
"""

import json
import os
import traceback

import frappe
from frappe import _
from frappe.utils import add_to_date, cint, now_datetime
from frappe.utils.background_jobs import get_queues_timeout, is_job_enqueued

from account_manager.rules.batching import chunks

BATCH_SIZE = 200
QUEUE = "long"
MAX_ATTEMPTS = 3
QUEUED, RUNNING, DONE, FAILED = "Queued", "Running", "Done", "Failed"
COMPLETED, INCOMPLETE = "Completed", "Incomplete"


def batch_timeout() -> int:
	"""A batch may take a tenth of the long queue's timeout: RQ stops one that hangs."""
	return max(60, (get_queues_timeout().get(QUEUE) or 1500) // 10)


def inline() -> bool:
	"""Run the batches here, in the caller's transaction: only when the caller asked (see above)."""
	return bool(frappe.flags.inline_batches or os.environ.get("AM_INLINE_BATCHES"))


def run(title: str, method: str, keys: list, batch_size: int = BATCH_SIZE, **arguments) -> list:
	"""Record a Job Run of `method(keys, **arguments)` over `keys` in batches and start it. Returns what
	the batches returned (joined) when they ran in this process, else [] (they are queued)."""
	if not keys:
		return []
	job_run = frappe.get_doc(
		{
			"doctype": "Job Run",
			"title": title,
			"method": method,
			"arguments": json.dumps(arguments, default=str),
			"status": QUEUED,
			"total_items": len(keys),
			"batch_size": batch_size,
		}
	)
	job_run.set_new_name()
	for i, part in enumerate(chunks(keys, batch_size)):
		job_run.append(
			"batches",
			{
				"batch_no": i + 1,
				"items": len(part),
				"status": QUEUED,
				"batch_keys": json.dumps(part, default=str),
				"job_id": job_id(job_run.name, i + 1, 1),
			},
		)
	job_run.insert(ignore_permissions=True)  # the scheduler's record: nobody creates one by hand
	if inline():
		return [made for row in job_run.batches for made in run_batch(job_run.name, row.name) or []]
	frappe.db.commit()  # nosemgrep: the workers read the Job Run and its batches
	for row in job_run.batches:
		enqueue_batch(job_run.name, row.name, row.job_id)
	return []


def job_id(job_run: str, batch_no: int, attempt: int) -> str:
	return f"job_run::{job_run}::{batch_no}::{attempt}"


def enqueue_batch(job_run: str, batch: str, rq_job_id: str) -> None:
	if inline():
		run_batch(job_run, batch)
		return
	frappe.enqueue(
		run_batch,
		queue=QUEUE,
		timeout=batch_timeout(),
		job_id=rq_job_id,
		deduplicate=True,
		job_run=job_run,
		batch=batch,
	)


def commit() -> None:
	"""Workers commit what they did at once; an inline run keeps the caller's transaction."""
	if not inline():
		frappe.db.commit()  # nosemgrep: a batch commits its own work, seen by the other workers


def claim(batch: str) -> dict | None:
	"""Take the batch for this worker; None when it is done or another worker runs it right now."""
	parent = frappe.db.get_value("Job Run Batch", batch, "parent")
	if not parent:
		return None
	lock(parent)
	row = frappe.db.get_value(
		"Job Run Batch",
		batch,
		["name", "parent", "batch_no", "status", "batch_keys", "started_on"],
		as_dict=True,
		for_update=True,
	)
	if row.status == DONE or (row.status == RUNNING and not stale(row.started_on)):
		commit()
		return None
	frappe.db.sql(
		"""update `tabJob Run Batch` set status=%s, attempts=attempts+1, started_on=%s, error=null
		where name=%s""",
		(RUNNING, now_datetime(), batch),
	)
	frappe.db.sql(
		"update `tabJob Run` set status=%s, started_on=coalesce(started_on, %s) where name=%s and status=%s",
		(RUNNING, now_datetime(), parent, QUEUED),
	)
	commit()
	return row


def lock(job_run: str) -> None:
	"""Claims and ends of one Job Run's batches take its row first (always in that order: no deadlock),
	so the last batch to end sees every other batch's outcome."""
	frappe.db.sql("select name from `tabJob Run` where name=%s for update", job_run)


def stale(started_on) -> bool:
	"""A batch running longer than RQ lets it is dead (its worker killed): RQ would have stopped it."""
	return not started_on or started_on < add_to_date(now_datetime(), seconds=-(batch_timeout() + 60))


def run_batch(job_run: str, batch: str) -> list | None:
	"""One batch; every item committed on its own (see for_each), so an item that fails (a customer
	deleted or merged meanwhile) is logged and skipped and the batch goes on."""
	row = claim(batch)
	if not row:
		return None
	run_doc = frappe.db.get_value("Job Run", job_run, ["method", "arguments", "title"], as_dict=True)
	frappe.local.batch_log = []
	frappe.db.savepoint("job_run_batch")
	try:
		made = frappe.get_attr(run_doc.method)(json.loads(row.batch_keys), **json.loads(run_doc.arguments))
	except Exception:
		if inline():
			frappe.db.rollback(save_point="job_run_batch")
		else:
			frappe.db.rollback()  # what its items committed stays: the batch is idempotent
		lock(job_run)
		frappe.db.set_value(
			"Job Run Batch",
			batch,
			{"status": FAILED, "error": traceback.format_exc()[-2000:], "finished_on": now_datetime()},
		)
		finish(job_run)
		commit()  # the failure is recorded; resume_job_runs runs the batch again
		raise
	log = frappe.local.batch_log
	lock(job_run)
	frappe.db.set_value(
		"Job Run Batch",
		batch,
		{
			"status": DONE,
			"done": len(made or []),
			"skipped": len(log),
			"log": "\n".join(log)[-5000:] or None,
			"finished_on": now_datetime(),
		},
	)
	finish(job_run)
	commit()
	progress(job_run, run_doc.title)
	return made


def skip(key, reason: str) -> None:
	"""Log an item of the batch that was left alone, and why (shown on the Job Run)."""
	frappe.local.batch_log = getattr(frappe.local, "batch_log", None) or []
	frappe.local.batch_log.append(f"{key}: {reason}")


def for_each(keys: list, handle) -> list:
	"""Handle each key in a transaction of its own (a savepoint inline): one that raises is rolled back,
	logged and skipped. Committing each item keeps locks short (a naming series' counter row is locked
	until commit), so the batches of several workers run side by side, and a batch killed midway keeps
	what it finished. Returns what the handlers returned (None left out)."""
	made = []
	for key in keys:
		frappe.db.savepoint("batch_item")
		try:
			result = handle(key)
		except Exception as e:
			frappe.db.rollback(save_point="batch_item")
			frappe.clear_last_message()
			skip(key, frappe.utils.strip_html(str(e)).strip() or type(e).__name__)
			continue
		commit()
		if result:
			made.append(result)
	return made


def finish(job_run: str) -> None:
	"""The Job Run's tally; when no batch is left to run, it is completed (incomplete when a batch failed
	for good). Called with the Job Run locked; the batches are read as committed (a locking read)."""
	rows = frappe.db.sql(
		"""select status, attempts, done, skipped from `tabJob Run Batch` where parent=%s
		lock in share mode""",
		job_run,
		as_dict=True,
	)
	count = {status: sum(1 for r in rows if r.status == status) for status in (QUEUED, RUNNING, DONE, FAILED)}
	retried = sum(1 for r in rows if r.status == FAILED and cint(r.attempts) < MAX_ATTEMPTS)
	values = {
		"batches_done": count[DONE],
		"batches_failed": count[FAILED],
		"items_done": sum(cint(r.done) for r in rows),
		"items_skipped": sum(cint(r.skipped) for r in rows),
	}
	if not (count[QUEUED] or count[RUNNING] or retried):
		values.update(status=INCOMPLETE if count[FAILED] else COMPLETED, finished_on=now_datetime())
	frappe.db.set_value("Job Run", job_run, values, update_modified=False)


def progress(job_run: str, title: str) -> None:
	"""Shown to whoever has the Job Run open (and in the desk of the user the job runs as)."""
	done, total = frappe.db.get_value("Job Run", job_run, ["batches_done", "total_items"])
	batches = frappe.db.count("Job Run Batch", {"parent": job_run})
	frappe.publish_progress(
		100 * cint(done) / (batches or 1),
		title=_(title),
		doctype="Job Run",
		docname=job_run,
		description=_("{0} of {1} batches done ({2} items)").format(cint(done), batches, total),
	)


def resume_job_runs() -> list[str]:
	"""Every few minutes (hooks.py): run again the batches of unfinished Job Runs that no worker holds —
	queued but lost from Redis, running on a worker that died (longer than RQ lets a batch run), or failed
	fewer than MAX_ATTEMPTS times. A batch whose worker died on its last attempt fails for good, so its Job
	Run ends (Incomplete) instead of staying Running. Returns the batches queued again."""
	give_up_dead_batches()
	requeued = []
	rows = frappe.get_all(
		"Job Run Batch",
		filters={"status": ("in", (QUEUED, RUNNING, FAILED)), "attempts": ("<", MAX_ATTEMPTS)},
		fields=["name", "parent", "batch_no", "status", "attempts", "started_on", "job_id"],
		order_by="parent, batch_no",
	)
	for row in rows:
		if row.status == RUNNING and not stale(row.started_on):
			continue
		if row.status in (QUEUED, FAILED) and row.job_id and is_job_enqueued(row.job_id):
			continue  # its next run waits in the queue already
		rq_job_id = next_job_id(row)
		status = FAILED if row.status == RUNNING else row.status  # its worker died: the batch is free
		# only as it was read: a worker that took or ended the batch (or another resume) meanwhile keeps it
		frappe.db.sql(
			"""update `tabJob Run Batch` set status=%s, job_id=%s
			where name=%s and status=%s and attempts=%s and job_id <=> %s""",
			(status, rq_job_id, row.name, row.status, row.attempts, row.job_id),
		)
		if not frappe.db._cursor.rowcount:
			continue
		commit()
		enqueue_batch(row.parent, row.name, rq_job_id)
		requeued.append(row.name)
	return requeued


def give_up_dead_batches() -> list[str]:
	"""Batches still Running after their last attempt's worker died: recorded as failed for good (the
	reason on the batch), and their Job Run's tally redone, so it ends Incomplete. Returns those batches."""
	ended = []
	rows = frappe.get_all(
		"Job Run Batch",
		filters={"status": RUNNING, "attempts": (">=", MAX_ATTEMPTS)},
		fields=["name", "parent", "started_on", "attempts"],
	)
	for row in rows:
		if not stale(row.started_on):
			continue
		lock(row.parent)
		frappe.db.sql(
			"""update `tabJob Run Batch` set status=%s, error=%s, finished_on=%s
			where name=%s and status=%s and attempts=%s""",
			(
				FAILED,
				_("Its worker stopped during the last of {0} attempts.").format(MAX_ATTEMPTS),
				now_datetime(),
				row.name,
				RUNNING,
				row.attempts,
			),
		)
		if frappe.db._cursor.rowcount:  # only as it was read: a worker that ended it meanwhile keeps it
			finish(row.parent)
			ended.append(row.name)
		commit()
	return ended


def next_job_id(row) -> str:
	"""The RQ job id of the batch's next run: one per attempt, and a new one each time a run that never
	started is queued again (its RQ job was lost with a worker killed between taking the job and running
	it, so the attempt is the same): the row always changes, and its update tells whether it was ours."""
	base = job_id(row.parent, row.batch_no, cint(row.attempts) + 1)
	if row.job_id == base:
		return f"{base}::1"
	if (row.job_id or "").startswith(f"{base}::"):
		return f"{base}::{cint(row.job_id.rpartition('::')[2]) + 1}"
	return base
