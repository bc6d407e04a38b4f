"""Client Call, log_call and today's progress against the quotas (OF2, CB6, CB7, KP5)."""

import pytest

import frappe
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

from account_manager.api import log_call, manager_progress
from account_manager.tests.utils import (
	make_call,
	make_client_card,
	make_customer,
	make_holiday_list,
	make_kpi_plan,
	make_user,
)


@pytest.fixture
def manager():
	return make_user()


@pytest.fixture
def card(manager):
	return make_client_card(make_customer().name, "Customer", manager).name


def as_user(user):
	frappe.set_user(user)


def test_a_call_moves_the_cards_last_and_next_contact(manager, card):
	as_user(manager)
	log_call(
		client_card=card,
		purpose="Offer",
		outcome="Interested",
		next_contact_date=add_days(nowdate(), 2),
		notes="wants a price for 20 t",
	)
	values = frappe.db.get_value(
		"Client Card", card, ["last_contact_date", "next_contact_date", "next_contact_reason"], as_dict=True
	)
	assert values.last_contact_date == getdate(nowdate())
	assert values.next_contact_date == getdate(add_days(nowdate(), 2))
	assert "wants a price for 20 t" in values.next_contact_reason
	assert frappe.db.get_value("Client Call", {"client_card": card}, "account_manager") == manager


def test_no_answer_is_not_a_contact(manager, card):
	as_user(manager)
	log_call(client_card=card, outcome="No Answer")
	assert frappe.db.get_value("Client Card", card, "last_contact_date") is None


def test_a_new_number_becomes_a_prospect_card_of_the_caller(manager):
	as_user(manager)
	result = log_call(
		client_name="Budmax Sp. z o.o.",
		phone="+48 600 100 200",
		purpose="Prospecting",
		outcome="Interested",
		duration=95,
	)
	card = frappe.get_doc("Client Card", result["client_card"])
	assert (card.party_type, card.party_name, card.account_manager) == (
		"Prospect",
		"Budmax Sp. z o.o.",
		manager,
	)
	call = frappe.get_doc("Client Call", result["name"])
	assert (call.duration, call.phone) == (95, "+48 600 100 200")


@pytest.mark.parametrize(
	"fields, message",
	[
		({"call_time": add_to_date(now_datetime(), hours=2)}, "future"),
		({"duration": -5}, "negative"),
	],
)
def test_bad_calls_are_refused_and_nothing_written(manager, card, fields, message):
	as_user(manager)
	with pytest.raises(frappe.ValidationError, match=message):
		log_call(client_card=card, outcome="Reached", **fields)
	assert not frappe.db.exists("Client Call", {"client_card": card})


def test_a_manager_cannot_log_a_call_on_another_managers_client(card):
	as_user(make_user())
	with pytest.raises(frappe.PermissionError):
		log_call(client_card=card, outcome="Reached")


def test_progress_counts_todays_calls_and_companies_offered_against_the_plan(manager, card):
	other_card = make_client_card(make_customer().name, "Customer", manager).name
	make_kpi_plan(manager, nowdate(), calls_per_day=3, phone_offers_per_day=2, email_offers_per_day=1)
	as_user(manager)
	log_call(client_card=card, outcome="Offer Made")
	log_call(client_card=card, outcome="Offer Made")  # the same company again: one company offered
	log_call(client_card=other_card, outcome="Reached", offer_made=1)
	log_call(client_card=other_card, outcome="No Answer", call_time=add_days(now_datetime(), -1))  # yesterday

	progress = manager_progress()
	if progress["is_working_day"]:
		assert progress["calls"] == {"actual": 3, "target": 3, "met": True}
		assert progress["phone_offers"] == {"actual": 2, "target": 2, "met": True}
		assert progress["email_offers"] == {"actual": 0, "target": 1, "met": False}
	else:  # a weekend or holiday of the company's list: no quota
		assert progress["calls"] == {"actual": 3, "target": 0, "met": True}


def test_quotas_are_zero_on_a_holiday_of_the_plans_list(manager, card):
	holiday_list = make_holiday_list(nowdate(), extra_holidays=[nowdate()])
	make_kpi_plan(manager, nowdate(), holiday_list=holiday_list)
	as_user(manager)
	make_call(card)
	progress = manager_progress()
	assert progress["is_working_day"] is False
	assert progress["calls"] == {"actual": 1, "target": 0, "met": True}


def test_a_manager_sees_only_their_own_progress(manager):
	as_user(make_user())
	with pytest.raises(frappe.PermissionError):
		manager_progress(user=manager)


def test_daily_activity_report_lists_working_days_only_with_quota_met_or_missed(manager, card):
	from frappe.desk.query_report import run as run_report

	from account_manager.rules.kpi import month_start

	start = month_start(getdate(nowdate()))
	holiday_list = make_holiday_list(start, extra_holidays=[add_days(start, 1)])
	make_kpi_plan(manager, start, holiday_list=holiday_list, calls_per_day=1)
	holidays = set(frappe.get_all("Holiday", filters={"parent": holiday_list}, pluck="holiday_date"))
	worked = [
		d
		for d in (add_days(start, n) for n in range((getdate(nowdate()) - start).days + 1))
		if d not in holidays
	]
	if not worked:
		pytest.skip("no working day yet this month")
	as_user(manager)
	make_call(card, call_time=f"{worked[0]} 00:01")
	rows = run_report("Daily Activity", filters={"from_date": str(start), "to_date": nowdate()})["result"]
	dates = {getdate(r["date"]) for r in rows}
	assert dates and not dates & holidays
	assert {r["account_manager"] for r in rows} == {manager}
	met = {getdate(r["date"]): r["quotas_met"] for r in rows}
	# one call against a quota of one call, but no e-mail and phone offers: no day meets every quota
	assert not any(met.values())
	assert sum(r["calls"] for r in rows) == 1


def test_workspace_cards_and_chart_show_the_users_numbers(manager, card):
	from account_manager.desk import calls_against_quota, calls_today

	make_kpi_plan(manager, nowdate(), calls_per_day=5)
	as_user(manager)
	make_call(card)
	make_call(card)
	progress = manager_progress()
	assert calls_today() == f"2 / {progress['calls']['target']}"
	chart = calls_against_quota()
	assert len(chart["labels"]) == len(chart["datasets"][0]["values"]) == len(chart["datasets"][1]["values"])
	if progress["is_working_day"]:
		assert chart["datasets"][0]["values"][-1] == 2 and chart["datasets"][1]["values"][-1] == 5
