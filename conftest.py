"""pytest set-up for account_manager.

tests/unit needs nothing but Python. tests/system drives the project's own scripts from outside
(./run-demo, the bench bootstrap) and needs no site either; its tests are slow and run only when asked
(AM_TEST_DEMO=1, AM_TEST_BOOTSTRAP=1). Every other test runs inside a real Frappe site with ERPNext:
./run-tests prepares that site and passes it in AM_TEST_SITE / AM_SITES_PATH; each such test is
rolled back when it ends, so tests never see each other's records (a test that runs background jobs
on a real RQ worker, fixture `worker`, commits its records and has them deleted at its end). Without a
site only tests/unit and tests/system are collected, and the summary says so.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
UNIT = ROOT / "tests" / "unit"
SYSTEM = ROOT / "tests" / "system"
SITE = os.environ.get("AM_TEST_SITE")


def _is_unit(path) -> bool:
	"""A test that needs no site: tests/unit and tests/system."""
	path = Path(str(path)).resolve()
	return any(path == folder or folder in path.parents for folder in (UNIT, SYSTEM))


def pytest_ignore_collect(collection_path, config):
	if not SITE and collection_path.suffix == ".py" and not _is_unit(collection_path):
		return True  # needs a site: ./run-tests
	return None


def pytest_configure(config):
	if not SITE:
		return
	import frappe

	sites_path = os.environ.get("AM_SITES_PATH", ".")
	os.chdir(sites_path)  # Frappe resolves ../logs and site files from the sites folder, as bench runs it
	frappe.init(site=SITE, sites_path=sites_path)
	frappe.connect()
	from account_manager.compat import set_in_test

	set_in_test(True)
	frappe.set_user("Administrator")
	from account_manager.tests.worker import ensure_own_queues

	ensure_own_queues()  # the site's jobs on queues of its own (fixture `worker`)
	config.add_cleanup(frappe.destroy)


def pytest_terminal_summary(terminalreporter):
	if not SITE:
		terminalreporter.write_line(
			"integration tests were not collected: they need a real ERPNext site, run ./run-tests",
			yellow=True,
		)


NEEDS_WORKER = (
	"account_manager.batches.run_batch",
	"account_manager.account_manager.doctype.offer_campaign.offer_campaign.run_campaign",
)


@pytest.fixture(autouse=True)
def _rollback(request):
	"""Each integration test runs in a transaction that is rolled back afterwards."""
	if _is_unit(request.node.path):
		yield
		return
	import frappe

	frappe.db.rollback()
	frappe.set_user("Administrator")
	if "worker" in request.fixturenames:
		from account_manager.tests.worker import start_line

		request.node.am_start_line = start_line()  # before any fixture writes: see fixture `worker`
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.form_dict = frappe._dict()
	if "worker" not in request.fixturenames:
		from account_manager.tests.worker import queued_app_jobs

		queued = queued_app_jobs()
		for job in queued:
			job.delete()  # no later test's worker runs them
		# batches.run commits before it queues (and a campaign's job is queued when its sender's request
		# commits): such a test wrote to the site for good
		batched = [job.id for job in queued if job.kwargs.get("job_name") in NEEDS_WORKER]
		assert not batched, (
			f"the test queued background jobs ({', '.join(batched)}) but runs no worker: give it "
			"the `worker` fixture (conftest.py), which runs them and deletes what it committed"
		)


@pytest.fixture
def outgoing_email():
	"""An outgoing e-mail account, as a site that sends mail has: assignments (goods requests, production
	consultations, approval requests) e-mail the assignee. In tests the mail is only queued and rendered,
	never delivered."""
	import frappe

	from account_manager.tests.utils import outgoing_email_account

	outgoing_email_account()
	yield
	frappe.local.outgoing_email_account = {}


@pytest.fixture(scope="session")
def _site_worker():
	"""One RQ worker process for the session (started by the first test that asks for `worker`)."""
	from account_manager.tests.worker import Worker

	worker = Worker()
	yield worker
	worker.stop()


@pytest.fixture
def worker(request, _site_worker):
	"""A real RQ worker running the site's background jobs (account_manager/tests/worker.py). The test
	commits what the jobs must see; every row it made is deleted at its end, after the worker has run
	everything the test queued."""
	from account_manager.tests.worker import committed

	with committed(request.node.am_start_line):
		_site_worker.start()
		yield _site_worker
		_site_worker.start()  # a test that killed it leaves jobs queued: they run before the clean-up
		_site_worker.drain(records=False)  # a test may leave a run unfinished on purpose
