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


def test_average_days_late_reads_as_days():
	columns = {
		c["fieldname"]: c
		for c in run("Order Fulfilment", filters={"from_date": "2026-01-01", "to_date": "2026-12-31"})[
			"columns"
		]
	}
	assert columns["average_days_late"].get("precision") == 1
	assert columns["average_days_late"].get("disable_total")


def test_an_account_manager_picks_the_unit_of_a_product_request():
	"""The UOM link of a Product Request: an Account Manager may select units (Frappe's link check and
	search), which ERPNext lets only stock and item roles read."""
	from account_manager.compat import VALIDATE_LINK
	from account_manager.tests.rest import RestClient
	from account_manager.tests.utils import make_user

	uom = frappe.db.get_value("UOM", {}, "name")
	manager = RestClient(make_user())
	reply = manager.call(VALIDATE_LINK, doctype="UOM", docname=uom)
	assert reply.status == 200 and reply.data.get("name") == uom, reply.body
	found = manager.search("UOM", uom[:3])
	assert found.status == 200 and uom in [r.get("value") for r in found.data], found.body
