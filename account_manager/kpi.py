"""The KPI plan in numbers (OF2, OF4, KP1-KP5): actuals computed from the app's logs and ERPNext,
never typed in. Every function answers for many managers with a fixed number of grouped queries."""

from datetime import date, datetime, time

from pypika.terms import ExistsCriterion

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Date
from frappe.query_builder.terms import Criterion
from frappe.utils import getdate, nowdate

from account_manager import reasons
from account_manager.account_manager.doctype.kpi_plan.kpi_plan import holidays_of
from account_manager.erp import sales
from account_manager.rules import kpi as rules
from account_manager.utils import default_company

DAILY_TARGETS = {
	"calls": ("calls_per_day", rules.DEFAULT_CALLS_PER_DAY),
	"email_offers": ("email_offers_per_day", rules.DEFAULT_EMAIL_OFFERS_PER_DAY),
	"phone_offers": ("phone_offers_per_day", rules.DEFAULT_PHONE_OFFERS_PER_DAY),
}


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
	return datetime.combine(start, time.min), datetime.combine(end, time.max)


def daily_activity(managers: list[str], start: date, end: date) -> dict[tuple[str, date], dict[str, int]]:
	"""{(manager, day): {"calls", "phone_offers", "email_offers"}} over the period, in two queries.

	Calls and phone offers come from Client Calls (a phone offer is a client offered on that day); e-mail
	offers are the Commercial Offers e-mailed that day: their sent Communications whose e-mail Frappe queued
	(a Communication a user posts as "Sent" without sending it counts for nothing)."""
	activity: dict[tuple[str, date], dict[str, int]] = {}
	if not managers:
		return activity
	low, high = day_bounds(start, end)
	call = frappe.qb.DocType("Client Call")
	rows = (
		frappe.qb.from_(call)
		.select(
			call.account_manager,
			Date(call.call_time).as_("day"),
			Count("*").as_("calls"),
			Count(frappe.qb.terms.Case().when(call.offer_made == 1, call.client_card))
			.distinct()
			.as_("phone_offers"),
		)
		.where(call.account_manager.isin(managers) & call.call_time.between(low, high))
		.groupby(call.account_manager, Date(call.call_time))
		.run(as_dict=True)
	)
	for row in rows:
		activity.setdefault((row.account_manager, getdate(row.day)), {}).update(
			calls=row.calls, phone_offers=row.phone_offers
		)
	comm = frappe.qb.DocType("Communication")
	queue = frappe.qb.DocType("Email Queue")
	queued = frappe.qb.from_(queue).select(queue.communication).where(queue.communication == comm.name)
	rows = (
		frappe.qb.from_(comm)
		.select(
			comm.user.as_("account_manager"),
			Date(comm.communication_date).as_("day"),
			Count(comm.reference_name).distinct().as_("email_offers"),
		)
		.where(
			(comm.reference_doctype == "Commercial Offer")
			& (comm.communication_type == "Communication")
			& (comm.communication_medium == "Email")
			& (comm.sent_or_received == "Sent")
			& comm.user.isin(managers)
			& comm.communication_date.between(low, high)
			# an e-mail actually queued for the offer: a Communication only marked "Sent" is not one (CB14)
			& ExistsCriterion(queued)
		)
		.groupby(comm.user, Date(comm.communication_date))
		.run(as_dict=True)
	)
	for row in rows:
		activity.setdefault((row.account_manager, getdate(row.day)), {})["email_offers"] = row.email_offers
	return activity


def plans_for(managers: list[str], month: date) -> dict[str, frappe._dict]:
	return {
		plan.account_manager: plan
		for plan in frappe.get_all(
			"KPI Plan",
			filters={"account_manager": ("in", managers), "month": rules.month_start(month)},
			fields=["*"],
		)
	}


def daily_targets(plan) -> dict[str, int]:
	"""The plan's daily targets, or the job description's defaults when there is no plan."""
	return {key: (plan.get(field) if plan else default) for key, (field, default) in DAILY_TARGETS.items()}


def working_days_of(plan, month: date) -> list[date]:
	holiday_list = plan.holiday_list if plan else None
	if not holiday_list:
		company = (plan.company if plan else None) or default_company()
		holiday_list = company and frappe.get_cached_value("Company", company, "default_holiday_list")
	return rules.working_days(month, holidays_of(holiday_list, month))


