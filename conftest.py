"""pytest set-up for account_manager.

tests/unit needs nothing but Python. Every other test runs inside a real Frappe site with ERPNext:
./run-tests prepares that site and passes it in AM_TEST_SITE / AM_SITES_PATH; each such test is
rolled back when it ends, so tests never see each other's records.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
UNIT = ROOT / "tests" / "unit"


def _needs_site(item) -> bool:
	return UNIT not in Path(str(item.fspath)).resolve().parents


def pytest_collection_modifyitems(session, config, items):
	if not any(_needs_site(item) for item in items):
		return
	site = os.environ.get("AM_TEST_SITE")
	if not site:
		raise pytest.UsageError(
			"integration tests need a real ERPNext site: run ./run-tests (it prepares one), "
			"or run only the unit tests: pytest tests/unit"
		)
	import frappe

	sites_path = os.environ.get("AM_SITES_PATH", ".")
	os.chdir(sites_path)  # Frappe resolves ../logs and site files from the sites folder, as bench runs it
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")
	config.add_cleanup(frappe.destroy)


@pytest.fixture(autouse=True)
def _rollback(request):
	"""Each integration test runs in a transaction that is rolled back afterwards."""
	if not _needs_site(request.node):
		yield
		return
	import frappe

	frappe.db.rollback()
	frappe.set_user("Administrator")
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.flags.pop("ignore_permissions", None)
