"""The controls hold against the people they bind (CB14, CB15, DR1, CB4, IF2).

Each test acts as an ordinary Account Manager with an API key, over Frappe's request path
(account_manager.tests.rest), and tries to get round a rule: taking another manager's client, reading
one through a new record or a filter, lifting the debt rule on their own client, reading the team's
figures without the role, reading ERPNext's documents of another manager's client, telling "not there"
from "not yours". Every refusal is asserted with its status, its message, and nothing written.
"""

import pytest

import frappe
from frappe.utils import add_days, nowdate

from account_manager.tests.team import make_team
from account_manager.tests.utils import default_company, make_client_card, make_lead, make_sales_invoice


@pytest.fixture
def team():
	return make_team()


def count(doctype: str, **filters) -> int:
	return frappe.db.count(doctype, filters)


def owner(doctype: str, name: str) -> str:
	return frappe.db.get_value(doctype, name, "account_manager")


def refused(reply, *words):
	"""A refusal a person can read: 403, the words named, no traceback."""
	assert reply.status == 403, (reply.status, reply.body)
	for word in words:
		assert word in reply.text, reply.text
	assert "Traceback" not in reply.text and "Traceback" not in str(reply.body.get("exception", ""))


# -- 1. takeover ---------------------------------------------------------------------------------------


def test_a_manager_cannot_take_another_managers_card_or_customer(team):
	a = team.rest[team.a]
	b = team.client_b
	refused(a.write("Client Card", b.card, {"account_manager": team.a}))
	refused(a.write("Customer", b.customer, {"account_manager": team.a}))
	# the flags a server would set are not the request's to set
	flags = {"ignore_permissions": 1}
	refused(a.write("Client Card", b.card, {"account_manager": team.a, "flags": flags}))
	refused(a.write("Client Card", team.client_a.card, {"account_manager": team.b, "flags": flags}))
	refused(
		a.post(
			"/api/method/frappe.client.save",
			{
				"doc": {
					**frappe.get_doc("Client Card", team.client_a.card).as_dict(),
					"account_manager": team.b,
					"flags": flags,
				}
			},
		)
	)
	assert owner("Client Card", b.card) == team.b
	assert owner("Customer", b.customer) == team.b
	assert owner("Client Card", team.client_a.card) == team.a


def test_a_manager_cannot_give_their_own_client_away_nor_a_deputy_take_it(team):
	reply = team.rest[team.a].write("Client Card", team.client_a.card, {"account_manager": team.b})
	refused(reply, "Only the Sales Head can change who owns a client")
	refused(team.rest[team.a].write("Customer", team.client_a.customer, {"account_manager": team.b}))
	refused(team.rest[team.deputy].write("Client Card", team.client_a.card, {"account_manager": team.deputy}))
	assert owner("Client Card", team.client_a.card) == team.a
	assert owner("Customer", team.client_a.customer) == team.a
	# the deputy works on the card as its owner would
	reply = team.rest[team.deputy].write("Client Card", team.client_a.card, {"needs": "dry mixes"})
	assert reply.status == 200 and reply.data["account_manager"] == team.a


@pytest.mark.parametrize(
	"doctype, attribute, extra",
	[
		("Commercial Offer", "offer", {"client_card": "card"}),
		("Client Call", "call", {"client_card": "card"}),
		("Collection Plan", "plan", {"customer": "customer"}),
		("Settlement Reconciliation", "reconciliation", {"customer": "customer"}),
	],
)
def test_a_manager_cannot_pull_another_managers_record_into_their_portfolio(team, doctype, attribute, extra):
	"""Writing oneself in as owner, with the record re-pointed at one's own client: judged on what is
	stored, refused; nothing changes."""
	name = getattr(team.client_b, attribute)
	before = frappe.db.get_value(doctype, name, ["account_manager", "modified"], as_dict=True)
	values = {"account_manager": team.a, **{k: getattr(team.client_a, v) for k, v in extra.items()}}
	refused(team.rest[team.a].write(doctype, name, values))
	assert frappe.db.get_value(doctype, name, ["account_manager", "modified"], as_dict=True) == before


