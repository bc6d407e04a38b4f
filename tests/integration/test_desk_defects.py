"""Defects of the manager's day (issue 27, item 4), each as the user meets it."""

import json

import frappe
from frappe.desk.query_report import run


def test_the_total_row_adds_up_only_what_adds_up():
	"""Client Receivables and Client Portfolio have a total row: amounts are summed, days, scores and
	shares are not (the desk leaves their total empty: disable_total)."""
	for report, not_summed, summed in (
		(
			"Client Receivables",
			{"oldest_overdue_days", "reliability_score", "credit_used_percent"},
			{"outstanding", "overdue"},
		),
		("Client Portfolio", {"oldest_overdue_days", "timeliness_score"}, {"outstanding", "overdue"}),
	):
		assert json.loads(frappe.db.get_value("Report", report, "json") or "{}") is not None
		columns = {c["fieldname"]: c for c in run(report, filters={})["columns"]}
		for fieldname in not_summed:
			assert columns[fieldname].get("disable_total"), (report, fieldname)
		for fieldname in summed:
			assert not columns[fieldname].get("disable_total"), (report, fieldname)
