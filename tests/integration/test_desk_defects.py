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


def test_the_client_card_list_shows_who_has_an_email_contact_and_who_is_debt_blocked():
	"""Stored flags kept up to date where they change (card_flags): a contact with an e-mail added or
	deleted, an invoice falling overdue beyond the tolerance and its payment (issue 27 item 3)."""
	from frappe.utils import add_days, nowdate

	from account_manager.card_flags import refresh
	from account_manager.tests.utils import (
		make_client_card,
		make_contact,
		make_customer,
		make_sales_invoice,
		make_user,
		pay_invoice,
	)

	def flags(card):
		return frappe.db.get_value("Client Card", card, ["has_email_contact", "debt_blocked"])

	customer = make_customer().name
	card = make_client_card(customer, "Customer", make_user(), overdue_tolerance_days=10).name
	assert flags(card) == (0, 0)
	make_contact("Customer", customer)  # a phone-only contact reaches nobody by e-mail
	assert flags(card) == (0, 0)
	contact = make_contact("Customer", customer, email_id="buyer@flags.example")
	assert flags(card) == (1, 0)
	invoice = make_sales_invoice(customer, 900, add_days(nowdate(), -60), add_days(nowdate(), -30))
	assert flags(card) == (1, 1)
	pay_invoice(invoice.name, 900, nowdate())
	assert flags(card) == (1, 0)
	frappe.delete_doc("Contact", contact)
	assert flags(card) == (0, 0)
	# the daily pass finds what no event told (debt falling overdue as days pass): nothing changed here
	assert refresh([card]) == []


def test_the_client_card_list_searches_the_clients_name_and_its_status_is_never_empty():
	"""The list's first filter is the client's name (the title field), not the card's number; the Status
	column has an indicator for every card (the list settings, checked in the browser journey too)."""
	from pathlib import Path

	meta = frappe.get_meta("Client Card")
	assert meta.title_field == "party_name" and meta.show_title_field_in_link
	assert "party_name" in meta.search_fields.split(",")
	script = (
		Path(frappe.get_app_path("account_manager"))
		/ "account_manager/doctype/client_card/client_card_list.js"
	).read_text()
	assert "hide_name_filter: true" in script
	indicator = script.split("get_indicator(doc) {")[1].split("\n\t},")[0]
	assert indicator.rstrip().splitlines()[-1].strip().startswith("return [")  # a last, unconditional one


def test_expected_volume_reads_as_a_quantity():
	"""A Product Request's expected volume is a whole number of its unit: 200 reads "200", never
	"200,000" (a Float, which the desk's input shows with the site's three decimals: read as two hundred
	thousand)."""
	df = frappe.get_meta("Product Request").get_field("expected_volume")
	assert df.fieldtype == "Int"
	frappe.local.lang = "pl"
	try:
		assert str(frappe.format_value(200, df)) == "200"
	finally:
		frappe.local.lang = "en"


def test_the_queues_reasons_are_in_the_readers_language():
	"""A call that sets the next contact stores its reason as a code: a Polish reader of the queue, the
	card and the monthly report's next clients reads it in Polish though the call was logged in English,
	and the other way round; a reason typed by hand stays as typed (issue 27 item 4)."""
	from frappe.utils import add_days, nowdate

	from account_manager.account_manager.report.follow_up_queue.follow_up_queue import planned_contacts
	from account_manager.api import log_call
	from account_manager.kpi import next_clients
	from account_manager.tests.utils import make_client_card, make_customer, make_user

	manager = make_user()
	card = make_client_card(make_customer().name, "Customer", manager).name
	frappe.set_user(manager)
	frappe.local.lang = "en"
	log_call(
		client_card=card,
		purpose="Prospecting",
		outcome="Interested",
		next_contact_date=add_days(nowdate(), 2),
		notes="cement prices",
	)
	log_call(client_name="Nowy Klient Sp. z o.o.", phone="+48 601 200 300", outcome="Reached")

	def reasons_read(lang):
		frappe.local.lang = lang
		try:
			queue = {
				row["client_card"]: row["reason"]
				for row in planned_contacts(frappe._dict(), frappe.utils.getdate(add_days(nowdate(), 30)))
			}
			return (
				queue[card],
				frappe.get_doc("Client Card", card).next_contact_reason,
				{r.client_card: r.reason for r in next_clients([manager], frappe.utils.getdate(nowdate()))}[
					card
				],
				[reason for name, reason in queue.items() if name != card],
			)
		finally:
			frappe.local.lang = "en"

	queue, form, report, new_number = reasons_read("pl")
	assert queue.startswith("Połączenie (Pozyskiwanie klientów) z dnia") and queue.endswith("cement prices")
	assert form == queue and report == queue
	assert new_number == ["Nowy numer: +48 601 200 300"]
	queue, form, _report, new_number = reasons_read("en")
	assert queue.startswith("Prospecting call of") and form == queue
	assert new_number == ["New number: +48 601 200 300"]

	# typed over by hand: the manager's words, in no language but theirs
	doc = frappe.get_doc("Client Card", card)
	doc.next_contact_reason = "Zadzwonić po targach"
	doc.save()
	assert not frappe.db.get_value("Client Card", card, "next_contact_reason_code")
	assert reasons_read("en")[0] == "Zadzwonić po targach"