def test_a_manager_cannot_write_themselves_into_another_managers_report_nor_retype_their_figures(team):
	a = team.rest[team.a]
	refused(a.write("Account Manager Report", team.report_b, {"account_manager": team.a}))
	assert owner("Account Manager Report", team.report_b) == team.b
	refused(a.write("Account Manager Report", team.report_a, {"calls_actual": 999}), "computed")
	refused(a.write("Account Manager Report", team.report_a, {"next_clients": []}), "computed")
	assert frappe.db.get_value("Account Manager Report", team.report_a, "calls_actual") == 12
	assert count("Account Manager Report Client", parent=team.report_a) == 1
	reply = a.write("Account Manager Report", team.report_a, {"manager_comments": "A good month."})
	assert reply.status == 200
	assert frappe.db.get_value("Account Manager Report", team.report_a, "manager_comments") == "A good month."


def test_the_sales_head_moves_a_client_with_its_open_work_and_the_calls_stay_with_the_card(
	team, outgoing_email
):
	a = team.client_a
	closed_offer = frappe.copy_doc(frappe.get_doc("Commercial Offer", a.offer)).insert()
	closed_offer.db_set("status", "Accepted")
	frappe.set_user(team.a)
	request = frappe.get_doc(
		{"doctype": "Product Request", "client_card": a.card, "description": "Grout, anthracite"}
	).insert()
	frappe.set_user("Administrator")

	reply = team.rest[team.head].write("Client Card", a.card, {"account_manager": team.b})
	assert reply.status == 200, reply.body

	assert owner("Customer", a.customer) == team.b
	assert owner("Commercial Offer", a.offer) == team.b  # open: moves
	assert owner("Commercial Offer", closed_offer.name) == team.a  # accepted: the old manager's work
	assert owner("Collection Plan", a.plan) == team.b
	assert owner("Product Request", request.name) == team.b  # open: the new owner hears the answer
	assert owner("Settlement Reconciliation", a.reconciliation) == team.b
	assert owner("Client Call", a.call) == team.a  # the caller's, and it stays with the card
	assert frappe.db.exists("Account Manager Report Client", {"parent": team.report_b, "client_card": a.card})
	assert not frappe.db.exists("Account Manager Report Client", {"parent": team.report_a})
	b = team.rest[team.b]
	assert b.read("Client Call", a.call).status == 200  # the new owner sees the card's calls
	assert a.call in [row["name"] for row in b.list("Client Call").data]
	assert team.rest[team.a].read("Client Card", a.card).status == 403
	assert frappe.db.exists(  # what moved is on the card's timeline
		"Comment",
		{"reference_doctype": "Client Card", "reference_name": a.card, "content": ("like", "Moved to%")},
	)


def test_the_sales_head_gives_a_customer_to_another_manager_and_its_card_follows(team):
	reply = team.rest[team.head].write("Customer", team.client_a.customer, {"account_manager": team.b})
	assert reply.status == 200, reply.body
	assert owner("Client Card", team.client_a.card) == team.b
	assert owner("Commercial Offer", team.client_a.offer) == team.b
	assert team.rest[team.b].read("Client Card", team.client_a.card).status == 200


# -- 2. records about a client need the client ---------------------------------------------------------


def test_a_new_reconciliation_for_another_managers_customer_reads_nothing(team):
	before = count("Settlement Reconciliation")
	reply = team.rest[team.a].create(
		"Settlement Reconciliation",
		{
			"customer": team.client_b.customer,
			"company": default_company(),
			"from_date": add_days(nowdate(), -60),
			"to_date": add_days(nowdate(), -31),
		},
	)
	refused(reply, team.client_b.customer)
	assert "entries" not in str(reply.body) and "closing_balance" not in str(reply.body)
	assert count("Settlement Reconciliation") == before


