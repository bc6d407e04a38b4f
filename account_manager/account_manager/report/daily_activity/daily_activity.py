# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Per manager and working day: calls, e-mail offers and phone offers against the quotas (KP5), and the
promotions sent (news to a segment, counted apart from the offers of the quota)."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from account_manager.account_manager.doctype.offer_campaign.offer_campaign import promotions_sent
from account_manager.account_manager.report.columns import column
from account_manager.kpi import daily_activity, daily_targets, plans_for, working_days_of
from account_manager.permissions import check_manager_filter, visible_owners
from account_manager.rules import kpi as rules

KEYS = ("calls", "email_offers", "phone_offers")


def execute(filters: dict | None = None):
	data = get_data(frappe._dict(filters or {}))
	return get_columns(), data, None, get_chart(data)


def get_columns() -> list[dict]:
	columns = [
		column(_("Account Manager"), "account_manager", "Link", 180, "User"),
		column(_("Date"), "date", "Date", 100),
	]
	labels = {"calls": _("Calls"), "email_offers": _("E-mail Offers"), "phone_offers": _("Phone Offers")}
	for key in KEYS:
		columns += [
			column(labels[key], key, "Int", 90),
			column(_("Quota"), f"{key}_target", "Int", 70),
		]
	columns.append(column(_("Quotas Met"), "quotas_met", "Check", 90))
	columns.append(column(_("Promotions"), "promotions", "Int", 90))
	return columns


def get_managers(filters) -> list[str]:
	owners = visible_owners()
	if filters.account_manager:
		check_manager_filter(filters.account_manager)  # filters narrow, never widen
		return [filters.account_manager]
	if owners is not None:
		return owners
	planned = frappe.get_all("KPI Plan", distinct=True, pluck="account_manager")
	active = frappe.get_all("Client Call", distinct=True, pluck="account_manager")
	return sorted(set(planned) | set(active))


def get_data(filters) -> list[dict]:
	end = getdate(filters.to_date or nowdate())
	start = getdate(filters.from_date or add_days(end, -30))
	if start > end:
		frappe.throw(_("From Date must be before To Date."))
	managers = get_managers(filters)
	activity = daily_activity(managers, start, end)
	promotions = promotions_sent(managers, start, end)
	rows = []
	month = rules.month_start(start)
	while month <= end:
		plans = plans_for(managers, month)
		for manager in managers:
			plan = plans.get(manager)
			targets = daily_targets(plan)
			for day in working_days_of(plan, month):
				if not start <= day <= end:
					continue
				counts = activity.get((manager, day), {})
				quotas = rules.daily_quotas(counts, targets, True)
				row = {
					"account_manager": manager,
					"date": day,
					"quotas_met": all(q.met for q in quotas.values()),
					"promotions": promotions.get((manager, day), 0),
				}
				for key, quota in quotas.items():
					row[key], row[f"{key}_target"] = quota.actual, quota.target
				rows.append(row)
		month = add_days(rules.month_end(month), 1)
	return sorted(rows, key=lambda r: (r["account_manager"], r["date"]))


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	days = sorted({row["date"] for row in data})
	calls = {day: sum(r["calls"] for r in data if r["date"] == day) for day in days}
	quota = {day: sum(r["calls_target"] for r in data if r["date"] == day) for day in days}
	return {
		"data": {
			"labels": [frappe.format_value(day, "Date") for day in days],
			"datasets": [
				{"name": _("Calls"), "values": [calls[d] for d in days]},
				{"name": _("Quota"), "values": [quota[d] for d in days], "chartType": "line"},
			],
		},
		"type": "bar",
	}
