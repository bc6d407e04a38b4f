"""The workspace's number cards and charts (IF1, KP5): a manager sees their own portfolio's figures,
the Sales Head the team's and, through the charts' filter, one manager's."""

import json
import re

import pytest
from freezegun import freeze_time

import frappe
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as get_chart
from frappe.utils import add_days, add_months, getdate, nowdate

from account_manager import desk, replica
from account_manager.account_manager.doctype.account_manager_report.account_manager_report import (
	draft_monthly_reports,
)
from account_manager.kpi import progress
from account_manager.rules.kpi import month_start, previous_month
from account_manager.tests.utils import (
	frozen_time,
	make_client_card,
	make_customer,
	make_kpi_plan,
	make_sales_invoice,
	make_user,
)


def today(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


@pytest.fixture
def team():
	"""Managers A and B, each with a client in debt (A: 1,500 overdue, B: 700), and a Sales Head."""
	a, b = make_user(), make_user()
	head = make_user(roles=("Sales Head", "Sales User"))
	debtor_a, debtor_b = make_customer().name, make_customer().name
	card_a = make_client_card(debtor_a, "Customer", a, next_contact_date=today())
	make_client_card(debtor_b, "Customer", b, next_contact_date=today(3))
	make_sales_invoice(debtor_a, 1500, today(-40), today(-10))
	make_sales_invoice(debtor_a, 400, today(-2), today(20))  # open, not yet due
	make_sales_invoice(debtor_b, 700, today(-40), today(-10))
	return frappe._dict(a=a, b=b, head=head, card_a=card_a.name, debtor_a=debtor_a)


def as_user(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def test_overdue_receivables_of_my_portfolio_and_of_the_team(team, monkeypatch):
	assert as_user(team.a, desk.overdue_receivables)["value"] == 1500
	assert as_user(team.b, desk.overdue_receivables)["value"] == 700
	team_overdue = as_user(team.head, desk.overdue_receivables)["value"]
	# every manager's clients: A's and B's, and those of the site's other managers (none on a fresh site)
	others = [m for m in as_user(team.head, desk.account_managers) if m not in (team.a, team.b)]
	of_others = sum(
		as_user(team.head, desk.overdue_receivables, {"account_manager": m})["value"] for m in others
	)
	assert team_overdue == 2200 + of_others
	monkeypatch.setattr(desk, "TEAM_SIZE", 0)  # a team so large that the whole ledger is read once
	assert as_user(team.head, desk.overdue_receivables)["value"] == team_overdue
	per_manager = as_user(team.head, desk.overdue_receivables, {"account_manager": team.b})
	assert per_manager["value"] == 700
	with pytest.raises(frappe.PermissionError):
		as_user(team.a, desk.overdue_receivables, json.dumps({"account_manager": team.b}))


def test_clients_to_contact_today_are_the_follow_up_queue_due_today(team):
	assert as_user(team.a, desk.clients_to_contact_today)["value"] == 1  # next contact today
	assert as_user(team.b, desk.clients_to_contact_today)["value"] == 0  # in three days: not yet
	frappe.db.set_value("Client Card", team.card_a, "next_contact_date", today(1))
	assert as_user(team.a, desk.clients_to_contact_today)["value"] == 0


def report_status(user):
	"""The card's text and its colour."""
	from frappe.utils import strip_html

	html = as_user(user, desk.monthly_report_status)
	return strip_html(html), re.search(r'data-colour="(\w+)"', html).group(1)


def test_monthly_report_status_of_the_manager_and_of_the_team(worker, team):
	last_month = previous_month(getdate(nowdate()))
	assert report_status(team.a) == ("Not drafted", "gray")
	for manager in (team.a, team.b):
		make_kpi_plan(manager, last_month)
	draft_monthly_reports(last_month)  # its batches run on the worker
	worker.drain()
	assert report_status(team.a)[0] == "Draft"
	report = frappe.get_doc("Account Manager Report", {"account_manager": team.a, "month": last_month})
	frappe.set_user(team.a)
	report.submit()
	frappe.set_user("Administrator")
	assert report_status(team.a) == ("Submitted", "green")
	assert report_status(team.b)[0] == "Draft"
	# A's submitted report and B's draft, and the reports of the site's other managers (none on a
	# fresh site: only managers with a KPI plan for the month get one)
	others = [m for m in as_user(team.head, desk.account_managers) if m not in (team.a, team.b)]
	of_others = frappe.get_all(
		"Account Manager Report",
		filters={"month": last_month, "account_manager": ("in", others or [""]), "docstatus": ("<", 2)},
		pluck="docstatus",
	)
	assert report_status(team.head)[0] == f"{1 + of_others.count(1)} of {2 + len(of_others)} submitted"
	# coloured by the due date (the 3rd): past it with a report out, red; before it, orange (issue 27)
	due = getdate(frappe.db.get_value("Account Manager Report", report.name, "due_date"))
	with frozen_time(f"{add_days(due, 3)} 10:00:00"):
		assert report_status(team.head)[1] == "red"
		assert report_status(team.b) == ("Draft", "red")
	with frozen_time(f"{add_days(due, -1)} 10:00:00"):
		assert report_status(team.head)[1] == "orange"


def test_turnover_chart_by_month_for_the_manager_and_per_manager_for_the_sales_head(team):
	chart = as_user(team.a, desk.turnover_by_month)
	months = [add_months(month_start(getdate(nowdate())), -back) for back in range(11, -1, -1)]
	assert chart["labels"] == [f"{m:%m/%y}" for m in months]
	by_month = dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True))
	assert sum(by_month.values()) == 1900
	assert by_month[f"{getdate(today(-2)):%m/%y}"] == 400  # 38 days from the other: another month
	chosen = as_user(team.head, desk.turnover_by_month, filters={"account_manager": team.b})
	assert sum(chosen["datasets"][0]["values"]) == 700
	with pytest.raises(frappe.PermissionError):
		as_user(team.b, desk.turnover_by_month, filters={"account_manager": team.a})