@pytest.mark.parametrize(
	"doctype, values",
	[
		("Commercial Offer", lambda t: {"client_card": t.client_b.card, "channel": "Phone"}),
		("Client Call", lambda t: {"client_card": t.client_b.card, "purpose": "Offer", "outcome": "Reached"}),
		("Client Card", lambda t: {"party_type": "Customer", "party": t.client_b.customer}),
		# a customer nobody holds is the Sales Head's to deal out
		("Client Card", lambda t: {"party_type": "Customer", "party": t.unclaimed_customer}),
		(
			"Quotation",
			lambda t: {
				"quotation_to": "Customer",
				"party_name": t.client_b.customer,
				"company": default_company(),
				"items": [{"item_code": frappe.db.get_value("Item", {"is_stock_item": 0}), "qty": 1}],
			},
		),
		(
			"Sales Order",
			lambda t: {
				"customer": t.client_b.customer,
				"company": default_company(),
				"delivery_date": add_days(nowdate(), 7),
				"items": [{"item_code": frappe.db.get_value("Item", {"is_stock_item": 0}), "qty": 1}],
			},
		),
		(
			"Contact",
			lambda t: {
				"first_name": "Spy",
				"links": [{"link_doctype": "Customer", "link_name": t.client_b.customer}],
			},
		),
	],
)
def test_a_new_record_naming_another_managers_client_is_refused(team, doctype, values):
	before = count(doctype)
	refused(team.rest[team.a].create(doctype, values(team)))
	assert count(doctype) == before


def b_lead(team) -> tuple[str, str]:
	"""A lead B holds (by its Client Card), with the contact details B keeps about it."""
	lead = make_lead()
	frappe.db.set_value("Lead", lead, {"email_id": "buyer@b-lead.example", "mobile_no": "+48 601 555 777"})
	return lead, make_client_card(lead, "Lead", team.b).name


def test_an_opportunity_for_another_managers_lead_or_customer_is_refused_and_reads_nothing(team):
	"""ERPNext's Opportunity copies the party's details onto itself: made for another manager's client,
	it would hand them over in the reply."""
	lead, _card = b_lead(team)
	before = count("Opportunity")
	for party_type, party in (("Lead", lead), ("Customer", team.client_b.customer)):
		reply = team.rest[team.a].create(
			"Opportunity",
			{"opportunity_from": party_type, "party_name": party, "company": default_company()},
		)
		refused(reply)
		assert "b-lead.example" not in str(reply.body) and "555 777" not in str(reply.body)
	assert count("Opportunity") == before
	# B's own, and one for a lead of the pool, stay as ERPNext makes them
	for client, party in ((team.rest[team.b], lead), (team.rest[team.a], team.pool_lead)):
		reply = client.create(
			"Opportunity", {"opportunity_from": "Lead", "party_name": party, "company": default_company()}
		)
		assert reply.status == 200, reply.body
	assert count("Opportunity") == before + 2


def test_a_manager_cannot_make_a_customer_of_another_managers_lead(team):
	"""A customer made from a lead takes the lead's card, calls and offers: not from another's lead."""
	lead, card = b_lead(team)
	before = count("Customer")
	reply = team.rest[team.a].create(
		"Customer",
		{
			"customer_name": f"_Test Converted {frappe.generate_hash(length=5)}",
			"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}),
			"territory": frappe.db.get_value("Territory", {"is_group": 0}),
			"lead_name": lead,
		},
	)
	refused(reply, lead)
	assert "Buyer" not in reply.text and "b-lead.example" not in str(reply.body)  # nothing of B's lead
	assert count("Customer") == before
	assert frappe.db.get_value("Client Card", card, ["party_type", "party", "account_manager"]) == (
		"Lead",
		lead,
		team.b,
	)


def test_a_manager_may_take_a_lead_from_the_pool_but_not_one_another_holds(team):
	card = frappe.db.get_value("Client Card", {"party_type": "Lead", "party": team.pool_lead})
	reply = team.rest[team.a].write("Client Card", card, {"account_manager": team.a})
	assert reply.status == 200 and reply.data["account_manager"] == team.a
	refused(team.rest[team.b].read("Lead", team.pool_lead))  # now A's
	refused(team.rest[team.b].write("Client Card", card, {"account_manager": team.b}))
	assert owner("Client Card", card) == team.a


# -- 3. filters narrow, never widen --------------------------------------------------------------------


@pytest.mark.parametrize(
	"report",
	[
		"Unreconciled Settlements",
		"Client Receivables",
		"Client Portfolio",
		"Follow-up Queue",
		"Client Segmentation",
		"Daily Activity",
	],
)
def test_a_report_filtered_on_another_manager_is_refused(team, report):
	reply = team.rest[team.a].report(report, {"account_manager": team.b, "company": default_company()})
	refused(reply, team.b)
	assert (
		team.rest[team.deputy]
		.report(report, {"account_manager": team.a, "company": default_company()})
		.status
		== 200
	)


