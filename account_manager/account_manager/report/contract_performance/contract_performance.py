# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Contract Performance (CT5): every signed contract of the portfolios the user may see, with what it
obliges measured from ERPNext's data — its fulfilment checklist and deadline, the client's orders delivered
on time and invoices paid on time, the turnover so far against the committed turnover, the rebate threshold
reached — and why it is at risk. Per manager and per client by the filters."""

import frappe
from frappe import _
from frappe.utils import date_diff, flt, getdate, nowdate

from account_manager.account_manager.report.columns import column
from account_manager.contract_performance import MEASURED_FIELDS, measures
from account_manager.permissions import check_manager_filter
from account_manager.rules import rebates


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(), data, None, None, get_summary(data)


def get_columns() -> list[dict]:
	return [
		column(_("Contract", context="Contract Performance"), "contract", "Link", 120, "Contract"),
		column(_("Client Card"), "client_card", "Link", 110, "Client Card"),
		column(_("Client"), "party_name", "Data", 180),
		column(_("Account Manager"), "account_manager", "Link", 150, "User"),
		column(_("At Risk"), "at_risk", "Check", 70, total=False),
		column(_("Why"), "why", "Data", 300),
		column(_("Status"), "status", "Data", 80),
		column(_("Start Date", context="Contract Performance"), "start_date", "Date", 95),
		column(_("End Date", context="Contract Performance"), "end_date", "Date", 95),
		column(_("Days Left"), "days_left", "Int", 80, total=False),
		column(_("Fulfilment Status", context="Contract Performance"), "fulfilment_status", "Data", 120),
		column(_("Fulfilment Deadline", context="Contract Performance"), "fulfilment_deadline", "Date", 110),
		column(_("Orders on Time (%)"), "orders_on_time_percent", "Percent", 110, total=False),
		column(_("Paid on Time (%)"), "payments_on_time_percent", "Percent", 110, total=False),
		column(_("Committed Turnover"), "committed_turnover", "Currency", 130),
		column(_("Turnover So Far"), "turnover", "Currency", 130),
		column(_("Rebate Threshold Reached"), "rebate_threshold", "Currency", 130, total=False),
	]


def get_data(filters) -> list[dict]:
	check_manager_filter(filters.get("account_manager"))  # filters narrow, never widen
	conditions = {"docstatus": 1, "party_type": "Customer"}
	if filters.get("status"):
		conditions["status"] = filters.status
	if filters.get("account_manager"):
		conditions["account_manager"] = filters.account_manager
	if filters.get("customer"):
		conditions["party_name"] = filters.customer
	# get_list: the contracts of the user's portfolios only
	contracts = frappe.get_list(
		"Contract",
		filters=conditions,
		fields=[*MEASURED_FIELDS, "status", "rebate_period"],
		order_by="end_date asc",
	)
	if not contracts:
		return []
	names = {c.party_name: c.party_name for c in contracts}
	names.update(
		frappe.get_all(
			"Customer", filters={"name": ("in", list(names))}, fields=["name", "customer_name"], as_list=True
		)
	)
	tiers = {}
	for row in frappe.get_all(
		"Contract Rebate Tier",
		filters={"parenttype": "Contract", "parent": ("in", [c.name for c in contracts])},
		fields=["parent", "threshold", "rebate_percent"],
	):
		tiers.setdefault(row.parent, []).append((flt(row.threshold), flt(row.rebate_percent)))
	measured = measures(contracts)
	today = getdate(nowdate())
	rows = []
	for c in contracts:
		m = measured[c.name]
		if filters.get("at_risk") and not m["risks"]:
			continue
		reached = rebates.position(m["turnover"], tiers[c.name]).threshold if c.name in tiers else None
		rows.append(
			{
				"contract": c.name,
				"client_card": c.client_card,
				"party_name": names.get(c.party_name),
				"account_manager": c.account_manager,
				"status": _(c.status),
				"start_date": c.start_date,
				"end_date": c.end_date,
				"days_left": date_diff(c.end_date, today) if c.end_date else None,
				"fulfilment_status": _(c.fulfilment_status) if c.fulfilment_status else None,
				"fulfilment_deadline": c.fulfilment_deadline,
				"orders_on_time_percent": m["orders_on_time_percent"],
				"payments_on_time_percent": m["payments_on_time_percent"],
				"committed_turnover": flt(c.committed_turnover),
				"turnover": m["turnover"],
				"rebate_threshold": reached,
				"at_risk": 1 if m["risks"] else 0,
				"why": m["why"],
			}
		)
	return rows


def get_summary(data: list[dict]) -> list[dict]:
	at_risk = sum(1 for r in data if r["at_risk"])
	return [
		{"label": _("Contracts"), "value": len(data), "datatype": "Int"},
		{
			"label": _("At Risk"),
			"value": at_risk,
			"datatype": "Int",
			"indicator": "Red" if at_risk else "Green",
		},
	]
