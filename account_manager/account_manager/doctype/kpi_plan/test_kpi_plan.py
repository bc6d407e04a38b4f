"""KPI Plan: one per manager and month, working days from the Holiday List (KP1)."""

import pytest

import frappe
from frappe.utils import getdate

from account_manager.account_manager.doctype.kpi_plan.kpi_plan import DuplicateKPIPlanError
from account_manager.rules.kpi import month_start
from account_manager.tests.utils import make_holiday_list, make_kpi_plan, make_user

MONTH = "2026-11-17"  # November 2026: 21 weekdays, 11 November is Independence Day


def test_plan_is_kept_on_the_first_of_the_month_with_defaults_from_the_job_description():
	plan = make_kpi_plan(make_user(), MONTH)
	assert plan.month == month_start(getdate(MONTH))
	assert (
		plan.calls_per_day,
		plan.email_offers_per_day,
		plan.phone_offers_per_day,
		plan.new_client_contracts,
	) == (30, 50, 20, 4)


def test_working_days_come_from_the_holiday_list():
	holiday_list = make_holiday_list(MONTH, extra_holidays=["2026-11-11"])
	assert make_kpi_plan(make_user(), MONTH, holiday_list=holiday_list).working_days == 20


def test_second_plan_for_the_same_manager_and_month_is_refused():
	manager = make_user()
	make_kpi_plan(manager, "2026-11-01")
	with pytest.raises(DuplicateKPIPlanError, match="already has a KPI plan"):
		make_kpi_plan(manager, "2026-11-30")
	assert frappe.db.count("KPI Plan", {"account_manager": manager}) == 1


def test_negative_target_is_refused():
	manager = make_user()
	with pytest.raises(frappe.ValidationError, match="negative"):
		make_kpi_plan(manager, MONTH, calls_per_day=-1)
	assert not frappe.db.exists("KPI Plan", {"account_manager": manager})


def test_copy_from_last_month_takes_the_targets():
	manager = make_user()
	make_kpi_plan(manager, "2026-10-01", calls_per_day=35, turnover=120000, new_prospects=12)
	plan = frappe.get_doc({"doctype": "KPI Plan", "account_manager": manager, "month": MONTH})
	plan.copy_from_last_month()
	assert (plan.calls_per_day, plan.turnover, plan.new_prospects) == (35, 120000, 12)


def test_managers_see_only_their_own_plans():
	a, b = make_user(), make_user()
	make_kpi_plan(a, MONTH)
	make_kpi_plan(b, MONTH)
	frappe.set_user(a)
	assert set(frappe.get_list("KPI Plan", pluck="account_manager")) == {a}
