"""harness/erpnext_ab.py without a bench: Frappe's payments app on the A/B site when the bench has it
(and got with PAYMENTS_REPO when it has not), the JUnit report read with each failure's error, and a
doc that names the site's apps and says why each test failing anyway fails."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from harness import erpnext_ab

REPORT = """<testsuites><testsuite>
<testcase classname="erpnext.accounts.doctype.dunning.test_dunning.TestDunning" name="test_dunning_without_fees">
<failure type="AssertionError" message="102.0 != 100.0"/></testcase>
<testcase classname="x.TestCustomer" name="test_new">
<error type="ValidationError" message="Credit limit has been crossed&lt;br&gt;&lt;br&gt;Please
 contact"/></testcase>
<testcase classname="x.TestLead" name="test_ok"/>
<testcase classname="x.TestLead" name="test_skipped"><skipped/></testcase>
</testsuite></testsuites>"""


@pytest.fixture
def bench(tmp_path, monkeypatch):
	monkeypatch.setattr(erpnext_ab, "BENCH", tmp_path)
	monkeypatch.setattr(erpnext_ab, "run", lambda *a, **kw: pytest.fail(f"ran {a}"))
	return tmp_path


def test_payments_is_on_the_site_when_the_bench_has_it(bench):
	assert erpnext_ab.site_apps() == ["erpnext"]
	(bench / "apps" / "payments").mkdir(parents=True)
	assert erpnext_ab.site_apps() == ["payments", "erpnext"]  # before ERPNext, as ERPNext's CI
	assert erpnext_ab.apps_label() == "payments, erpnext"  # no git here: no branch nor commit


def test_payments_is_got_only_with_payments_repo_and_the_bench_major(bench, monkeypatch):
	monkeypatch.setattr(erpnext_ab, "PAYMENTS_REPO", None)
	erpnext_ab.ensure_payments({"frappe": "16.1.0"})  # nothing asked: nothing run

	cli = bench / "cli" / "bench"
	cli.parent.mkdir()
	cli.write_text("")
	calls = []
	monkeypatch.setattr(erpnext_ab.bootstrap, "cli_bench", lambda: cli)
	monkeypatch.setattr(erpnext_ab, "PAYMENTS_REPO", "/src/payments")
	monkeypatch.setattr(erpnext_ab, "run", lambda cmd, **kw: calls.append((cmd, kw["cwd"])))
	erpnext_ab.ensure_payments({"frappe": "16.1.0"})
	assert calls == [([cli, "get-app", "--branch", "version-16", "/src/payments"], bench)]

	(bench / "apps" / "payments").mkdir(parents=True)
	erpnext_ab.ensure_payments({"frappe": "16.1.0"})  # the bench has it now
	assert len(calls) == 1


def test_the_report_and_the_doc_say_why_a_test_fails(bench, tmp_path, monkeypatch):
	monkeypatch.delenv("AM_AB_DOCTYPES", raising=False)
	(tmp_path / "junit.xml").write_text(REPORT)
	messages = {}
	outcomes = erpnext_ab.read_junit(tmp_path / "junit.xml", messages)
	dunning = "erpnext.accounts.doctype.dunning.test_dunning.TestDunning.test_dunning_without_fees"
	assert outcomes == {
		dunning: "failed",
		"x.TestCustomer.test_new": "failed",
		"x.TestLead.test_ok": "passed",
		"x.TestLead.test_skipped": "skipped",
	}
	assert messages == {
		dunning: "AssertionError: 102.0 != 100.0",
		"x.TestCustomer.test_new": "ValidationError: Credit limit has been crossed Please contact",
	}

	diff = erpnext_ab.compare(outcomes, {**outcomes, "x.TestLead.test_ok": "failed"})
	assert diff["broken by the app"] == ["x.TestLead.test_ok"]
	doc = erpnext_ab.markdown(diff, {"frappe": "15.75.0", "erpnext": "15.71.1"}, 60, {"A": messages, "B": {}})
	assert "its apps: erpnext)" in doc
	assert f"- `{dunning}`: Sales Order's module before it leaves a 2% Item Tax Template" in doc
	assert "`AssertionError: 102.0 != 100.0`" in doc
	assert (
		"- `x.TestCustomer.test_new`: `ValidationError: Credit limit has been crossed Please contact`" in doc
	)
	assert "- `x.TestLead.test_ok`: `no report: see the log`" in doc
