"""Data for the workspace's number cards and charts (IF1, KP5).

A manager sees their own figures (receivables and contacts over the portfolios they hold today); the
Sales Head sees the whole team, and on the charts picks one manager with the chart's filter.

Every method here only reads: with a read replica configured, the replica answers it (`@whitelisted_read`,
docs/replica.md)."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_days, add_months, flt, getdate, nowdate

from account_manager import cards
from account_manager.account_manager.report.follow_up_queue.follow_up_queue import get_data
from account_manager.erp import receivables, sales
from account_manager.kpi import daily_activity, daily_targets, plans_for, working_days_of
from account_manager.permissions import check_desk_user, check_manager_filter, visible_owners
from account_manager.replica import whitelisted_read
from account_manager.rules import kpi as rules
from account_manager.utils import default_company


def _filters(filters) -> dict:
	filters = frappe.parse_json(filters)  # a card or chart sends its filters as JSON
	return filters if isinstance(filters, dict) else {}


def chosen_managers(filters=None, portfolio: bool = False) -> list[str]:
	"""The managers whose figures the user asked for: the `account_manager` of the filters when the user
	may see that manager; else the user's own (with `portfolio`, also the portfolios delegated to the
	user today); for the Sales Head, every Account Manager."""
	check_desk_user()
	user = frappe.session.user
	owners = visible_owners(user)
	chosen = _filters(filters).get("account_manager")
	if chosen:
		check_manager_filter(chosen, user)
		return [chosen]
	if owners is not None:
		return owners if portfolio else [user]
	return account_managers()


def account_managers() -> list[str]:
	return sorted(cards.account_managers())


def _quota_card(key: str, filters=None) -> str:
	"""Today's count against today's quota, summed over the chosen managers (KP5)."""
	today = getdate(nowdate())
	managers = chosen_managers(filters)
	activity = daily_activity(managers, today, today)
	actual = sum(activity.get((manager, today), {}).get(key, 0) for manager in managers)
	target = sum(quota.get(today, 0) for quota in quotas_by_day(managers, key, today, today).values())
	return f"{actual} / {target}"


def quotas_by_day(managers: list[str], key: str, start, end) -> dict[str, dict]:
	"""{manager: {working day: the plan's daily target}} between the dates (no plan: the defaults)."""
	quotas = {manager: {} for manager in managers}
	working_days = {}  # per holiday list and month: most managers share one
	month = rules.month_start(start)
	while month <= end:
		plans = plans_for(managers, month)
		for manager in managers:
			plan = plans.get(manager)
			calendar = (plan.holiday_list or plan.company) if plan else None
			if (calendar, month) not in working_days:
				working_days[calendar, month] = working_days_of(plan, month)
			for day in working_days[calendar, month]:
				if start <= day <= end:
					quotas[manager][day] = daily_targets(plan)[key]
		month = add_days(rules.month_end(month), 1)
	return quotas


@whitelisted_read
def calls_today(filters=None) -> str:
	return _quota_card("calls", filters)


@whitelisted_read
def email_offers_today(filters=None) -> str:
	return _quota_card("email_offers", filters)


@whitelisted_read
def phone_offers_today(filters=None) -> str:
	return _quota_card("phone_offers", filters)


@whitelisted_read
def calls_against_quota(filters=None, **chart_args) -> dict:
	"""Calls per working day over the last 30 days against the daily quota: the user's, a chosen
	manager's, or (the Sales Head) the team's summed."""
	# chart_args: what the chart widget also sends (chart_name, timespan, refresh, ...), not used
	managers = chosen_managers(filters)
	end = getdate(nowdate())
	start = add_days(end, -30)
	activity = daily_activity(managers, start, end)
	calls, quotas = {}, {}
	for manager, days in quotas_by_day(managers, "calls", start, end).items():
		for day, quota in days.items():
			calls[day] = calls.get(day, 0) + activity.get((manager, day), {}).get("calls", 0)
			quotas[day] = quotas.get(day, 0) + quota
	days = sorted(quotas)
	return {
		"labels": [f"{day:%d.%m}" for day in days],
		"datasets": [
			{"name": _("Calls"), "values": [calls[day] for day in days]},
			{"name": _("Quota"), "values": [quotas[day] for day in days], "chartType": "line"},
		],
	}


# Above this many clients one pass over the whole ledger is faster than looking them up (1,000,000 ledger
# rows over 10,000 customers: 500 clients 0.3 s, 1,500 clients 2.3 s, the whole ledger 2.6 s).
TEAM_SIZE = 1500


@whitelisted_read
def overdue_receivables(filters=None) -> dict:
	"""Debt overdue today over the customers of the user's portfolios (the Sales Head: all)."""
	managers = chosen_managers(filters, portfolio=True)
	customers = frappe.get_all(
		"Client Card",
		filters={"party_type": "Customer", "account_manager": ("in", managers)},
		pluck="party",
	)
	company = default_company()
	if len(customers) > TEAM_SIZE:  # the whole team's: one pass over the ledger beats a long IN list
		overdue_by_customer = receivables.overdue_customers(company)
		overdue = sum(overdue_by_customer.get(c, 0) for c in customers)
	else:
		overdue = sum(b.overdue for b in receivables.party_balances(customers, company).values())
	return {
		"value": flt(overdue, 2),
		"fieldtype": "Currency",
		"route": ["query-report", "Client Receivables"],
	}


@whitelisted_read
def clients_to_contact_today(filters=None) -> dict:
	"""Clients of the follow-up queue due today or earlier: planned contacts, offers waiting for an
	answer, collection steps and reconciliations (CB7)."""
	today = nowdate()
	chosen = _filters(filters).get("account_manager")
	chosen_managers(filters)  # may the user see the figures, and that manager's clients?
	rows = get_data(frappe._dict(to_date=today, account_manager=chosen))  # the user's portfolios only
	return {
		"value": len({row["client_card"] for row in rows if row.get("client_card")}),
		"fieldtype": "Int",
		"route": ["query-report", "Follow-up Queue"],
		"route_options": {"to_date": today},
	}


@whitelisted_read
def late_orders(filters=None) -> dict:
	"""Sales Orders of the user's portfolios past their delivery date and not delivered in full (OF7)."""
	managers = chosen_managers(filters, portfolio=True)
	return {
		"value": len(sales.late_orders(getdate(nowdate()), owners=managers)),
		"fieldtype": "Int",
		"route": ["query-report", "Follow-up Queue"],
	}


@whitelisted_read
def monthly_report_status(filters=None) -> str:
	"""Last month's Account Manager Report: its state for a manager, how many are submitted for the
	Sales Head (due by the 3rd, KP3). Text, not a number: the desk's number card shows it as it is, in the
	colour of the deadline (green: all in; orange: some out, not yet due; red: past the due date)."""
	month = rules.previous_month(getdate(nowdate()))
	managers = chosen_managers(filters)
	reports = frappe.get_all(
		"Account Manager Report",
		filters={"month": month, "account_manager": ("in", managers), "docstatus": ("<", 2)},
		fields=["name", "account_manager", "docstatus", "approved_by", "flagged_late", "due_date"],
	)
	submitted = sum(1 for r in reports if r.docstatus == 1)
	due = min((getdate(r.due_date) for r in reports if r.due_date), default=None)
	colour = rules.report_status_colour(submitted, len(reports), getdate(nowdate()), due)
	if len(managers) > 1:
		text = _("{0} of {1} submitted").format(submitted, len(reports))
	elif not reports:
		text = _("Not drafted")
	else:
		text = report_state(reports[0])
	return coloured(text, colour)


def coloured(text: str, colour: str) -> str:
	"""A number card's text in a colour of the desk's palette (the card shows a custom card's text as
	HTML)."""
	return (
		f'<span class="am-status" data-colour="{colour}" style="color: var(--{colour}-600)">'
		f"{frappe.utils.escape_html(text)}</span>"
	)


def report_state(report) -> str:
	if report.docstatus == 1:
		return (
			_("Approved", context="Account Manager Report")
			if report.approved_by
			else _("Submitted", context="Account Manager Report")
		)
	return _("Late", context="Account Manager Report") if report.flagged_late else _("Draft")


@whitelisted_read
def offers_by_status(filters=None, **chart_args) -> dict:
	"""The offers of the portfolio by status (the workspace's donut), the statuses in the reader's language
	(Frappe's Group By chart shows the stored English values): the user's, a chosen manager's, or the
	team's."""
	managers = chosen_managers(filters, portfolio=True)
	offer = frappe.qb.DocType("Commercial Offer")
	rows = (
		dict(
			frappe.qb.from_(offer)
			.select(offer.status, Count("*"))
			.where(offer.account_manager.isin(managers))
			.groupby(offer.status)
			.run()
		)
		if managers
		else {}
	)
	statuses = [
		s for s in frappe.get_meta("Commercial Offer").get_options("status").split("\n") if rows.get(s)
	]
	return {
		"labels": [_(status, context="Commercial Offer") for status in statuses],
		"datasets": [{"name": _("Offers"), "values": [rows[status] for status in statuses]}],
	}


@whitelisted_read
def turnover_by_month(filters=None, **chart_args) -> dict:
	"""Net turnover of the portfolio (submitted Sales Invoices less returns) in each of the last 12
	months: the user's, a chosen manager's, or the team's."""
	managers = chosen_managers(filters, portfolio=True)
	this_month = rules.month_start(getdate(nowdate()))
	months = [add_months(this_month, -back) for back in range(11, -1, -1)]
	periods = {f"m{i}": (month, rules.month_end(month)) for i, month in enumerate(months)}
	per_manager = sales.turnover(managers, periods)
	return {
		"labels": [f"{month:%m/%y}" for month in months],  # short: half-width chart
		"datasets": [
			{
				"name": _("Turnover"),
				"values": [flt(sum(t[key] for t in per_manager.values()), 2) for key in periods],
			}
		],
	}
