# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, getdate, now_datetime

from account_manager import batches, ownership
from account_manager.concurrency import done_already, exactly_once, lock
from account_manager.kpi import monthly_actuals, plans_for, today, working_days_of
from account_manager.rules import kpi as rules
from account_manager.utils import notify, set_audited, users_with_roles

SALES_HEAD = "Sales Head"
MANAGER_FIELDS = ("manager_comments",)  # what the manager writes on their report
DUE_DAY = 3  # the report is due by the 3rd of the following month (KP3)


class AccountManagerReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from account_manager.account_manager.doctype.account_manager_report_call_stat.account_manager_report_call_stat import (
			AccountManagerReportCallStat,
		)
		from account_manager.account_manager.doctype.account_manager_report_client.account_manager_report_client import (
			AccountManagerReportClient,
		)

		account_manager: DF.Link
		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		call_stats: DF.Table[AccountManagerReportCallStat]
		calls_actual: DF.Int
		calls_target: DF.Int
		card_timeliness: DF.Percent
		company: DF.Link
		due_date: DF.Date | None
		email_offers_actual: DF.Int
		email_offers_target: DF.Int
		flagged_late: DF.Check
		kpi_plan: DF.Link | None
		manager_comments: DF.TextEditor | None
		month: DF.Date
		new_client_contracts_actual: DF.Int
		new_client_contracts_target: DF.Int
		new_prospects_actual: DF.Int
		new_prospects_target: DF.Int
		next_clients: DF.Table[AccountManagerReportClient]
		phone_offers_actual: DF.Int
		phone_offers_target: DF.Int
		search_plan_fulfilment: DF.Percent
		turnover_actual: DF.Currency
		turnover_growth: DF.Percent
		turnover_growth_yoy: DF.Percent
		turnover_last_year: DF.Currency
		turnover_previous_month: DF.Currency
		turnover_target: DF.Currency
		working_days: DF.Int
	# end: auto-generated types

	def autoname(self):
		self.name = f"{getdate(self.month):%Y-%m} {self.account_manager}"

	def validate(self):
		# the figures are computed (KP2): the manager writes the comments, and submits
		ownership.guard_unchanged(
			self, ownership.server_fields(self, MANAGER_FIELDS), _("the report's figures are computed.")
		)
		self.month = rules.month_start(getdate(self.month))
		self.due_date = add_days(rules.month_end(self.month), DUE_DAY)

	def before_submit(self):
		if frappe.session.user != self.account_manager and SALES_HEAD not in frappe.get_roles():
			frappe.throw(_("Only {0} or the Sales Head can submit this report.").format(self.account_manager))

	def fill(self, plan, actuals: dict):
		"""Plan against actual and the evaluation criteria (KP2-KP4) from computed actuals."""
		days = len(working_days_of(plan, self.month))
		activity = actuals["activity"]
		turnover = actuals["turnover"]
		targets = monthly_targets(plan, days)
		self.update(
			{
				"kpi_plan": plan.name if plan else None,
				"company": self.company or (plan.company if plan else None),
				"working_days": days,
				**targets,
				"calls_actual": activity.get("calls", 0),
				"email_offers_actual": activity.get("email_offers", 0),
				"phone_offers_actual": activity.get("phone_offers", 0),
				"new_client_contracts_actual": actuals["new_client_contracts"],
				"new_prospects_actual": actuals["new_prospects"],
				"turnover_actual": turnover["month"],
				"turnover_previous_month": turnover["previous_month"],
				"turnover_last_year": turnover["last_year"],
				"search_plan_fulfilment": rules.share(
					actuals["new_prospects"], targets["new_prospects_target"]
				),
				"turnover_growth": rules.growth(turnover["month"], turnover["previous_month"]),
				"turnover_growth_yoy": rules.growth(turnover["month"], turnover["last_year"]),
				"card_timeliness": round(actuals["card_timeliness"], 1),
			}
		)
		self.set("call_stats", call_stat_rows(actuals["call_stats"]))
		self.set(
			"next_clients",
			[
				{k: row[k] for k in ("client_card", "party_name", "next_contact_date", "reason")}
				for row in actuals["next_clients"]
			],
		)

	@frappe.whitelist()
	@exactly_once
	def approve(self):
		"""The Sales Head approves a submitted report (KP3)."""
		if SALES_HEAD not in frappe.get_roles():
			frappe.throw(_("Only the Sales Head can approve a monthly report."), exc=frappe.PermissionError)
		lock(self)
		if self.approved_by:
			done_already(_("Report {0} was approved").format(self.name), self.approved_by, self.approved_on)
			return
		if self.docstatus != 1:
			frappe.throw(_("Submit the report before it is approved."))
		set_audited(self, {"approved_by": frappe.session.user, "approved_on": now_datetime()})


