"""Scheduler jobs in resumable batches (issue 16, DR2, CB4): a Job Run records each batch; a batch run
twice creates nothing new; a batch whose worker died is run again; a customer deleted meanwhile is
skipped with a log line and the run goes on; only the Sales Head (and System Manager) read the log.

The batches run as they do on a site: RQ jobs on the `long` queue, taken by a real worker (fixture
`worker`, account_manager/tests/worker.py), killed midway where a test says so. The records the jobs
read are committed for the worker, and deleted when the test ends."""

import json
import os
import tempfile
from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, nowdate
from frappe.utils.background_jobs import is_job_enqueued

from account_manager import batches
from account_manager.tests.team import make_team
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_customer,
	make_sales_invoice,
	make_user,
)

COLLECT = "account_manager.account_manager.doctype.collection_plan.collection_plan.collect"
COLLECT_HOLDING = "account_manager.tests.worker.collect_holding"


@pytest.fixture
def debtors(worker):
	manager = make_user()
	customers = []
	for i in range(5):
		customer = make_customer(f"_Test Batch Debtor {frappe.generate_hash(length=6)} {i}").name
		make_client_card(customer, "Customer", manager)
		make_sales_invoice(customer, 1000 + i, add_days(nowdate(), -40), add_days(nowdate(), -10))
		customers.append(customer)
	return customers


def start_run(customers, batch_size=2, method=COLLECT, **extra) -> str:
	"""The Job Run, queued (batches.run commits it and queues its batches: nothing runs here)."""
	title = f"Collection {frappe.generate_hash(length=8)}"
	made = batches.run(
		title, method, customers, batch_size=batch_size, company=default_company(), today=nowdate(), **extra
	)
	assert made == []  # queued, not run in this process
	return frappe.db.get_value("Job Run", {"title": title})


def ended(name) -> bool:
	return frappe.db.get_value("Job Run", name, "status") in ("Completed", "Incomplete")


def collection_run(worker, customers, batch_size=2) -> str:
	"""A Job Run of the daily collection's batches over `customers`, run by the worker to its end."""
	name = start_run(customers, batch_size)
	worker.wait(lambda: ended(name), 120, f"Job Run {name} to end")
	return name


def plans(customers) -> list[str]:
	return frappe.get_all("Collection Plan", filters={"customer": ("in", customers)}, pluck="customer")


def batch_row(name):
	return frappe.db.get_value(
		"Job Run Batch", name, ["status", "attempts", "job_id", "done", "error"], as_dict=True
	)


def test_a_run_is_recorded_batch_by_batch_and_makes_each_plan_once(worker, debtors):
	name = collection_run(worker, debtors)
	run = frappe.get_doc("Job Run", name)
	assert [row.items for row in run.batches] == [2, 2, 1]
	assert [row.status for row in run.batches] == ["Done"] * 3
	assert [row.attempts for row in run.batches] == [1] * 3
	assert (run.status, run.batches_done, run.items_done, run.items_skipped) == ("Completed", 3, 5, 0)
	assert sorted(plans(debtors)) == sorted(debtors)

	for row in run.batches:  # a batch delivered twice (a retry, a second worker) finds it done
		assert batches.run_batch(name, row.name) is None
	again = frappe.get_doc("Job Run", collection_run(worker, debtors))  # the whole job again that day
	assert (again.status, again.items_done) == ("Completed", 0)
	assert sorted(plans(debtors)) == sorted(debtors)


def test_a_batch_whose_worker_is_killed_midway_runs_again_and_makes_nothing_twice(worker, debtors):
	"""The worker is killed (SIGKILL, with its work horse) while batch 2 runs, after it committed its
	plans and before it was recorded done; batch 3 waits in the queue. The batch is left Running: a
	living worker may still hold it, so resume_job_runs leaves it alone until it has run longer than
	RQ lets a batch run; then it is queued again and a new worker finishes the run, one plan each."""
	hold = tempfile.NamedTemporaryFile(prefix="am-hold-", delete=False).name
	try:
		name = start_run(debtors, method=COLLECT_HOLDING, hold=hold, hold_on=debtors[2])
		run = frappe.get_doc("Job Run", name)
		first, killed, last = run.batches

		def holding():
			return batch_row(killed.name).status == "Running" and sorted(plans(debtors[2:4])) == sorted(
				debtors[2:4]
			)

		worker.wait(holding, 120, "batch 2 to commit its plans")
		worker.kill()
	finally:
		os.unlink(hold)

	assert batch_row(first.name).status == "Done"
	assert (batch_row(killed.name).status, batch_row(killed.name).attempts) == ("Running", 1)
	assert batch_row(last.name).status == "Queued"

	def state():
		return frappe.get_all("Job Run Batch", fields=["name", "status", "attempts", "started_on", "job_id"])

	# not yet: its worker may be alive (batch 3 is still queued)
	assert batches.resume_job_runs() == [], state()

	later = datetime.now(timezone.utc) + timedelta(seconds=batches.batch_timeout() + 61)
	with freeze_time(later, tick=True):
		assert batches.resume_job_runs() == [killed.name], (now_datetime(), state())
	worker.start()
	worker.wait(lambda: ended(name), 120, f"Job Run {name} to end")

	row = batch_row(killed.name)
	assert (row.status, row.attempts, row.done) == ("Done", 2, 0)  # run again: nothing new to make
	assert row.job_id == batches.job_id(name, killed.batch_no, 2)
	assert batch_row(last.name).status == "Done"
	assert sorted(plans(debtors)) == sorted(debtors)  # one plan each
	run.reload()
	assert (run.status, run.batches_done, run.batches_failed) == ("Completed", 3, 0)


