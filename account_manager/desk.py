"""Data for the workspace's number cards and charts, always for the logged-in user."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from account_manager.kpi import daily_activity, daily_targets, plans_for, progress, working_days_of
from account_manager.rules import kpi as rules


def _quota_card(key: str) -> str:
	quota = progress(frappe.session.user, getdate(nowdate()))[key]
	return f"{quota['actual']} / {quota['target']}"


@frappe.whitelist()
def calls_today(filters=None) -> str:
	return _quota_card("calls")


@frappe.whitelist()
def email_offers_today(filters=None) -> str:
	return _quota_card("email_offers")


@frappe.whitelist()
def phone_offers_today(filters=None) -> str:
	return _quota_card("phone_offers")


@frappe.whitelist()
def calls_against_quota(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
) -> dict:
	"""The user's calls per working day over the last 30 days, against the daily quota."""
	user = frappe.session.user
	end = getdate(nowdate())
	start = add_days(end, -30)
	activity = daily_activity([user], start, end)
	days, quotas = [], []
	month = rules.month_start(start)
	while month <= end:
		plan = plans_for([user], month).get(user)
		for day in working_days_of(plan, month):
			if start <= day <= end:
				days.append(day)
				quotas.append(daily_targets(plan)["calls"])
		month = add_days(rules.month_end(month), 1)
	return {
		"labels": [f"{day:%d.%m}" for day in days],
		"datasets": [
			{"name": _("Calls"), "values": [activity.get((user, day), {}).get("calls", 0) for day in days]},
			{"name": _("Quota"), "values": quotas, "chartType": "line"},
		],
	}