def test_quota_cards_sum_the_team_for_the_sales_head(team):
	"""On a working day the card shows the plan's daily quota, on a day off none: both checked, on days
	of this month chosen by the plan's calendar (the date frozen), whatever day the test runs."""
	make_kpi_plan(team.a, nowdate(), calls_per_day=5)
	make_kpi_plan(team.b, nowdate(), calls_per_day=7)
	month = month_start(getdate(nowdate()))
	days = [add_days(month, i) for i in range(28)]
	working = next(day for day in days if progress(team.a, getdate(day))["is_working_day"])
	day_off = next(day for day in days if not progress(team.a, getdate(day))["is_working_day"])
	others = [m for m in as_user(team.head, desk.account_managers) if m not in (team.a, team.b)]
	for day, a_quota, b_quota in ((working, 5, 7), (day_off, 0, 0)):
		with freeze_time(f"{day} 12:00:00"):
			assert as_user(team.a, desk.calls_today) == f"0 / {a_quota}", day
			assert as_user(team.head, desk.calls_today, {"account_manager": team.b}) == f"0 / {b_quota}"
			# the team's: A's and B's quotas and those of the site's other managers (none on a fresh site)
			of_others = sum(
				int(as_user(team.head, desk.calls_today, {"account_manager": m}).split(" / ")[1])
				for m in others
			)
			assert as_user(team.head, desk.calls_today) == f"0 / {a_quota + b_quota + of_others}"


def test_offers_by_status_chart_shows_only_the_portfolios_offers(team):
	frappe.set_user(team.a)
	offer = frappe.get_doc(
		{"doctype": "Commercial Offer", "client_card": team.card_a, "channel": "Phone"}
	).insert()
	frappe.set_user("Administrator")
	seen_by_a = as_user(team.a, desk.offers_by_status)
	assert dict(zip(seen_by_a["labels"], seen_by_a["datasets"][0]["values"], strict=True)) == {
		offer.status: 1
	}
	assert as_user(team.b, desk.offers_by_status)["labels"] == []  # no offer of B's
	# the legend in the reader's language, not the stored English (issue 27)
	frappe.local.lang = "pl"
	try:
		assert as_user(team.a, desk.offers_by_status)["labels"] == ["Wersja robocza"]
	finally:
		frappe.local.lang = "en"
	assert frappe.db.get_value("Dashboard Chart", "Offers by Status", "source") == "Offers by Status"


def test_the_unassigned_clients_card_counts_the_cards_nobody_owns_on_both_majors(team):
	"""The card's filter is written as Frappe's API reads it on v15 and v16: four elements. The desk of v16
	(frappe.utils.get_filter_from_json -> cleanup_filters) drops the last filter of a list whose first has
	a fifth one (the filter UI's "hidden" flag), and the card then counted every card."""
	for card in frappe.get_all("Number Card", {"module": "Account Manager"}, ["name", "filters_json"]):
		filters = frappe.parse_json(card.filters_json or "[]")
		assert not isinstance(filters, list) or all(len(f) == 4 for f in filters), card.name
	saved = frappe.get_doc("List Filter", "Client Card Unassigned Pool")
	assert all(len(f) == 4 for f in frappe.parse_json(saved.filters))

	card = frappe.get_doc("Number Card", "Unassigned Clients").as_dict()
	pool = make_customer().name
	assert not frappe.db.get_value("Client Card", {"party": pool}, "account_manager")
	count = as_user(team.head, replica.number_card_result, doc=card, filters=card.filters_json)
	assert count == frappe.db.count("Client Card", {"account_manager": ("is", "not set")}) >= 1