def monthly_targets(plan, working_days: int) -> dict:
	"""The month's targets: the KPI plan's daily quotas times the working days, else the defaults."""
	return {
		"calls_target": (plan.calls_per_day if plan else rules.DEFAULT_CALLS_PER_DAY) * working_days,
		"email_offers_target": (plan.email_offers_per_day if plan else rules.DEFAULT_EMAIL_OFFERS_PER_DAY)
		* working_days,
		"phone_offers_target": (plan.phone_offers_per_day if plan else rules.DEFAULT_PHONE_OFFERS_PER_DAY)
		* working_days,
		"new_client_contracts_target": plan.new_client_contracts
		if plan
		else rules.DEFAULT_NEW_CLIENT_CONTRACTS,
		"new_prospects_target": plan.new_prospects if plan else 0,
		"turnover_target": plan.turnover if plan else 0,
	}


def call_stat_rows(stats: list) -> list[dict]:
	"""The calls per purpose and outcome, each with its share of the calls of that purpose."""
	by_purpose = {}
	for row in stats:
		by_purpose[row.purpose] = by_purpose.get(row.purpose, 0) + row.calls
	return [
		{
			"purpose": row.purpose,
			"outcome": row.outcome,
			"calls": row.calls,
			"share": rules.share(row.calls, by_purpose[row.purpose]),
		}
		for row in stats
	]


def draft_monthly_reports(month=None, company: str | None = None) -> list[str]:
	"""Draft the report of the month before (or of `month`) for every manager with a KPI plan for it,
	in batches across the workers; reports that exist already are left alone, so running it again
	creates nothing (KP3). Returns the reports drafted when the batches ran here (the demo: batches.inline)."""
	month = rules.month_start(getdate(month)) if month else rules.previous_month(today())
	planned = frappe.get_all("KPI Plan", filters={"month": month}, pluck="account_manager")
	existing = set(
		frappe.get_all("Account Manager Report", filters={"month": month}, pluck="account_manager")
	)
	return batches.run(
		_("Drafting monthly reports"),
		"account_manager.account_manager.doctype.account_manager_report.account_manager_report.draft_reports",
		sorted(set(planned) - existing),
		batch_size=REPORTS_PER_BATCH,
		month=str(month),
		company=company,
	)


REPORTS_PER_BATCH = 25  # each report reads a month of its manager's calls, offers and invoices


def draft_reports(managers: list[str], month: str, company: str | None = None) -> list[str]:
	"""A batch of monthly reports, their figures read for the batch's managers together. Idempotent: a
	manager who has the month's report gets no second."""
	month = getdate(month)
	existing = set(
		frappe.get_all(
			"Account Manager Report",
			filters={"month": month, "account_manager": ("in", managers)},
			pluck="account_manager",
		)
	)
	managers = [m for m in managers if m not in existing]
	if not managers:
		return []
	plans = plans_for(managers, month)
	actuals = monthly_actuals(managers, month, company)

	def handle(manager):
		if manager not in plans:
			batches.skip(manager, _("no KPI plan for the month any more"))
			return None
		report = frappe.new_doc("Account Manager Report")
		report.update({"account_manager": manager, "month": month, "company": plans[manager].company})
		report.fill(plans[manager], actuals[manager])
		report.insert(ignore_permissions=True)  # the scheduler's draft, for the manager to complete
		return report.name

	return batches.for_each(managers, handle)


def flag_unsubmitted_reports() -> list[str]:
	"""Past the due date, mark every report still in draft and tell the Sales Head (KP3); once."""

	late = frappe.get_all(
		"Account Manager Report",
		filters={"docstatus": 0, "flagged_late": 0, "due_date": ("<", today())},
		fields=["name", "account_manager", "month"],
	)
	heads = users_with_roles([SALES_HEAD])
	for report in late:
		set_audited(frappe.get_doc("Account Manager Report", report.name), {"flagged_late": 1})
		if heads:
			notify(
				heads,
				"Account Manager Report",
				report.name,
				_("The monthly report of {0} for {1} was not submitted by the 3rd").format(
					report.account_manager, f"{getdate(report.month):%m.%Y}"
				),
			)
	return [r.name for r in late]
