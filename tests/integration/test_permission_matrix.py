"""The permission matrix, proven over Frappe's request path, and written to docs/permissions.md.

Real users with API keys (Account Manager A; A's deputy, covering A's portfolio today; Account Manager B;
the Sales Head; an Accounts User; a website user) act on a record of **A's client** through REST
(/api/resource and /api/method, account_manager.tests.rest): for every DocType of the app and the ERPNext
DocTypes the portfolio rule covers they list, read, create, write, take as owner, delete and search it in
a Link field; they call every whitelisted method of the app on A's client, and run every report. Each
attempt runs in a savepoint rolled back afterwards, so the cells never see each other's writes.

The policy is account_manager/tests/permission_policy.py (EXPECTED_DOCTYPES, EXPECTED_METHODS,
EXPECTED_REPORTS). The test fails when any cell behaves otherwise, and when docs/permissions.md is
not what this matrix renders (it rewrites the file, so running the tests once more brings it up to date
after a deliberate change of policy).
"""

import json
import random
from pathlib import Path

import pytest

import frappe
from frappe.utils import (
	add_days,
	add_months,
	add_to_date,
	get_datetime,
	get_first_day,
	get_last_day,
	now_datetime,
	nowdate,
	random_string,
)

from account_manager import batches
from account_manager.tests.permission_policy import (
	ACTORS,
	DOC,
	EXPECTED_DOCTYPES,
	EXPECTED_METHODS,
	EXPECTED_REPORTS,
	NA,
	N,
	Y,
	parse,
	parse_reports,
	render,
)
from account_manager.tests.rest import RestClient
from account_manager.tests.team import make_team
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_contact,
	make_customer,
	make_kpi_plan,
	make_lead,
	make_sales_invoice,
	make_sales_order,
	make_user,
	service_item,
)

# -- the world the actors act in ---------------------------------------------------------------------


@pytest.fixture
def world(outgoing_email):
	team = make_team()
	a = team.client_a
	make_sales_order(a.customer, submit=True)  # an order of A's client for Order Fulfilment, before the debt
	frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
	make_sales_invoice(a.customer, 900, add_days(nowdate(), -60), add_days(nowdate(), -30))  # in debt
	make_user(roles=("Logistics Manager",))
	make_user(roles=("Manufacturing User",))
	a.spare_customer = make_customer(f"_Test A2 {random_string(5)}", account_manager=team.a).name
	frappe.db.delete("Client Card", {"party": a.spare_customer})  # a customer of A's without its card yet
	a.lead = make_lead()
	a.lead_card = make_client_card(a.lead, "Lead", team.a).name
	a.kpi_plan = make_kpi_plan(team.a, get_first_day(nowdate())).name
	a.delegation = frappe.get_all("Portfolio Delegation", filters={"from_user": team.a}, pluck="name")[0]
	a.template = (
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"_Test Greeting {random_string(5)}",
				"subject": "Best wishes",
				"response": "Best wishes, {{ party_name }}",
			}
		)
		.insert()
		.name
	)
	frappe.set_user(team.a)
	a.campaign = (
		frappe.get_doc(
			{
				"doctype": "Offer Campaign",
				"title": "Spring",
				"email_template": a.template,
				"proposal": "New range",
				"recipients": [{"client_card": a.card}],
			}
		)
		.insert()
		.name
	)
	frappe.set_user("Administrator")
	frappe.set_user(team.a)
	a.product_request = (
		frappe.get_doc({"doctype": "Product Request", "client_card": a.card, "description": "Grout, grey"})
		.insert()
		.name
	)
	frappe.set_user("Administrator")
	a.job_run = job_run_of(a.customer)
	a.opportunity = (
		frappe.get_doc(
			{
				"doctype": "Opportunity",
				"opportunity_from": "Customer",
				"party_name": a.customer,
				"company": default_company(),
			}
		)
		.insert()
		.name
	)
	# a call of A's client the telephone system recorded, still without its outcome (Calls Without Outcome)
	phone = f"6{random.randrange(10**8):08d}"
	make_contact("Customer", a.customer, phone_nos=[{"phone": phone, "is_primary_phone": 1}])
	call_log = frappe.get_doc(
		{
			"doctype": "Call Log",
			"id": f"CA{random_string(16)}",
			"from": phone,
			"to": "+48 22 111 2233",
			"type": "Incoming",
			"status": "Ringing",
			# three minutes ago, but today: the report lists today's calls (a run just after midnight)
			"start_time": max(add_to_date(now_datetime(), minutes=-3), get_datetime(nowdate())),
		}
	).insert(ignore_permissions=True)
	call_log.update({"status": "Completed", "duration": 60, "end_time": now_datetime()})
	call_log.save(ignore_permissions=True)
	team.users = dict(
		zip(ACTORS, (team.a, team.deputy, team.b, team.head, team.accounts, team.web), strict=True)
	)
	return team