# -- 4. the debt rule's parameters are the Sales Head's -------------------------------------------------


@pytest.fixture
def debtor(team):
	"""A's client, 120 days overdue with 5,000."""
	frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
	make_sales_invoice(team.client_a.customer, 5000, add_days(nowdate(), -150), add_days(nowdate(), -120))
	return team.client_a


@pytest.mark.parametrize(
	"values",
	[{"overdue_tolerance_days": 365}, {"credit_limit": 1_000_000}, {"payment_terms": "_Test AM Terms"}],
)
def test_a_manager_cannot_lift_the_debt_rule_on_their_own_card(team, debtor, values):
	make_payment_terms()
	refused(team.rest[team.a].write("Client Card", debtor.card, values), "Only the Sales Head")
	card = frappe.get_doc("Client Card", debtor.card)
	assert (card.overdue_tolerance_days, card.credit_limit, card.payment_terms) == (0, 0, None)


def test_a_manager_cannot_bring_terms_in_with_a_new_card(team):
	"""A new card takes the client's terms as they stand: a lead, or a customer of the manager's own."""
	from account_manager.tests.utils import make_customer, make_lead

	a = team.rest[team.a]
	own_customer, lead = make_customer(account_manager=team.a).name, make_lead()
	frappe.db.delete("Client Card", {"party": ("in", [own_customer, lead])})  # parties without cards yet
	before = count("Client Card")
	for party_type, party in (("Lead", lead), ("Customer", own_customer)):
		for terms in ({"overdue_tolerance_days": 365}, {"credit_limit": 1_000_000}):
			reply = a.create("Client Card", {"party_type": party_type, "party": party, **terms})
			refused(reply, "Only the Sales Head")
	assert count("Client Card") == before
	assert count("Customer Credit Limit", parent=own_customer) == 0
	reply = a.create("Client Card", {"party_type": "Customer", "party": own_customer, "needs": "cement"})
	assert reply.status == 200 and reply.data["account_manager"] == team.a


def make_payment_terms():
	if not frappe.db.exists("Payment Terms Template", "_Test AM Terms"):
		frappe.get_doc(
			{
				"doctype": "Payment Terms Template",
				"template_name": "_Test AM Terms",
				"terms": [
					{
						"invoice_portion": 100,
						"credit_days": 365,
						"due_date_based_on": "Day(s) after invoice date",
					}
				],
			}
		).insert()


def test_a_manager_cannot_lift_it_on_the_customer_nor_in_the_settings_and_the_order_waits(team, debtor):
	make_payment_terms()
	a = team.rest[team.a]
	refused(
		a.write(
			"Customer",
			debtor.customer,
			{"credit_limits": [{"company": default_company(), "credit_limit": 1_000_000}]},
		)
	)
	refused(a.write("Customer", debtor.customer, {"payment_terms": "_Test AM Terms"}))
	refused(a.write("Account Manager Settings", "Account Manager Settings", {"overdue_tolerance_days": 365}))
	assert count("Customer Credit Limit", parent=debtor.customer) == 0
	assert frappe.db.get_single_value("Account Manager Settings", "overdue_tolerance_days") == 0

	reply = a.post(
		"/api/method/frappe.client.submit",
		{"doc": frappe.get_doc("Sales Order", debtor.order).as_dict()},
	)
	assert reply.status == 417 and "Sales Head must approve" in reply.text
	assert frappe.db.get_value("Sales Order", debtor.order, "docstatus") == 0


def test_a_manager_proposes_terms_and_the_sales_head_applies_them(team, debtor):
	a = team.rest[team.a]
	reply = a.write(
		"Client Card", debtor.card, {"proposed_credit_limit": 8000, "proposed_overdue_tolerance_days": 30}
	)
	assert reply.status == 200
	refused(a.call("run_doc_method", dt="Client Card", dn=debtor.card, method="apply_proposed_terms"))
	assert frappe.db.get_value("Customer Credit Limit", {"parent": debtor.customer}, "credit_limit") is None

	reply = team.rest[team.head].call(
		"run_doc_method", dt="Client Card", dn=debtor.card, method="apply_proposed_terms"
	)
	assert reply.status == 200, reply.body
	assert frappe.db.get_value("Customer Credit Limit", {"parent": debtor.customer}, "credit_limit") == 8000
	card = frappe.get_doc("Client Card", debtor.card)
	assert (card.credit_limit, card.overdue_tolerance_days, card.proposed_credit_limit) == (8000, 30, 0)


