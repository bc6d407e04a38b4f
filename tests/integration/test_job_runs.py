"""Scheduler jobs in resumable batches (issue 16, DR2, CB4): a Job Run records each batch; a batch run
twice creates nothing new; a batch whose worker died is run again; a customer deleted meanwhile is
skipped with a log line and the run goes on; only the Sales Head (and System Manager) read the log.

The batches run in the test's process here (tests run inline, in one rolled-back transaction); the same
batches on real RQ workers, with a worker killed midway, are measured by benchmarks/batched_jobs.py."""

import json

import pytest

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

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


@pytest.fixture
def debtors():
	manager = make_user()
	customers = []
	for i in range(5):
		customer = make_customer(f"_Test Batch Debtor {frappe.generate_hash(length=6)} {i}").name
		make_client_card(customer, "Customer", manager)
		make_sales_invoice(customer, 1000 + i, add_days(nowdate(), -40), add_days(nowdate(), -10))
		customers.append(customer)
	return customers


def collection_run(customers, batch_size=2) -> tuple[str, list[str]]:
	title = f"Collection {frappe.generate_hash(length=8)}"
	made = batches.run(
		title, COLLECT, customers, batch_size=batch_size, company=default_company(), today=nowdate()
	)
	return frappe.db.get_value("Job Run", {"title": title}), made


def plans(customers) -> list[str]:
	return frappe.get_all("Collection Plan", filters={"customer": ("in", customers)}, pluck="customer")


def test_a_run_is_recorded_batch_by_batch_and_makes_each_plan_once(debtors):
	name, made = collection_run(debtors)
	run = frappe.get_doc("Job Run", name)
	assert [row.items for row in run.batches] == [2, 2, 1]
	assert {row.status for row in run.batches} == {"Done"}
	assert (run.status, run.batches_done, run.items_done, run.items_skipped) == ("Completed", 3, 5, 0)
	assert sorted(plans(debtors)) == sorted(debtors) and len(made) == 5

	for row in run.batches:  # a batch delivered twice (a retry, a second worker) finds it done
		assert batches.run_batch(name, row.name) is None
	_again, made_again = collection_run(debtors)  # the whole job again the same day
	assert made_again == [] and sorted(plans(debtors)) == sorted(debtors)


def test_a_batch_whose_worker_died_runs_again_and_makes_nothing_twice(debtors):
	name, _made = collection_run(debtors)
	run = frappe.get_doc("Job Run", name)
	lost = run.batches[1]
	# the worker was killed after it took the batch (and after the batch's commit): RQ reports nothing,
	# the batch stays Running, and longer than RQ would have let it run
	long_ago = add_to_date(now_datetime(), seconds=-(batches.batch_timeout() + 120))
	frappe.db.set_value("Job Run Batch", lost.name, {"status": "Running", "started_on": long_ago})
	frappe.db.set_value("Job Run", name, "status", "Running")
	fresh = run.batches[2]  # one a living worker runs now is left alone
	frappe.db.set_value("Job Run Batch", fresh.name, {"status": "Running", "started_on": now_datetime()})

	requeued = batches.resume_job_runs()
	assert [b for b in requeued if b in {row.name for row in run.batches}] == [lost.name]
	row = frappe.db.get_value("Job Run Batch", lost.name, ["status", "attempts", "job_id"], as_dict=True)
	assert (row.status, row.attempts) == ("Done", 2)
	assert row.job_id.endswith("::2")
	assert sorted(plans(debtors)) == sorted(debtors)  # still one plan each
	assert frappe.db.get_value("Job Run", name, "status") == "Running"  # batch 3 is still running


def test_a_batch_whose_worker_died_on_its_last_attempt_fails_for_good_and_the_run_ends(debtors):
	name, _made = collection_run(debtors)
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


def test_a_queued_batch_whose_job_was_lost_with_its_worker_runs_again_once(debtors):
	"""Seen in the 10,000-offer fault test: the worker was killed after it took batch 17's RQ job from the
	queue and before the batch started, so the batch stayed Queued, attempt 0, and its job was gone from
	Redis. Queued again, its job id (attempt 1) was the one it had: the update changed nothing, MariaDB
	reported no row changed, and the batch was never queued again (the run never ended)."""
	name, _made = collection_run(debtors)
	run = frappe.get_doc("Job Run", name)
	lost = run.batches[1]
	first = batches.job_id(name, lost.batch_no, 1)
	frappe.db.set_value(
		"Job Run Batch", lost.name, {"status": "Queued", "attempts": 0, "started_on": None, "job_id": first}
	)
	frappe.db.set_value("Job Run", name, "status", "Running")

	assert lost.name in batches.resume_job_runs()
	row = frappe.db.get_value("Job Run Batch", lost.name, ["status", "attempts", "job_id"], as_dict=True)
	assert (row.status, row.attempts, row.job_id) == ("Done", 1, f"{first}::1")
	assert sorted(plans(debtors)) == sorted(debtors)  # still one plan each
	assert frappe.db.get_value("Job Run", name, "status") == "Completed"
	assert lost.name not in batches.resume_job_runs()  # done: left alone


def test_a_customer_deleted_meanwhile_is_skipped_with_a_line_and_the_run_goes_on(debtors):
	gone = f"_Test Merged Away {frappe.generate_hash(length=6)}"  # what a merge or delete leaves
	name, made = collection_run([debtors[0], gone, debtors[1]], batch_size=3)
	run = frappe.get_doc("Job Run", name)
	assert (run.status, run.items_done, run.items_skipped) == ("Completed", 2, 1)
	assert gone in run.batches[0].log and "no longer exists" in run.batches[0].log
	assert sorted(made) == sorted(
		frappe.get_all("Collection Plan", {"customer": ("in", debtors[:2])}, pluck="name")
	)


def test_a_batch_that_fails_is_recorded_and_run_again_up_to_three_times():
	title = f"Failing {frappe.generate_hash(length=8)}"
	with pytest.raises(frappe.ValidationError):
		batches.run(title, "frappe.throw", ["a message the batch throws"])
	name = frappe.db.get_value("Job Run", {"title": title})
	row = frappe.get_all("Job Run Batch", {"parent": name}, ["name", "status", "attempts", "error"])[0]
	assert (row.status, row.attempts) == ("Failed", 1) and "ValidationError" in row.error
	assert frappe.db.get_value("Job Run", name, "status") == "Running"  # to be run again
	for attempt in (2, 3):
		with pytest.raises(frappe.ValidationError):
			batches.resume_job_runs()
		assert frappe.db.get_value("Job Run Batch", row.name, "attempts") == attempt
	assert batches.resume_job_runs() == []  # failed for good: left for a person to read
	assert frappe.db.get_value("Job Run", name, ["status", "batches_failed"]) == ("Incomplete", 1)


def test_the_daily_jobs_record_their_runs(debtors):
	before = frappe.db.count("Job Run")
	from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection

	run_collection()
	run = frappe.get_last_doc("Job Run", filters={"method": COLLECT})
	assert frappe.db.count("Job Run") > before and run.status == "Completed"
	keys = [key for row in run.batches for key in json.loads(row.batch_keys)]
	assert set(debtors) <= set(keys) and len(keys) == len(set(keys))


def test_only_the_sales_head_reads_the_log_and_nobody_writes_it(debtors):
	team = make_team()
	name, _made = collection_run(debtors)
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