def test_the_reasons_written_before_the_codes_get_theirs():
	"""The patch gives a reason a call wrote (in any language) the code of that call."""
	from frappe.utils import add_days, nowdate

	from account_manager.patches.v15_0.next_contact_reason_codes import execute
	from account_manager.reasons import render
	from account_manager.tests.utils import make_call, make_client_card, make_customer, make_user

	manager = make_user()
	card = make_client_card(make_customer().name, "Customer", manager).name
	make_call(
		card,
		purpose="Offer",
		outcome="Interested",
		notes="price list",
		next_contact_date=add_days(nowdate(), 3),
	)
	# as the app wrote it before: text only, in the logger's language
	frappe.db.set_value(
		"Client Card",
		card,
		{
			"next_contact_reason": "Połączenie (Oferta) z dnia 01-12-2026: price list",
			"next_contact_reason_code": None,
		},
	)
	execute()
	code = frappe.db.get_value("Client Card", card, "next_contact_reason_code")
	assert code and render(code).startswith("Offer call of") and render(code).endswith("price list")


def test_the_queues_collection_steps_and_statements_read_as_polish(worker):
	"""Not "Krok windykacji: Dunning" nor "(wyślij je)": the step's action and the statement's state in
	Polish (issue 27 item 5)."""
	from frappe.desk.query_report import run as run_report
	from frappe.utils import add_days, nowdate

	from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection
	from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
		draft_monthly_reconciliations,
	)
	from account_manager.tests.utils import make_client_card, make_customer, make_sales_invoice, make_user

	manager = make_user()
	frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
	settings = frappe.get_single("Account Manager Settings")
	settings.set("collection_steps", [{"day": 1, "action": "Dunning"}])
	settings.save()
	debtor = make_customer(account_manager=manager).name
	make_client_card(debtor, "Customer", manager)
	make_sales_invoice(debtor, 800, add_days(nowdate(), -60), add_days(nowdate(), -30))
	run_collection()  # the daily and monthly jobs, as the scheduler starts them: run by the worker
	draft_monthly_reconciliations()
	worker.drain()
	frappe.set_user(manager)
	frappe.local.lang = "pl"
	try:
		rows = run_report("Follow-up Queue", filters={"to_date": add_days(nowdate(), 7)})["result"]
	finally:
		frappe.local.lang = "en"
	reasons = {r["document_type"]: r["reason"] for r in rows}
	assert reasons["Collection Plan"] == "Krok windykacji: Wezwanie do zapłaty"
	assert reasons["Settlement Reconciliation"].endswith("(do wysłania)")


def test_campaigns_sent_before_say_what_happened():
	"""The patch: a campaign stored as Sent that reached nobody reads Nothing Sent."""
	from account_manager.patches.v15_0.offer_campaign_outcome_status import execute
	from account_manager.tests.utils import make_client_card, make_customer, make_user

	manager = make_user()
	cards = [make_client_card(make_customer().name, "Customer", manager).name for _ in range(2)]
	template = frappe.get_doc(
		{
			"doctype": "Email Template",
			"name": f"_Test Patch {frappe.generate_hash(length=6)}",
			"subject": "x",
			"response": "x",
		}
	).insert(ignore_permissions=True)
	frappe.set_user(manager)
	doc = frappe.get_doc(
		{
			"doctype": "Offer Campaign",
			"title": "Old",
			"email_template": template.name,
			"proposal": "x",
			"recipients": [{"client_card": card} for card in cards],
		}
	).insert()
	frappe.set_user("Administrator")
	for row in doc.recipients:
		row.db_set({"status": "Skipped", "reason": "No E-mail Contact"})
	doc.db_set("status", "Sent")
	execute()
	assert frappe.db.get_value("Offer Campaign", doc.name, "status") == "Nothing Sent"
