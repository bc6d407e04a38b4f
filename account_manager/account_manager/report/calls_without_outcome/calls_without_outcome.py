# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Calls of the day the telephone system recorded and the manager has not finished (OF6): Client Calls
still without an outcome, and calls from numbers no client card knows, which the user who took them
makes a New Prospect in one click."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from account_manager.account_manager.report.columns import column
from account_manager.kpi import day_bounds
from account_manager.overrides.call_log import other_party_number
from account_manager.permissions import check_manager_filter, visible_owners


def execute(filters: dict | None = None):
	return get_columns(), get_data(frappe._dict(filters or {}))


def get_columns() -> list[dict]:
	return [
		column(_("Time"), "call_time", "Datetime", 150),
		column(_("Client Call"), "client_call", "Link", 130, "Client Call"),
		column(_("Client Card"), "client_card", "Link", 110, "Client Card"),
		column(_("Client"), "party_name", "Data", 180),
		column(_("Phone"), "phone", "Data", 130),
		column(_("Direction"), "direction", "Data", 90),
		column(_("Duration", context="Client Call"), "duration", "Duration", 90),
		column(_("Account Manager"), "account_manager", "Link", 170, "User"),
		column(_("Telephony Call Log"), "call_log", "Data", 120),
		column(_("To Do"), "action", "Data", 170),
	]


def get_data(filters) -> list[dict]:
	check_manager_filter(filters.get("account_manager"))  # filters narrow, never widen
	day = getdate(filters.get("date") or nowdate())
	return sorted(
		calls_without_outcome(filters, day) + unknown_numbers(filters, day), key=lambda r: r["call_time"]
	)


def calls_without_outcome(filters, day) -> list[dict]:
	conditions = [["call_time", "between", list(day_bounds(day, day))], ["outcome", "is", "not set"]]
	if filters.account_manager:
		conditions.append(["account_manager", "=", filters.account_manager])
	calls = frappe.get_list(  # the calls the user may see
		"Client Call",
		filters=conditions,
		fields=[
			"name",
			"call_time",
			"client_card",
			"party_name",
			"phone",
			"direction",
			"duration",
			"account_manager",
			"call_log",
		],
	)
	return [
		{
			**call,
			"client_call": call.name,
			"direction": _(call.direction),
			"action": _("Add purpose and outcome"),
		}
		for call in calls
	]


def unknown_numbers(filters, day) -> list[dict]:
	"""Ended calls of the day with no Client Call, taken by the user (or the managers they cover; the
	Sales Head: anyone)."""
	owners = visible_owners()
	takers = [filters.account_manager] if filters.account_manager else owners
	log = frappe.qb.DocType("Call Log")
	call = frappe.qb.DocType("Client Call")
	low, high = day_bounds(day, day)
	query = (
		frappe.qb.from_(log)
		.left_join(call)
		.on(call.call_log == log.name)
		.select(
			log.name,
			log.type,
			log["from"],
			log.to,
			log.duration,
			log.employee_user_id,
			log.creation,
			log.start_time,
		)
		.where(
			call.name.isnull()
			& log.status.isin(["Completed", "No Answer", "Busy", "Failed"])
			& log.creation.between(low, high)
			& log.employee_user_id.isnotnull()
		)
	)
	if takers is not None:
		query = query.where(log.employee_user_id.isin(takers))
	return [
		{
			"call_time": row.start_time or row.creation,
			"phone": other_party_number(row),
			"direction": _(row.type),
			"duration": row.duration,
			"account_manager": row.employee_user_id,
			"call_log": row.name,
			"party_name": _("Unknown number"),
			"action": _("New Prospect"),
		}
		for row in query.run(as_dict=True)
	]
