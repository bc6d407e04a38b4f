"""The database goes away while a campaign and the daily collection run (issue 26, item 4): both jobs
run on real RQ workers (fixture `worker` and a second one), the site's database connections are cut
and refused for a while, then the database is back; `resume_job_runs` and `resume_campaigns` (every
five minutes on a site) finish both, and nothing is sent or made twice.

What the workers see is what a MariaDB restart does to them: every connection of the site's database
user is killed mid-query, and new ones are refused until the server is back. It is done to this site's
database user only (ACCOUNT LOCK, KILL CONNECTION, as the harness's MariaDB admin), so the other sites
of a shared MariaDB server keep running. A request cut by the outage loses its connection and, with
it, its transaction: MariaDB rolls back whatever it wrote."""

import time
from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time

import frappe
from frappe.utils import add_days, nowdate, random_string

from account_manager import batches
from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection
from account_manager.account_manager.doctype.offer_campaign.offer_campaign import (
	RESUME_AFTER_MINUTES,
	resume_campaigns,
)
from account_manager.tests.outage import Outage
from account_manager.tests.utils import (
	make_client_card,
	make_contact,
	make_customer,
	make_sales_invoice,
	make_user,
)
from account_manager.tests.worker import Worker

pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: offers are e-mailed

CLIENTS = 16
DEBTORS = 12
COLLECT = "account_manager.account_manager.doctype.collection_plan.collection_plan.collect"


@pytest.fixture
def second_worker(worker):
	extra = Worker()
	extra.log_path = extra.log_path.with_suffix(".2.log")
	extra.start()
	yield extra
	extra.stop()


@pytest.fixture
def work(worker):
	"""A manager's campaign to CLIENTS clients and DEBTORS clients with overdue debt."""
	manager = make_user()
	cards, debtors = [], []
	for i in range(CLIENTS):
		customer = make_customer(f"_Test Outage Client {random_string(6)} {i}").name
		make_contact("Customer", customer, email_id=f"buyer-{random_string(8)}@example.com")
		cards.append(make_client_card(customer, "Customer", manager).name)
	for i in range(DEBTORS):
		customer = make_customer(f"_Test Outage Debtor {random_string(6)} {i}").name
		make_client_card(customer, "Customer", manager)
		make_sales_invoice(customer, 1000 + i, add_days(nowdate(), -40), add_days(nowdate(), -10))
		debtors.append(customer)
	template = frappe.get_doc(
		{
			"doctype": "Email Template",
			"name": f"_Test Outage {random_string(5)}",
			"subject": "Prices, {{ party_name }}",
			"response": "Dear {{ party_name }}, see the offer attached.",
		}
	).insert()
	frappe.set_user(manager)
	campaign = frappe.get_doc(
		{
			"doctype": "Offer Campaign",
			"title": f"Outage {random_string(4)}",
			"email_template": template.name,
			"proposal": "<p>New prices</p>",
			"recipients": [{"client_card": card} for card in cards],
		}
	).insert()
	frappe.set_user("Administrator")
	return frappe._dict(manager=manager, cards=cards, debtors=debtors, campaign=campaign.name)


def campaign_state(name) -> tuple[str, list[str]]:
	status = frappe.db.get_value("Offer Campaign", name, "status")
	rows = frappe.get_all("Offer Campaign Recipient", filters={"parent": name}, pluck="status")
	return status, rows


def collection_run() -> str | None:
	return frappe.db.get_value("Job Run", {"method": COLLECT}, "name", order_by="creation desc")


def test_a_campaign_and_the_daily_collection_cut_by_a_database_outage_finish_once(
	worker, second_worker, work
):
	frappe.set_user(work.manager)
	assert frappe.get_doc("Offer Campaign", work.campaign).send() == "Queued"
	frappe.set_user("Administrator")
	frappe.db.commit()  # nosemgrep: the request's end: the campaign job is queued
	worker.wait(lambda: "Sent" in campaign_state(work.campaign)[1], 180, "the campaign to start sending")
	run_collection()  # the scheduler's daily job: a Job Run, its batch queued (committed)
	run = collection_run()

	def both_running():
		batch = frappe.db.get_value("Job Run Batch", {"parent": run}, "status")
		return batch == "Running" and campaign_state(work.campaign)[1].count("Sent") < CLIENTS

	deadline = time.monotonic() + 120
	while not both_running():  # a tight poll: the second worker takes the batch at once
		assert time.monotonic() < deadline, "the collection's batch was not taken while the campaign ran"
		frappe.db.commit()  # nosemgrep: a fresh read of the workers' commits
		time.sleep(0.05)
	plans_at_outage = frappe.db.count("Collection Plan", {"customer": ("in", work.debtors)})
	outage = Outage()
	outage.begin()
	try:
		time.sleep(3)  # the workers' jobs fail on their next query; the next jobs cannot connect
		with pytest.raises(Exception) as cut:  # a request's transaction cut by the outage
			frappe.db.sql("select 1")
		assert type(cut.value).__name__ in ("OperationalError", "InterfaceError"), cut.value
	finally:
		outage.end()

	status, rows = campaign_state(work.campaign)
	sent_at_outage = rows.count("Sent")
	assert status == "Sending" and 1 <= sent_at_outage < CLIENTS, (status, rows)
	# the batch was cut: it is still Running (its worker's job failed with the connection)
	assert frappe.db.get_value("Job Run Batch", {"parent": run}, ["status", "attempts"]) == ("Running", 1)
	assert frappe.db.count("Collection Plan", {"customer": ("in", work.debtors)}) < DEBTORS
	print(f"at the outage: {sent_at_outage} of {CLIENTS} sent, {plans_at_outage} of {DEBTORS} plans made")

	# the scheduler's resume, every five minutes: until both have ended (a batch cut while running is
	# taken again once it has run longer than RQ lets a batch run)
	later = datetime.now(timezone.utc)
	for _round in range(4):
		later += timedelta(minutes=max(RESUME_AFTER_MINUTES, 4) + 1)
		with freeze_time(later, tick=True):
			batches.resume_job_runs()
			resume_campaigns()
		frappe.db.commit()  # nosemgrep: the scheduler job's end: the resumed jobs are queued
		try:
			worker.wait(
				lambda: (
					frappe.db.get_value("Job Run", run, "status") in ("Completed", "Incomplete")
					and campaign_state(work.campaign)[0] not in ("Queued", "Sending")
				),
				60,
				"both jobs to end",
			)
			break
		except AssertionError:
			continue

	assert frappe.db.get_value("Job Run", run, "status") == "Completed"
	plans = frappe.get_all("Collection Plan", filters={"customer": ("in", work.debtors)}, pluck="customer")
	assert sorted(plans) == sorted(work.debtors)  # one plan each
	doc = frappe.get_doc("Offer Campaign", work.campaign)
	assert (doc.status, doc.sent_count, doc.failed_count) == ("Sent", CLIENTS, 0)
	offers = frappe.get_all(
		"Commercial Offer", filters={"offer_campaign": work.campaign}, fields=["name", "client_card"]
	)
	assert sorted(o.client_card for o in offers) == sorted(work.cards)  # one offer each
	mails = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Commercial Offer", "reference_name": ("in", [o.name for o in offers])},
		pluck="reference_name",
	)
	assert sorted(mails) == sorted(o.name for o in offers)  # one e-mail each
