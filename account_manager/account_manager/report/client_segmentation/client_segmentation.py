# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Client Segmentation (CB9): the clients of the user's portfolio (the Sales Head: every client) ranked
by the gross margin they brought over the period, from ERPNext's Sales Invoices and Stock Ledger, with
the ABC segment that margin suggests (rules.segmentation) beside the segment on their card. The Sales
Head applies the suggestions to the cards with apply_suggested_segments."""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, getdate, nowdate

from account_manager.account_manager.report.columns import checked_filters, column
from account_manager.concurrency import exactly_once, lock
from account_manager.erp import sales
from account_manager.rules.segmentation import abc_segments, margin_percent

SALES_HEAD = "Sales Head"


def execute(filters: dict | None = None):
	data = get_data(frappe._dict(filters or {}))
	return get_columns(), data, None, get_chart(data), get_summary(data)


def get_columns() -> list[dict]:
	return [
		column(_("Client Card"), "client_card", "Link", 110, "Client Card"),
		column(_("Customer"), "customer", "Link", 150, "Customer"),
		column(_("Client Name"), "party_name", "Data", 180),
		column(_("Account Manager"), "account_manager", "Link", 150, "User"),
		column(_("Turnover"), "turnover", "Currency", 120),
		column(_("Cost of Goods"), "cost_of_goods", "Currency", 120),
		column(_("Gross Margin"), "margin", "Currency", 120),
		column(_("Margin %"), "margin_percent", "Percent", 90),
		column(_("Share of Margin %"), "share", "Percent", 100),
		column(_("Cumulative %"), "cumulative_share", "Percent", 100),
		column(_("Suggested Segment"), "suggested_segment", "Data", 90),
		column(_("Segment"), "segment", "Data", 80),
		column(_("Key Account"), "is_key_account", "Check", 80),
	]


def period(filters) -> tuple:
	"""The filters' dates, by default the twelve months up to today."""
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_days(add_months(to_date, -12), 1))
	if from_date > to_date:
		frappe.throw(_("The period ends before it starts."), title=_("Invalid Period"))
	return from_date, to_date


def get_data(filters) -> list[dict]:
	company = checked_filters(filters)
	from_date, to_date = period(filters)
	conditions = {"party_type": "Customer", "company": company}
	if filters.get("account_manager"):
		conditions["account_manager"] = filters.account_manager
	# get_list applies the portfolio rule (permissions.client_card_query) for the user running the report
	cards = frappe.get_list(
		"Client Card",
		filters=conditions,
		fields=["name", "party", "party_name", "account_manager", "segment", "is_key_account"],
	)
	figures = sales.turnover_and_margin([c.party for c in cards], from_date, to_date, company)
	segments = abc_segments({c.party: figures[c.party]["margin"] for c in cards})
	rows = []
	for card in cards:
		money, ranked = figures[card.party], segments[card.party]
		rows.append(
			{
				"client_card": card.name,
				"customer": card.party,
				"party_name": card.party_name,
				"account_manager": card.account_manager,
				**money,
				"margin_percent": margin_percent(money["margin"], money["turnover"]),
				"share": round(100 * ranked.share, 1),
				"cumulative_share": round(100 * ranked.cumulative_share, 1),
				"suggested_segment": ranked.segment,
				"segment": card.segment,
				"is_key_account": card.is_key_account,
			}
		)
	return sorted(rows, key=lambda r: (-r["margin"], r["customer"]))


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	labels = ["A", "B", "C"]
	margin = {s: 0.0 for s in labels}
	for row in data:
		margin[row["suggested_segment"]] += row["margin"]
	return {
		"data": {
			"labels": labels,
			"datasets": [{"name": _("Gross Margin"), "values": [margin[s] for s in labels]}],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}


def get_summary(data: list[dict]) -> list[dict]:
	counts = {s: sum(1 for r in data if r["suggested_segment"] == s) for s in ("A", "B", "C")}
	return [
		{"label": _("{0} Clients").format(segment), "value": count, "datatype": "Int", "indicator": indicator}
		for (segment, count), indicator in zip(counts.items(), ("Green", "Blue", "Grey"), strict=True)
	] + [
		{
			"label": _("Suggested Differently"),
			"value": sum(1 for r in data if r["segment"] != r["suggested_segment"]),
			"datatype": "Int",
			"indicator": "Orange",
		}
	]


@frappe.whitelist()
@exactly_once
def apply_suggested_segments(filters: str | dict | None = None) -> list[str]:
	"""The Sales Head writes the suggested segments onto the cards of the report (CB9); each card is
	saved, so the change is on its timeline. Returns the cards changed."""
	if SALES_HEAD not in frappe.get_roles():
		frappe.throw(
			_("Only the Sales Head can change the segments of clients."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	rows = get_data(frappe._dict(frappe.parse_json(filters) or {}))
	to_change = [r for r in rows if r["segment"] != r["suggested_segment"]]
	changed = []
	for i, row in enumerate(to_change):
		# locked and read as committed: a parallel run (a double click, the other Sales Head) waits here,
		# then finds the segment written
		card = lock(frappe.get_doc("Client Card", row["client_card"]))
		if card.segment != row["suggested_segment"]:
			card.segment = row["suggested_segment"]
			card.save()
			changed.append(card.name)
		frappe.publish_progress(100 * (i + 1) / len(to_change), title=_("Applying segments"))
	if not changed:
		frappe.msgprint(
			_("The segments are as suggested already."), title=_("Done Already"), indicator="blue"
		)
	return changed