def job_run_of(customer: str) -> str:
	"""A daily collection's run over A's client, as the scheduler records it (its log names the client):
	the record only, written as batches.run and a worker leave it (running it is tests/integration/
	test_job_runs.py's; here nothing is committed)."""
	return (
		frappe.get_doc(
			{
				"doctype": "Job Run",
				"title": f"Collection plans {random_string(6)}",
				"method": "account_manager.account_manager.doctype.collection_plan.collection_plan.collect",
				"arguments": json.dumps({"company": default_company(), "today": nowdate()}),
				"status": "Completed",
				"total_items": 1,
				"batch_size": batches.BATCH_SIZE,
				"batches_done": 1,
				"items_skipped": 1,
				"batches": [
					{
						"batch_no": 1,
						"items": 1,
						"status": "Done",
						"attempts": 1,
						"skipped": 1,
						"batch_keys": json.dumps([customer]),
						"log": f"{customer}: no overdue debt",
					}
				],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def in_savepoint(fn):
	savepoint = f"cell_{random_string(8)}"
	frappe.db.savepoint(savepoint)
	try:
		return fn()
	finally:
		frappe.db.rollback(save_point=savepoint)
		frappe.set_user("Administrator")


# -- DocTypes ------------------------------------------------------------------------------------------

LAST_MONTH = get_first_day(add_months(nowdate(), -1))


def subjects(world) -> dict:
	"""DocType -> (A's record, the values of a new one for A's client, a harmless change)."""
	a, company, item = world.client_a, default_company(), service_item()
	two_months_ago = get_first_day(add_months(nowdate(), -2))
	week = add_days(nowdate(), 7)
	return {
		"Client Card": (a.card, {"party_type": "Customer", "party": a.spare_customer}, {"needs": "tiles"}),
		"Commercial Offer": (a.offer, {"client_card": a.card, "channel": "Phone"}, {"proposal": "20 t"}),
		"Offer Campaign": (
			a.campaign,
			{
				"title": "Spring",
				"email_template": a.template,
				"proposal": "New range",
				"recipients": [{"client_card": a.card}],
			},
			{"proposal": "New range, 5% off"},
		),
		"Client Call": (
			a.call,
			{"client_card": a.card, "purpose": "Offer", "outcome": "Reached"},
			{"notes": "called back"},
		),
		"Product Request": (
			a.product_request,
			{"client_card": a.card, "description": "Tile adhesive C2TE"},
			{"expected_volume": 40},
		),
		"Collection Plan": (a.plan, {"customer": a.spare_customer, "company": company}, {}),
		"Settlement Reconciliation": (
			a.reconciliation,
			{
				"customer": a.customer,
				"company": company,
				"from_date": two_months_ago,
				"to_date": get_last_day(two_months_ago),
			},
			{"dispute_notes": "checked"},
		),
		"KPI Plan": (
			a.kpi_plan,
			{
				"account_manager": world.a,
				"month": get_first_day(add_months(nowdate(), 1)),
				"company": company,
			},
			{"calls_per_day": 31},
		),
		"Account Manager Report": (
			world.report_a,
			{"account_manager": world.a, "month": two_months_ago, "company": company},
			{"manager_comments": "A good month."},
		),
		"Portfolio Delegation": (
			a.delegation,
			{
				"from_user": world.a,
				"to_user": world.b,
				"from_date": add_days(nowdate(), 30),
				"to_date": add_days(nowdate(), 40),
			},
			{"notes": "call the key accounts"},
		),
		"Job Run": (a.job_run, {"title": "Mine", "method": "frappe.ping"}, {"status": "Completed"}),
		"Account Manager Settings": ("Account Manager Settings", None, {"offer_follow_up_days": 4}),
		"Customer": (
			a.customer,
			{
				"customer_name": f"_Test New {random_string(5)}",
				"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}),
				"territory": frappe.db.get_value("Territory", {"is_group": 0}),
				"account_manager": world.a,
			},
			{"customer_details": "builds warehouses"},
		),
		"Lead": (
			a.lead,
			{"lead_name": "Jan Nowy", "company_name": f"_Test Lead {random_string(5)}"},
			{"city": "Kraków"},
		),
		"Quotation": (
			a.quotation,
			{
				"quotation_to": "Customer",
				"party_name": a.customer,
				"company": company,
				"items": [{"item_code": item, "qty": 1, "rate": 10}],
			},
			{"order_type": "Sales"},
		),
		"Opportunity": (
			a.opportunity,
			{"opportunity_from": "Customer", "party_name": a.customer, "company": company},
			{"expected_closing": week},
		),
		"Sales Order": (
			a.order,
			{
				"customer": a.customer,
				"company": company,
				"delivery_date": week,
				"items": [{"item_code": item, "qty": 1, "rate": 10, "delivery_date": week}],
			},
			{"po_no": "PO-17"},
		),
		"Contact": (
			a.contact,
			{"first_name": "Ewa", "links": [{"link_doctype": "Customer", "link_name": a.customer}]},
			{"middle_name": "J."},
		),
		"Address": (
			a.address,
			{
				"address_title": "Depot",
				"address_line1": "ul. Krótka 2",
				"city": "Łódź",
				"country": "Poland",
				"links": [{"link_doctype": "Customer", "link_name": a.customer}],
			},
			{"address_line2": "lok. 2"},
		),
	}


def ok(reply) -> bool:
	return 200 <= reply.status < 300


def answer(reply, unchanged=None) -> str:
	"""Y for a request done; N for a refusal that is one: HTTP 403 with a PermissionError, and (`unchanged`:
	a check that re-reads what the request tried) nothing written. Any other failure (a 404, a 417, a 500
	of a malformed request) is neither, and fails the cell whatever it expected."""
	if ok(reply):
		return Y
	if reply.status != 403 or reply.body.get("exc_type") != "PermissionError":
		return f"error {reply.status} {reply.body.get('exc_type')}"
	if unchanged is not None and not unchanged():
		return "refused, but written"
	return N


def unchanged(doctype: str, name: str | None = None, *fields):
	"""A check that the record (its modified and the fields tried) or, without a name, the table's row
	count is as it is now."""
	if name is None:
		count = frappe.db.count(doctype)
		return lambda: frappe.db.count(doctype) == count
	before = frappe.db.get_value(doctype, name, ["modified", *fields])
	return lambda: frappe.db.get_value(doctype, name, ["modified", *fields]) == before


def attempt(world, doctype: str, action: str, user: str) -> str:
	name, new_values, change = subjects(world)[doctype]
	client: RestClient = world.rest[user]
	single = frappe.get_meta(doctype).issingle
	if action == "list":
		if single:
			return NA
		reply = client.list(doctype)
		if not ok(reply):
			return answer(reply)
		return Y if name in [row["name"] for row in reply.data] else N
	if action == "read":
		return answer(client.read(doctype, name))
	if action == "create":
		if single:
			return NA
		return answer(client.create(doctype, new_values), unchanged(doctype))
	if action == "write":
		return answer(client.write(doctype, name, change), unchanged(doctype, name, *change))
	if action == "owner":
		if single or not frappe.get_meta(doctype).has_field("account_manager"):
			return NA
		# give A's record to B (for B: take it)
		kept = unchanged(doctype, name, "account_manager")
		reply = client.write(doctype, name, {"account_manager": world.b})
		if ok(reply) and frappe.db.get_value(doctype, name, "account_manager") != world.b:
			return N  # saved, with the owner the server derives (an offer's is its card's)
		return answer(reply, kept)
	if action == "delete":
		if single:
			return NA
		kept = unchanged(doctype, name)
		reply = client.remove(doctype, name)
		# permitted: deleted, or refused only because other records link to it (as ERPNext refuses)
		if reply.body.get("exc_type") == "LinkExistsError":
			return Y
		return answer(reply, kept)
	if action == "search":
		if single:
			return NA
		reply = client.search(doctype, name)
		if not ok(reply):
			return answer(reply)
		found = [row.get("value") for row in (reply.body.get("message") or [])]
		return Y if name in found else N
	raise ValueError(action)


# -- methods -------------------------------------------------------------------------------------------


def run_doc(doctype: str, name, method: str, **args):
	return lambda world, client: client.call(
		"run_doc_method", dt=doctype, dn=name(world), method=method, args=args
	)


def offer_with_alternative(world) -> str:
	from account_manager.tests.utils import make_item, receive_stock

	asked, analogue = make_item(allow_alternative_item=1).name, make_item().name
	frappe.get_doc(
		{"doctype": "Item Alternative", "item_code": asked, "alternative_item_code": analogue}
	).insert()
	receive_stock(analogue, 50)
	offer = frappe.get_doc("Commercial Offer", world.client_a.offer)
	offer.append("items", {"item_code": asked, "qty": 5})
	offer.save()
	return offer


def use_alternative(world, client):
	offer = offer_with_alternative(world)
	row = offer.items[-1]
	return client.call(
		"run_doc_method",
		dt="Commercial Offer",
		dn=offer.name,
		method="use_alternative",
		args={"row": row.name},
	)


def log_outcome(world, client):
	plan = frappe.get_doc("Collection Plan", world.client_a.plan)
	return client.call(
		"run_doc_method",
		dt="Collection Plan",
		dn=plan.name,
		method="log_outcome",
		args={"step": plan.steps[0].name, "outcome": "Promised to Pay"},
	)


def queue_call(world, client):
	"""The collection call of A's client logged from the Follow-up Queue: the call and the step's outcome."""
	plan = frappe.get_doc("Collection Plan", world.client_a.plan)
	return client.call(
		"account_manager.account_manager.report.follow_up_queue.follow_up_queue.log_call",
		client_card=world.client_a.card,
		outcome="Promised to Pay",
		document_type="Collection Plan",
		document=plan.name,
		step=plan.steps[0].name,
	)


def sent_reconciliation(world, method: str, **args):
	def call(world, client):
		frappe.db.set_value("Settlement Reconciliation", world.client_a.reconciliation, "status", "Sent")
		return client.call(
			"run_doc_method",
			dt="Settlement Reconciliation",
			dn=world.client_a.reconciliation,
			method=method,
			args=args,
		)

	return call


def approve_report(world, client):
	frappe.db.set_value("Account Manager Report", world.report_a, "docstatus", 1)
	return client.call("run_doc_method", dt="Account Manager Report", dn=world.report_a, method="approve")


def unknown_call(world, client):
	"""A call A took from a number no client card knows: A (or A's deputy, the Sales Head) makes it a
	New Prospect."""
	log = frappe.get_doc(
		{
			"doctype": "Call Log",
			"id": f"CA{random_string(12)}",
			"from": "+48 799 000 111",
			"to": "+48 22 000 0000",
			"type": "Incoming",
			"status": "Completed",
			"employee_user_id": world.a,
		}
	).insert(ignore_permissions=True)
	return client.call(
		"account_manager.overrides.call_log.prospect_from_call", call_log=log.name, client_name="Nowy Klient"
	)


def proposed_terms(world, client):
	frappe.db.set_value("Client Card", world.client_a.card, "proposed_credit_limit", 5000)
	return client.call(
		"run_doc_method", dt="Client Card", dn=world.client_a.card, method="apply_proposed_terms"
	)


def accepted(world) -> bool:
	frappe.db.set_value("Commercial Offer", world.client_a.offer, "status", "Accepted")
	return True


def desk(method: str):
	return lambda world, client: client.call(method, filters={"account_manager": world.a})


def a_contract(world, status: str = "Draft") -> str:
	"""A contract of A's client drafted from A's accepted offer, in the given negotiation status."""
	from account_manager.contracts import draft_contract

	accepted(world)
	name = draft_contract("Commercial Offer", world.client_a.offer)
	frappe.db.set_value("Contract", name, "negotiation_status", status)
	return name


def signed_contract(world) -> str:
	from account_manager.contracts import sign_contract

	name = a_contract(world, "Agreed")
	frappe.db.set_value("Contract", name, "end_date", add_days(nowdate(), 20))
	sign_contract(name, "Jan Nowak")
	return name


def contract_method(method: str, status: str, **args):
	return lambda world, client: client.call(
		f"account_manager.contracts.{method}", contract=a_contract(world, status), **args
	)


METHODS = {
	"contracts.draft_contract": lambda w, c: (
		accepted(w)
		and c.call(
			"account_manager.contracts.draft_contract",
			source_doctype="Commercial Offer",
			source_name=w.client_a.offer,
		)
	),
	"contracts.send_contract": contract_method("send_contract", "Draft"),
	"contracts.mark_agreed": contract_method("mark_agreed", "Sent"),
	"contracts.sign_contract": contract_method("sign_contract", "Agreed", signee="Jan Nowak"),
	"contracts.approve_terms": contract_method("approve_terms", "Sent"),
	"contracts.renew_contract": lambda w, c: c.call(
		"account_manager.contracts.renew_contract", contract=signed_contract(w)
	),
	"contracts.terms_changes": contract_method("terms_changes", "Sent"),
	"contract_performance.rebate_progress": lambda w, c: c.call(
		"account_manager.contract_performance.rebate_progress", contract=signed_contract(w)
	),
	"account_manager.api.client_status": lambda w, c: c.call(
		"account_manager.api.client_status", party_type="Customer", party=w.client_a.customer
	),
	"account_manager.api.send_greeting": lambda w, c: c.call(
		"account_manager.api.send_greeting",
		client_card=w.client_a.card,
		contact=w.client_a.contact,
		email_template=w.client_a.template,
	),
	"account_manager.api.log_call": lambda w, c: c.call(
		"account_manager.api.log_call", client_card=w.client_a.card, purpose="Offer", outcome="Reached"
	),
	"account_manager.api.manager_progress": lambda w, c: c.call(
		"account_manager.api.manager_progress", user=w.a
	),
	"account_manager.api.check_availability": lambda w, c: c.call(
		"account_manager.api.check_availability",
		items=[{"item_code": service_item(), "qty": 1}],
		customer=w.client_a.customer,
	),
	"account_manager.api.request_goods": lambda w, c: c.call(
		"account_manager.api.request_goods", offer=w.client_a.offer
	),
	"account_manager.api.approve_debt_order": lambda w, c: c.call(
		"account_manager.api.approve_debt_order", sales_order=w.client_a.order
	),
	"account_manager.api.request_debt_approval": lambda w, c: c.call(
		"account_manager.api.request_debt_approval", sales_order=w.client_a.order
	),
	**{
		f"account_manager.desk.{name}": desk(f"account_manager.desk.{name}")
		for name in (
			"calls_today",
			"email_offers_today",
			"phone_offers_today",
			"calls_against_quota",
			"overdue_receivables",
			"clients_to_contact_today",
			"monthly_report_status",
			"turnover_by_month",
			"offers_by_status",
		)
	},
	"Client Card.mark_reviewed": run_doc("Client Card", lambda w: w.client_a.card, "mark_reviewed"),
	"Client Card.convert_to_customer": run_doc(
		"Client Card", lambda w: w.client_a.lead_card, "convert_to_customer"
	),
	"Client Card.apply_proposed_terms": proposed_terms,
	"Commercial Offer.request_goods": run_doc(
		"Commercial Offer", lambda w: w.client_a.offer, "request_goods"
	),
	"Commercial Offer.ask_production": run_doc(
		"Commercial Offer", lambda w: w.client_a.offer, "ask_production", message="Faster?"
	),
	"Commercial Offer.use_alternative": use_alternative,
	"Commercial Offer.send": lambda w, c: c.call(
		"run_doc_method",
		dt="Commercial Offer",
		dn=w.client_a.offer,
		method="send",
		args={"recipients": "buyer@client.example", "email_template": w.client_a.template},
	),
	"Commercial Offer.set_status": run_doc(
		"Commercial Offer", lambda w: w.client_a.offer, "set_status", status="Rejected"
	),
	"commercial_offer.make_quotation": lambda w, c: (
		accepted(w)
		and c.call(
			"account_manager.account_manager.doctype.commercial_offer.commercial_offer.make_quotation",
			source_name=w.client_a.offer,
		)
	),
	"commercial_offer.make_sales_order": lambda w, c: (
		accepted(w)
		and c.call(
			"account_manager.account_manager.doctype.commercial_offer.commercial_offer.make_sales_order",
			source_name=w.client_a.offer,
		)
	),
	"Offer Campaign.send": run_doc("Offer Campaign", lambda w: w.client_a.campaign, "send"),
	"Offer Campaign.preview": run_doc("Offer Campaign", lambda w: w.client_a.campaign, "preview"),
	"offer_campaign.make_campaign": lambda w, c: c.call(
		"account_manager.account_manager.doctype.offer_campaign.offer_campaign.make_campaign",
		client_cards=[w.client_a.card],
		email_template=w.client_a.template,
	),
	"Collection Plan.log_outcome": log_outcome,
	"Settlement Reconciliation.send_to_client": run_doc(
		"Settlement Reconciliation", lambda w: w.client_a.reconciliation, "send_to_client"
	),
	"Settlement Reconciliation.confirm": sent_reconciliation(None, "confirm"),
	"Settlement Reconciliation.dispute": sent_reconciliation(None, "dispute", client_closing_balance="100"),
	"Account Manager Report.approve": approve_report,
	"KPI Plan.copy_from_last_month": run_doc(
		"KPI Plan", lambda w: w.client_a.kpi_plan, "copy_from_last_month"
	),
	"call_log.prospect_from_call": unknown_call,
	"account_manager.desk.late_orders": desk("account_manager.desk.late_orders"),
	"Product Request.approve": run_doc(
		"Product Request", lambda w: w.client_a.product_request, "approve", item_group="Products"
	),
	"Product Request.reject": run_doc(
		"Product Request", lambda w: w.client_a.product_request, "reject", reason="not our range"
	),
	"cards.enqueue_missing_cards": lambda w, c: c.call("account_manager.cards.enqueue_missing_cards"),
	"cards.assign_cards": lambda w, c: c.call(
		"account_manager.cards.assign_cards", cards=[w.client_a.card], account_manager=w.b
	),
	"follow_up_queue.log_call": queue_call,
	"commercial_offer.offer_defaults": lambda w, c: c.call(
		"account_manager.account_manager.doctype.commercial_offer.commercial_offer.offer_defaults",
		client_card=w.client_a.card,
	),
	"commercial_offer.quote_line": lambda w, c: c.call(
		"account_manager.account_manager.doctype.commercial_offer.commercial_offer.quote_line",
		client_card=w.client_a.card,
		item_code=service_item(),
		qty=2,
	),
	"client_segmentation.apply_suggested_segments": lambda w, c: c.call(
		"account_manager.account_manager.report.client_segmentation.client_segmentation.apply_suggested_segments",
		filters={"account_manager": w.a, "company": default_company()},
	),
}


def report_shows(world, report: str, user: str, filtered: bool) -> str:
	filters = {"company": default_company(), "to_date": add_days(nowdate(), 40)}
	if report == "Contract Performance":
		signed_contract(world)  # a report of signed contracts (rolled back with the cell)
	if filtered:
		filters["account_manager"] = world.a
	reply = world.rest[user].report(report, filters)
	if not ok(reply):
		# a refusal is a PermissionError; another failure fails the cell
		return N if reply.status == 403 else f"error {reply.status} {reply.body.get('exc_type')}"
	a = world.client_a
	marks = {a.customer, a.card, world.a}
	rows = reply.data.get("result") or []
	shown = any(isinstance(row, dict) and marks.intersection(str(v) for v in row.values()) for row in rows)
	return "s" if shown else N


# -- the test ------------------------------------------------------------------------------------------


def whitelisted_methods() -> set[str]:
	"""Every whitelisted function and document method of the app, named as in EXPECTED_METHODS."""
	import ast

	root = Path(frappe.get_app_path("account_manager"))
	names = set()
	for path in root.rglob("*.py"):
		if "tests" in path.parts or path.name.startswith("test_"):
			continue
		if path.relative_to(root).parts in (("overrides", "whitelisted.py"), ("reports_rule.py",)):
			continue  # Frappe's and ERPNext's own methods taken over: tests/integration/test_attacks.py
		tree = ast.parse(path.read_text())
		for node in ast.walk(tree):
			if isinstance(node, ast.ClassDef):
				for item in node.body:
					if isinstance(item, ast.FunctionDef) and whitelisted(item):
						doctype = json.loads(path.with_suffix(".json").read_text())["name"]
						names.add(f"{doctype}.{item.name}")
		for node in tree.body:
			if isinstance(node, ast.FunctionDef) and whitelisted(node):
				module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
				short = (
					module
					if module.startswith("account_manager.api") or module.startswith("account_manager.desk")
					else path.stem
				)
				names.add(f"{short}.{node.name}")
	return names


# frappe.whitelist(), and account_manager.replica.whitelisted_read, which applies it to a method that only reads
WHITELISTING = {"whitelist", "whitelisted_read"}


def whitelisted(node) -> bool:
	for decorator in node.decorator_list:
		target = decorator.func if hasattr(decorator, "func") else decorator
		if (getattr(target, "attr", None) or getattr(target, "id", None)) in WHITELISTING:
			return True
	return False


def test_every_whitelisted_method_and_doctype_is_in_the_matrix():
	assert whitelisted_methods() == set(parse(EXPECTED_METHODS)), "a method without a row in the matrix"
	app_doctypes = set(
		frappe.get_all("DocType", filters={"module": "Account Manager", "istable": 0}, pluck="name")
	)
	assert app_doctypes <= {doctype for doctype, _ in parse(EXPECTED_DOCTYPES)}


def test_the_permission_matrix_holds_and_is_documented(world):
	expected_doctypes, expected_methods = parse(EXPECTED_DOCTYPES), parse(EXPECTED_METHODS)
	expected_reports = parse_reports(EXPECTED_REPORTS)
	word = {"y": Y, "n": N, "-": NA, "s": "shows"}
	actual, wanted = {}, {}

	for (doctype, action), cells in expected_doctypes.items():
		for actor, cell in zip(ACTORS, cells, strict=True):
			user = world.users[actor]
			actual[doctype, action, actor] = in_savepoint(lambda: attempt(world, doctype, action, user))
			wanted[doctype, action, actor] = word[cell]
	# a row refused to every actor has its positive control: the same request by Administrator succeeds
	# (owner rows aside: a record that follows its client gets its owner from the client, for everyone)
	world.rest["Administrator"] = RestClient("Administrator")
	for (doctype, action), cells in expected_doctypes.items():
		if set(cells) == {"n"} and action != "owner":
			actual[doctype, action, "control"] = in_savepoint(
				lambda: attempt(world, doctype, action, "Administrator")
			)
			wanted[doctype, action, "control"] = Y
	for method, cells in expected_methods.items():
		if set(cells) == {"n"}:
			reply = in_savepoint(lambda: METHODS[method](world, world.rest["Administrator"]))
			actual["method", method, "control"] = Y if ok(reply) else f"status {reply.status}: {reply.text}"
			wanted["method", method, "control"] = Y
	for method, cells in expected_methods.items():
		for actor, cell in zip(ACTORS, cells, strict=True):
			client = world.rest[world.users[actor]]
			reply = in_savepoint(lambda: METHODS[method](world, client))
			actual["method", method, actor] = Y if ok(reply) else N
			wanted["method", method, actor] = word[cell]
			if cell == "n" and reply.status not in (403, 417):  # a refusal is a readable error, never a crash
				actual["method", method, actor] = f"status {reply.status}: {reply.text}"
	for report, (plain, filtered) in expected_reports.items():
		for actor, cell, cell_filtered in zip(ACTORS, plain, filtered, strict=True):
			user = world.users[actor]
			actual["report", report, actor] = in_savepoint(lambda: report_shows(world, report, user, False))
			actual["report filtered", report, actor] = in_savepoint(
				lambda: report_shows(world, report, user, True)
			)
			wanted["report", report, actor] = "s" if cell == "s" else N
			wanted["report filtered", report, actor] = "s" if cell_filtered == "s" else N

	for report, (plain, _filtered) in expected_reports.items():
		if set(plain) == {"n"}:  # shown to nobody here: shown to Administrator, so the request is sound
			actual["report", report, "control"] = in_savepoint(
				lambda: report_shows(world, report, "Administrator", False)
			)
			wanted["report", report, "control"] = "s"

	wrong = {key: (actual[key], wanted[key]) for key in wanted if actual[key] != wanted[key]}
	assert not wrong, "cells (actual, expected): " + "\n".join(f"{k}: {v}" for k, v in sorted(wrong.items()))

	text = render(expected_doctypes, expected_methods, expected_reports) + (
		"\n## Every DocType that carries a client's data\n\n"
		"Beyond the DocTypes above, the portfolio rule covers every DocType the registry derives from the\n"
		"schema, each with its rule or a written exemption, and the roles that see a DocType whole:\n"
		"[registry-v15.md](registry-v15.md) (Frappe and ERPNext 15) and [registry-v16.md](registry-v16.md)\n"
		"(16), written by `tests/integration/test_registry.py`.\n"
	)
	stale = not DOC.exists() or DOC.read_text() != text
	if stale:
		DOC.write_text(text)
	assert not stale, f"{DOC} was stale and has been rewritten: commit it"


def test_a_refusal_writes_nothing(world):
	"""The refusals of the matrix change nothing: B's attempts on A's client leave every table as it was."""
	tables = [
		"Client Card",
		"Commercial Offer",
		"Client Call",
		"Settlement Reconciliation",
		"Quotation",
		"Contact",
	]
	before = {t: frappe.db.count(t) for t in tables}
	for doctype in tables:
		name, new_values, change = subjects(world)[doctype]
		b = world.rest[world.b]
		assert b.create(doctype, new_values).status == 403
		assert b.write(doctype, name, change).status == 403
	assert {t: frappe.db.count(t) for t in tables} == before