# -- 5. the desk's figures are for the sales team ----------------------------------------------------


@pytest.mark.parametrize(
	"method",
	[
		"account_manager.desk.overdue_receivables",
		"account_manager.desk.calls_today",
		"account_manager.desk.clients_to_contact_today",
		"account_manager.desk.monthly_report_status",
		"account_manager.desk.turnover_by_month",
		"account_manager.desk.calls_against_quota",
		"account_manager.api.manager_progress",
	],
)
def test_the_teams_figures_are_refused_to_anyone_outside_the_sales_team(team, method):
	for user in (team.web, team.accounts):
		refused(team.rest[user].call(method))
	assert team.rest[team.a].call(method).status == 200
	assert team.rest[team.head].call(method).status == 200


# -- 6. ERPNext's selling documents, contacts and addresses follow the portfolio ---------------------


@pytest.mark.parametrize(
	"doctype, attribute",
	[
		("Quotation", "quotation"),
		("Sales Order", "order"),
		("Contact", "contact"),
		("Address", "address"),
	],
)
def test_erpnext_documents_of_another_managers_client_are_hidden(team, doctype, attribute):
	a, mine, theirs = team.rest[team.a], getattr(team.client_a, attribute), getattr(team.client_b, attribute)
	listed = [row["name"] for row in a.list(doctype).data]
	assert mine in listed and theirs not in listed
	assert a.read(doctype, mine).status == 200
	refused(a.read(doctype, theirs))
	found = [row["value"] for row in a.search(doctype, "").body["message"]]
	assert theirs not in found
	# the Sales Head and accounts keep ERPNext's own rights
	assert team.rest[team.head].read(doctype, theirs).status == 200
	if doctype in ("Sales Order", "Contact", "Address"):
		assert team.rest[team.accounts].read(doctype, theirs).status == 200
	# the deputy sees the portfolio they cover
	assert team.rest[team.deputy].read(doctype, mine).status == 200


def test_a_sales_order_made_from_a_managers_own_quotation_still_works(team):
	a = team.rest[team.a]
	quotation = frappe.get_doc("Quotation", team.client_a.quotation)
	quotation.submit()
	mapped = a.call(
		"erpnext.selling.doctype.quotation.quotation.make_sales_order", source_name=quotation.name
	)
	assert mapped.status == 200, mapped.body
	order = mapped.data
	order["delivery_date"] = add_days(nowdate(), 7)
	for row in order["items"]:
		row["delivery_date"] = add_days(nowdate(), 7)
	reply = a.post("/api/method/frappe.client.insert", {"doc": order})
	assert reply.status == 200, reply.body
	assert reply.data["customer"] == team.client_a.customer


# -- 7. "not there" and "not yours" answer alike ------------------------------------------------------


def test_client_status_answers_alike_for_missing_cardless_and_foreign_parties(team):
	a = team.rest[team.a]
	method = "account_manager.api.client_status"
	replies = {
		"missing": (a.call(method, party_type="Customer", party="_No Such Client"), "_No Such Client"),
		"no card": (
			a.call(method, party_type="Customer", party=team.unclaimed_customer),
			team.unclaimed_customer,
		),
		"not yours": (
			a.call(method, party_type="Customer", party=team.client_b.customer),
			team.client_b.customer,
		),
	}
	shapes = set()
	for reply, party in replies.values():
		assert reply.status == 403
		shapes.add((reply.body.get("exc_type"), reply.text.replace(party, "<party>")))
	assert len(shapes) == 1, shapes
	assert a.call(method, party_type="Customer", party=team.client_a.customer).status == 200


def test_check_availability_answers_alike_for_missing_and_foreign_customers(team):
	a = team.rest[team.a]
	items = [{"item_code": frappe.db.get_value("Item", {}), "qty": 1}]
	shapes = set()
	for party in ("_No Such Client", team.client_b.customer):
		reply = a.call("account_manager.api.check_availability", items=items, customer=party)
		assert reply.status == 403
		shapes.add(reply.text.replace(party, "<party>"))
	assert len(shapes) == 1