def progress(user: str, day: date) -> dict:
	"""A manager's counts of the day against the daily quotas of the KPI plan (KP5)."""
	plan = plans_for([user], day).get(user)
	is_working_day = day in working_days_of(plan, day)
	counts = daily_activity([user], day, day).get((user, day), {})
	quotas = rules.daily_quotas(counts, daily_targets(plan), is_working_day)
	return {
		"user": user,
		"date": day,
		"kpi_plan": plan.name if plan else None,
		"is_working_day": is_working_day,
		**{key: quota.as_dict() for key, quota in quotas.items()},
		"all_met": all(quota.met for quota in quotas.values()),
	}


def monthly_actuals(managers: list[str], month: date, company: str | None = None) -> dict[str, dict]:
	"""Everything the monthly report needs per manager, in a fixed number of grouped queries."""
	start, end = rules.month_start(month), rules.month_end(month)
	before = rules.previous_month(month)
	last_year = rules.same_month_last_year(month)
	result = {m: {"activity": {}, "call_stats": [], "next_clients": []} for m in managers}
	if not managers:
		return result

	for (manager, _day), counts in daily_activity(managers, start, end).items():
		totals = result[manager]["activity"]
		for key, value in counts.items():
			totals[key] = totals.get(key, 0) + value

	turnover = sales.turnover(
		managers,
		{
			"month": (start, end),
			"previous_month": (before, rules.month_end(before)),
			"last_year": (last_year, rules.month_end(last_year)),
		},
		company,
	)
	contracts = sales.new_client_contracts(managers, start, end, company)

	low, high = day_bounds(start, end)
	prospects = new_prospects(managers, low, high)
	timeliness = card_timeliness(managers)
	for row in call_stats(managers, low, high):
		result[row.account_manager]["call_stats"].append(row)
	for row in next_clients(managers, end):
		result[row.account_manager]["next_clients"].append(row)

	for manager in managers:
		result[manager].update(
			turnover=turnover[manager],
			new_client_contracts=contracts[manager],
			new_prospects=prospects.get(manager, 0),
			card_timeliness=float(timeliness.get(manager) or 0),
		)
	return result


def new_prospects(managers: list[str], low, high) -> dict[str, int]:
	"""{manager: leads and prospects whose card they made in the period} (the personal search plan)."""
	card = frappe.qb.DocType("Client Card")
	return dict(
		frappe.qb.from_(card)
		.select(card.account_manager, Count("*"))
		.where(
			card.account_manager.isin(managers)
			& card.party_type.isin(["Lead", "Prospect"])
			& card.creation.between(low, high)
		)
		.groupby(card.account_manager)
		.run()
	)


def card_timeliness(managers: list[str]) -> dict[str, float]:
	"""{manager: the average timeliness score of their client cards}."""
	card = frappe.qb.DocType("Client Card")
	return dict(
		frappe.qb.from_(card)
		.select(card.account_manager, Avg(card.timeliness_score))
		.where(card.account_manager.isin(managers))
		.groupby(card.account_manager)
		.run()
	)


def call_stats(managers: list[str], low, high) -> list:
	"""Calls of the period per manager, purpose and outcome."""
	call = frappe.qb.DocType("Client Call")
	return (
		frappe.qb.from_(call)
		.select(call.account_manager, call.purpose, call.outcome, Count("*").as_("calls"))
		.where(call.account_manager.isin(managers) & call.call_time.between(low, high))
		.groupby(call.account_manager, call.purpose, call.outcome)
		.orderby(call.account_manager)
		.orderby(call.purpose)
		.orderby(call.outcome)
		.run(as_dict=True)
	)


def next_clients(managers: list[str], after: date, within_days: int = 30, per_manager: int = 15) -> list:
	"""The clients each manager is to negotiate with next (CB7): planned contacts after the date."""
	card = frappe.qb.DocType("Client Card")
	rows = (
		frappe.qb.from_(card)
		.select(
			card.name.as_("client_card"),
			card.account_manager,
			card.party_name,
			card.next_contact_date,
			card.next_contact_reason.as_("reason"),
			card.next_contact_reason_code,
		)
		.where(
			card.account_manager.isin(managers)
			& Criterion.all(
				[
					card.next_contact_date.isnotnull(),
					card.next_contact_date <= frappe.utils.add_days(after, within_days),
				]
			)
		)
		.orderby(card.account_manager)
		.orderby(card.next_contact_date)
		.run(as_dict=True)
	)
	taken: dict[str, int] = {}
	chosen = []
	for row in rows:
		if taken.get(row.account_manager, 0) < per_manager:
			taken[row.account_manager] = taken.get(row.account_manager, 0) + 1
			row.reason = reasons.render(row.pop("next_contact_reason_code"), row.reason)
			chosen.append(row)
	return chosen


def today() -> date:
	return getdate(nowdate())