def test_a_batch_whose_worker_died_on_its_last_attempt_fails_for_good_and_the_run_ends(worker, debtors):
	name = collection_run(worker, debtors)
	run = frappe.get_doc("Job Run", name)
	dead = run.batches[0]
	long_ago = add_to_date(now_datetime(), seconds=-(batches.batch_timeout() + 120))
	frappe.db.set_value(
		"Job Run Batch",
		dead.name,
		{"status": "Running", "attempts": batches.MAX_ATTEMPTS, "started_on": long_ago},
	)
	frappe.db.set_value("Job Run", name, {"status": "Running", "finished_on": None})

	assert dead.name not in batches.resume_job_runs()  # not run a fourth time
	row = frappe.db.get_value("Job Run Batch", dead.name, ["status", "attempts", "error"], as_dict=True)
	assert (row.status, row.attempts) == ("Failed", batches.MAX_ATTEMPTS) and "worker stopped" in row.error
	ended = frappe.db.get_value("Job Run", name, ["status", "batches_failed", "finished_on"], as_dict=True)
	assert (ended.status, ended.batches_failed) == ("Incomplete", 1) and ended.finished_on
	assert batches.give_up_dead_batches() == []  # once


def test_a_queued_batch_whose_job_was_lost_with_its_worker_runs_again_once(worker, debtors):
	"""Seen in the 10,000-offer fault test: the worker was killed after it took batch 17's RQ job from the
	queue and before the batch started, so the batch stayed Queued, attempt 0, and its job was gone from
	Redis. Queued again, its job id (attempt 1) was the one it had: the update changed nothing, MariaDB
	reported no row changed, and the batch was never queued again (the run never ended)."""
	name = collection_run(worker, debtors)
	run = frappe.get_doc("Job Run", name)
	lost = run.batches[1]
	first = batches.job_id(name, lost.batch_no, 1)
	frappe.db.set_value(
		"Job Run Batch", lost.name, {"status": "Queued", "attempts": 0, "started_on": None, "job_id": first}
	)
	frappe.db.set_value("Job Run", name, "status", "Running")

	assert batches.resume_job_runs() == [lost.name]
	worker.wait(lambda: ended(name), 120, f"Job Run {name} to end")
	row = batch_row(lost.name)
	assert (row.status, row.attempts, row.job_id) == ("Done", 1, f"{first}::1")
	assert sorted(plans(debtors)) == sorted(debtors)  # still one plan each
	assert frappe.db.get_value("Job Run", name, "status") == "Completed"
	assert batches.resume_job_runs() == []  # done: left alone


def test_a_customer_deleted_meanwhile_is_skipped_with_a_line_and_the_run_goes_on(worker, debtors):
	gone = f"_Test Merged Away {frappe.generate_hash(length=6)}"  # what a merge or delete leaves
	name = collection_run(worker, [debtors[0], gone, debtors[1]], batch_size=3)
	run = frappe.get_doc("Job Run", name)
	assert (run.status, run.items_done, run.items_skipped) == ("Completed", 2, 1)
	assert run.batches[0].log == f"{gone}: the customer no longer exists (deleted or merged)"
	assert sorted(plans([debtors[0], gone, debtors[1]])) == sorted(debtors[:2])


def test_a_batch_that_fails_is_recorded_and_run_again_up_to_three_times(worker):
	title = f"Failing {frappe.generate_hash(length=8)}"
	batches.run(title, "frappe.throw", ["a message the batch throws"])
	name = frappe.db.get_value("Job Run", {"title": title})
	row = frappe.get_all("Job Run Batch", {"parent": name}, ["name"])[0]

	def failed(attempt):
		def check():
			batch = batch_row(row.name)
			# and RQ has seen its job end (it records the failure a moment after the batch did)
			return (batch.status, batch.attempts) == ("Failed", attempt) and not is_job_enqueued(batch.job_id)

		return check

	worker.wait(failed(1), 60, "the batch to fail")
	assert "ValidationError" in batch_row(row.name).error
	assert frappe.db.get_value("Job Run", name, "status") == "Running"  # to be run again
	for attempt in (2, 3):
		assert batches.resume_job_runs() == [row.name]
		worker.wait(failed(attempt), 60, f"attempt {attempt} to fail")
	assert batches.resume_job_runs() == []  # failed for good: left for a person to read
	assert frappe.db.get_value("Job Run", name, ["status", "batches_failed"]) == ("Incomplete", 1)


def test_the_daily_jobs_record_their_runs(worker, debtors):
	from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection

	before = set(frappe.get_all("Job Run", pluck="name"))
	assert run_collection() == []  # queued
	(name,) = set(frappe.get_all("Job Run", filters={"method": COLLECT}, pluck="name")) - before
	worker.wait(lambda: ended(name), 120, f"Job Run {name} to end")
	run = frappe.get_doc("Job Run", name)
	assert run.status == "Completed"
	keys = [key for row in run.batches for key in json.loads(row.batch_keys)]
	assert set(debtors) <= set(keys) and len(keys) == len(set(keys))
	assert sorted(plans(debtors)) == sorted(debtors)


def test_only_the_sales_head_reads_the_log_and_nobody_writes_it(worker, debtors):
	team = make_team()
	name = collection_run(worker, debtors)
	before = frappe.db.count("Job Run")
	head, manager = team.rest[team.head], team.rest[team.a]
	assert head.read("Job Run", name).status == 200
	assert name in [row["name"] for row in head.list("Job Run").data]
	assert manager.read("Job Run", name).status == 403
	assert manager.list("Job Run").status == 403
	for client in (head, manager):
		assert client.create("Job Run", {"title": "mine", "method": "frappe.ping"}).status == 403
		assert client.write("Job Run", name, {"status": "Completed"}).status == 403
	assert frappe.db.count("Job Run") == before
	assert frappe.db.get_value("Job Run", name, "status") == "Completed"
