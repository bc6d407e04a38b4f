"""Contracts on ERPNext's Contract (issue 25: CT1, CT2 and the bad inputs), over REST as the managers.

Manager A drafts a contract from an accepted offer (and from a lead's card, which converts the lead), the
template's Jinja filled with the client's terms and the offer's lines; sends it (an e-mail with its PDF is
queued to the decision maker), the client's answer moves it to Negotiation, A marks it agreed and signs it
(ERPNext's signing fields, submitted, Active). Manager B can do none of it to A's client; the status is not
typed; a contract not agreed is not signed; two signed contracts of a client do not overlap."""

import pytest

import frappe
from frappe.utils import add_days, nowdate, random_string

from account_manager.tests.team import make_team
from account_manager.tests.utils import make_client_card, make_contact, make_lead

pytestmark = pytest.mark.usefixtures("outgoing_email")

TERMS = (
	"<p>Client: {{ client.party_name }}; payment terms: {{ client.payment_terms or 'standard' }}; "
	"credit limit: {{ client.credit_limit }}.</p>"
	"{% for line in lines %}<p>{{ line.item_code }} x {{ line.qty }} at {{ line.rate }}</p>{% endfor %}"
)


@pytest.fixture
def team():
	team = make_team()
	frappe.db.set_value("Commercial Offer", team.client_a.offer, "status", "Accepted")
	frappe.db.set_value("Contact", team.client_a.contact, "is_decision_maker", 1)
	team.template = (
		frappe.get_doc(
			{"doctype": "Contract Template", "title": f"Supply {random_string(5)}", "contract_terms": TERMS}
		)
		.insert()
		.name
	)
	return team


def draft(team, user, source_doctype="Commercial Offer", source_name=None):
	return team.rest[user].call(
		"account_manager.contracts.draft_contract",
		source_doctype=source_doctype,
		source_name=source_name or team.client_a.offer,
		contract_template=team.template,
	)


def test_a_contract_is_drafted_from_an_accepted_offer_with_the_clients_terms_and_lines(team):
	reply = draft(team, team.a)
	assert reply.status == 200, reply.body
	contract = frappe.get_doc("Contract", reply.data)
	a = team.client_a
	assert (contract.party_type, contract.party_name) == ("Customer", a.customer)
	assert (contract.client_card, contract.account_manager) == (a.card, team.a)
	assert (contract.document_type, contract.document_name) == ("Commercial Offer", a.offer)
	assert contract.negotiation_status == "Draft" and contract.docstatus == 0
	item = frappe.db.get_value("Commercial Offer Item", {"parent": a.offer}, "item_code")
	assert item in contract.contract_terms and "Client:" in contract.contract_terms
	assert frappe.db.get_value("Customer", a.customer, "customer_name") in contract.contract_terms
	# drafted again from the same offer (a double click, a retry): the same draft, and the user is told
	again = draft(team, team.a)
	assert again.status == 200 and again.data == contract.name, again.body
	assert any("already" in message for message in again.messages), again.body
	assert frappe.db.count("Contract", {"party_name": a.customer}) == 1


def test_the_contract_is_on_the_cards_timeline_and_connections(team):
	from frappe.desk.notifications import get_open_count

	name = draft(team, team.a).data
	card = team.client_a.card
	assert frappe.db.exists(
		"Comment",
		{"reference_doctype": "Client Card", "reference_name": card, "content": ("like", f"%{name}%")},
	)
	frappe.set_user(team.a)
	counts = get_open_count("Client Card", card)["count"]
	frappe.set_user("Administrator")
	linked = {row["doctype"]: row["count"] for row in counts["external_links_found"]}
	assert linked.get("Contract") == 1


def test_a_leads_card_becomes_a_customer_before_its_contract(team):
	lead = make_lead()
	card = make_client_card(lead, "Lead", team.a).name
	reply = draft(team, team.a, "Client Card", card)
	assert reply.status == 200, reply.body
	contract = frappe.get_doc("Contract", reply.data)
	assert frappe.db.get_value("Client Card", card, "party_type") == "Customer"
	assert contract.party_name == frappe.db.get_value("Client Card", card, "party")


def test_another_manager_drafts_nothing_for_a_client_and_an_open_offer_makes_no_contract(team):
	before = frappe.db.count("Contract")
	reply = draft(team, team.b)
	assert reply.status == 403 and team.client_a.customer not in reply.text
	frappe.db.set_value("Commercial Offer", team.client_a.offer, "status", "Sent")
	reply = draft(team, team.a)
	assert reply.status == 417 and "accepted" in reply.text
	assert frappe.db.count("Contract") == before


def test_sent_answered_agreed_and_signed(team):
	a = team.rest[team.a]
	name = draft(team, team.a).data
	queued = frappe.db.count("Email Queue", {"reference_doctype": "Contract", "reference_name": name})
	reply = a.call("account_manager.contracts.send_contract", contract=name)
	assert reply.status == 200, reply.body
	assert reply.data == frappe.db.get_value("Contact", team.client_a.contact, "email_id")
	assert (
		frappe.db.count("Email Queue", {"reference_doctype": "Contract", "reference_name": name})
		== queued + 1
	)
	assert frappe.db.get_value("Contract", name, "negotiation_status") == "Sent"
	# the client's answer, as Frappe's mail receiver files a reply to the contract's e-mail
	answer = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Received",
			"sender": reply.data,
			"subject": f"Re: Draft contract {name}",
			"content": "Can we have 45 days?",
			"reference_doctype": "Contract",
			"reference_name": name,
		}
	)
	answer.flags.in_receive = True
	answer.insert(ignore_permissions=True)
	assert frappe.db.get_value("Contract", name, "negotiation_status") == "Negotiation"
	# not signed before it is agreed
	refused = a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan Nowak")
	assert refused.status == 417 and frappe.db.get_value("Contract", name, "docstatus") == 0
	assert a.call("account_manager.contracts.mark_agreed", contract=name).status == 200
	reply = a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan Nowak")
	assert reply.status == 200, reply.body
	contract = frappe.get_doc("Contract", name)
	assert (contract.docstatus, contract.is_signed, contract.signee) == (1, 1, "Jan Nowak")
	assert contract.negotiation_status == "Signed" and contract.status == "Active"
	# every move of the status is on the contract's timeline
	assert frappe.db.count("Version", {"ref_doctype": "Contract", "docname": name}) >= 3


def test_the_status_is_not_typed_and_another_manager_does_not_move_it(team):
	name = draft(team, team.a).data
	modified = frappe.db.get_value("Contract", name, "modified")
	reply = team.rest[team.a].write("Contract", name, {"negotiation_status": "Agreed"})
	assert reply.status == 403, reply.body
	assert frappe.db.get_value("Contract", name, ["negotiation_status", "modified"]) == ("Draft", modified)
	for method in ("send_contract", "mark_agreed"):
		reply = team.rest[team.b].call(f"account_manager.contracts.{method}", contract=name)
		assert reply.status == 403, (method, reply.body)
	assert frappe.db.get_value("Contract", name, "negotiation_status") == "Draft"
	assert team.rest[team.a].write("Contract", name, {"end_date": add_days(nowdate(), 365)}).status == 200


def test_two_signed_contracts_of_a_client_do_not_overlap(team):
	a = team.rest[team.a]

	def signed(end_date=None):
		name = draft(team, team.a).data
		if end_date:
			frappe.db.set_value("Contract", name, "end_date", end_date)
		frappe.db.set_value("Contract", name, "negotiation_status", "Agreed")
		return name, a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan Nowak")

	first, reply = signed(add_days(nowdate(), 365))
	assert reply.status == 200, reply.body
	second, reply = signed()
	assert reply.status == 417 and first in reply.text
	assert frappe.db.get_value("Contract", second, "docstatus") == 0


def test_a_contract_without_an_email_contact_is_not_sent(team):
	frappe.db.set_value("Contact", team.client_a.contact, "email_id", "")
	frappe.db.delete("Contact Email", {"parent": team.client_a.contact})
	make_contact("Customer", team.client_a.customer)  # a contact without an e-mail
	name = draft(team, team.a).data
	reply = team.rest[team.a].call("account_manager.contracts.send_contract", contract=name)
	assert reply.status == 417 and "e-mail" in reply.text
	assert frappe.db.get_value("Contract", name, "negotiation_status") == "Draft"


def test_a_signed_contract_with_a_new_client_is_the_managers_new_client_contract(team):
	"""CT6: with contracts in use, OF4 counts the clients whose first contract was signed in the month and
	who had no Sales Order before it; without, the client's first Sales Order counts, as before."""
	from freezegun import freeze_time

	from frappe.utils import get_first_day, get_last_day, getdate

	from account_manager.erp.sales import new_client_contracts
	from account_manager.tests.utils import make_sales_order

	mid_month = getdate(nowdate()).replace(day=15)
	start, end = get_first_day(mid_month), get_last_day(mid_month)
	frappe.db.set_single_value("Account Manager Settings", "contracts_in_use", 1)
	with freeze_time(f"{mid_month} 10:00:00"):
		name = draft(team, team.a).data
		frappe.db.set_value("Contract", name, "negotiation_status", "Agreed")
		reply = team.rest[team.a].call("account_manager.contracts.sign_contract", contract=name, signee="Jan")
	assert reply.status == 200, reply.body
	assert new_client_contracts([team.a], start, end) == {team.a: 1}
	# a client that ordered before its first contract is not a new client of the contract's month
	make_sales_order(team.client_a.customer, submit=True, transaction_date=str(add_days(mid_month, -3)))
	assert new_client_contracts([team.a], start, end) == {team.a: 0}
	# without contracts in use, the first Sales Order decides: that order, in the same month
	frappe.db.set_single_value("Account Manager Settings", "contracts_in_use", 0)
	assert new_client_contracts([team.a], start, end) == {team.a: 1}


def test_without_a_template_the_draft_lists_the_clients_terms_and_the_lines(team):
	frappe.db.set_value("Client Card", team.client_a.card, "discount_scheme", "5% above 10 pallets")
	reply = team.rest[team.a].call(
		"account_manager.contracts.draft_contract",
		source_doctype="Commercial Offer",
		source_name=team.client_a.offer,
	)
	assert reply.status == 200, reply.body
	terms = frappe.db.get_value("Contract", reply.data, "contract_terms")
	item = frappe.db.get_value("Commercial Offer Item", {"parent": team.client_a.offer}, "item_code")
	assert "5% above 10 pallets" in terms and item in terms


def test_terms_beyond_the_segments_standard_wait_for_the_sales_head_and_signing_applies_them(team):
	"""CT3: a contract whose credit limit goes beyond segment C's standard is not sent until the Sales Head
	approves it; a change of the terms withdraws the approval; signing writes the terms to the Customer,
	which the manager cannot do directly."""
	settings = frappe.get_single("Account Manager Settings")
	settings.set("contract_standards", [])
	settings.append(
		"contract_standards",
		{"segment": "C", "max_credit_limit": 10000, "max_payment_days": 30, "max_discount_percent": 3},
	)
	settings.save()
	frappe.db.set_value("Client Card", team.client_a.card, "segment", "C")
	a, head = team.rest[team.a], team.rest[team.head]
	name = draft(team, team.a).data
	assert a.write("Contract", name, {"contract_credit_limit": 50000}).status == 200
	reply = a.call("account_manager.contracts.send_contract", contract=name)
	assert reply.status == 417 and "Sales Head" in reply.text
	assert frappe.db.get_value("Contract", name, "negotiation_status") == "Draft"
	refused = a.call("account_manager.contracts.approve_terms", contract=name)
	assert refused.status == 403 and not frappe.db.get_value("Contract", name, "terms_approved_by")
	assert head.call("account_manager.contracts.approve_terms", contract=name).status == 200
	assert frappe.db.get_value("Contract", name, "terms_approved_by") == team.head
	# a raise after the approval withdraws it
	assert a.write("Contract", name, {"contract_credit_limit": 60000}).status == 200
	assert not frappe.db.get_value("Contract", name, "terms_approved_by")
	assert a.call("account_manager.contracts.send_contract", contract=name).status == 417
	assert head.call("account_manager.contracts.approve_terms", contract=name).status == 200
	assert a.call("account_manager.contracts.send_contract", contract=name).status == 200
	assert a.call("account_manager.contracts.mark_agreed", contract=name).status == 200
	reply = a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan Nowak")
	assert reply.status == 200, reply.body
	# the contract is the documented source of the terms the debt rule reads
	from account_manager.erp.receivables import credit_limit
	from account_manager.utils import default_company

	assert credit_limit(team.client_a.customer, default_company()) == 60000
	# a manager still cannot write a credit limit onto the Customer directly
	rows = [{"company": default_company(), "credit_limit": 99999999}]
	assert a.write("Customer", team.client_a.customer, {"credit_limits": rows}).status == 403


def test_terms_within_the_standard_are_sent_without_approval(team):
	settings = frappe.get_single("Account Manager Settings")
	settings.set("contract_standards", [])
	settings.append("contract_standards", {"segment": "C", "max_credit_limit": 10000})
	settings.save()
	frappe.db.set_value("Client Card", team.client_a.card, "segment", "C")
	name = draft(team, team.a).data
	assert team.rest[team.a].write("Contract", name, {"contract_credit_limit": 8000}).status == 200
	assert team.rest[team.a].call("account_manager.contracts.send_contract", contract=name).status == 200


def test_a_contract_ending_soon_is_in_the_queue_until_its_renewal_is_drafted(team):
	"""CT5: a signed contract ending within the renewal days reaches the manager's Follow-up Queue; Renew
	drafts the next one from it (from the day after it ends), and it leaves the queue."""
	a = team.rest[team.a]
	name = draft(team, team.a).data
	end = add_days(nowdate(), 20)
	assert a.write("Contract", name, {"end_date": end}).status == 200
	frappe.db.set_value("Contract", name, "negotiation_status", "Agreed")
	assert a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan").status == 200

	def queued(user):
		rows = team.rest[user].report("Follow-up Queue", {"to_date": nowdate()}).data["result"]
		return [r for r in rows if isinstance(r, dict) and r.get("document") == name]

	assert len(queued(team.a)) == 1 and queued(team.b) == []
	assert team.rest[team.b].call("account_manager.contracts.renew_contract", contract=name).status == 403
	reply = a.call("account_manager.contracts.renew_contract", contract=name)
	assert reply.status == 200, reply.body
	renewal = frappe.get_doc("Contract", reply.data)
	assert (renewal.renewal_of, renewal.docstatus, renewal.negotiation_status) == (name, 0, "Draft")
	assert str(renewal.start_date) == str(add_days(end, 1)) and renewal.party_name == team.client_a.customer
	assert queued(team.a) == []
	assert a.call("account_manager.contracts.renew_contract", contract=name).data == renewal.name


def test_a_contract_ending_soon_gets_its_manager_a_todo_to_renew_once(team):
	from account_manager.contracts import remind_renewals

	a = team.rest[team.a]
	name = draft(team, team.a).data
	assert a.write("Contract", name, {"end_date": str(add_days(nowdate(), 20))}).status == 200
	frappe.db.set_value("Contract", name, "negotiation_status", "Agreed")
	assert a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan").status == 200
	made = remind_renewals()
	todos = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Contract", "reference_name": name},
		fields=["allocated_to", "description"],
	)
	assert len(todos) == 1 and todos[0].allocated_to == team.a and name in todos[0].description
	assert todos[0].description.startswith("Renew contract")
	assert set(made) >= {frappe.db.get_value("ToDo", {"reference_name": name})}
	remind_renewals()  # the next day: no second ToDo
	assert frappe.db.count("ToDo", {"reference_type": "Contract", "reference_name": name}) == 1


def test_each_revision_of_the_terms_is_kept_and_the_manager_sees_what_changed_since_sent(team):
	"""CT2: every revision of the terms text leaves a Version (Frappe's own leave Text Editor fields out);
	Changes Since Sent lists the lines removed and added since the copy the client received."""
	a = team.rest[team.a]
	name = draft(team, team.a)
	name = name.data
	terms = frappe.db.get_value("Contract", name, "contract_terms")
	assert (
		a.call("account_manager.contracts.send_contract", contract=name, recipient="b@example.com").status
		== 200
	)
	unchanged = a.call("account_manager.contracts.terms_changes", contract=name)
	assert unchanged.status == 200 and unchanged.data["changed"] is False
	revised = terms + "<p>Delivery within 3 working days.</p>"
	assert a.write("Contract", name, {"contract_terms": revised}).status == 200
	versions = frappe.get_all(
		"Version", filters={"ref_doctype": "Contract", "docname": name}, pluck="data", order_by="creation"
	)
	assert any("Delivery within 3 working days" in v for v in versions)
	changes = a.call("account_manager.contracts.terms_changes", contract=name).data
	assert changes["changed"] is True
	assert changes["added"] == ["Delivery within 3 working days."] and changes["removed"] == []
	# another manager sees none of it
	assert team.rest[team.b].call("account_manager.contracts.terms_changes", contract=name).status == 403


def test_the_forms_submit_does_not_sign_a_contract_past_its_negotiation(team):
	"""Bad input: submitting a draft directly (the form's Submit, over REST) would sign it without the client's
	agreement and the Sales Head's approval of terms beyond the standard: refused, nothing changed."""
	settings = frappe.get_single("Account Manager Settings")
	settings.set("contract_standards", [])
	settings.append("contract_standards", {"segment": "C", "max_credit_limit": 10000})
	settings.save()
	frappe.db.set_value("Client Card", team.client_a.card, "segment", "C")
	a = team.rest[team.a]
	name = draft(team, team.a).data
	assert a.write("Contract", name, {"contract_credit_limit": 50000}).status == 200
	doc = frappe.get_doc("Contract", name).as_dict()
	reply = a.call("frappe.client.submit", doc=frappe.as_json(doc))
	assert reply.status in (403, 417) and "Sign" in reply.text, reply.body
	assert frappe.db.get_value("Contract", name, ["docstatus", "is_signed"]) == (0, 0)
	from account_manager.erp.receivables import credit_limit
	from account_manager.utils import default_company

	assert credit_limit(team.client_a.customer, default_company()) != 50000
	# agreed but not approved: Sign refuses too; approved, it signs (positive control)
	frappe.db.set_value("Contract", name, "negotiation_status", "Agreed")
	reply = a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan")
	assert reply.status == 417 and "Sales Head" in reply.text
	assert frappe.db.get_value("Contract", name, "docstatus") == 0
	assert team.rest[team.head].call("account_manager.contracts.approve_terms", contract=name).status == 200
	assert a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan").status == 200
	assert frappe.db.get_value("Contract", name, "docstatus") == 1


def test_the_contract_goes_out_as_the_apps_print_format_with_its_terms_and_rebate(team):
	"""CT2: the PDF sent to the client is the app's Client Contract: the terms, the commercial terms and the
	rebate thresholds, in the reader's language."""
	name = draft(team, team.a).data
	a = team.rest[team.a]
	values = {
		"contract_credit_limit": 5000,
		"rebate_tiers": [
			{"threshold": 500000, "rebate_percent": 2},
			{"threshold": 1000000, "rebate_percent": 3},
		],
	}
	assert a.write("Contract", name, values).status == 200
	assert team.rest[team.head].call("account_manager.contracts.approve_terms", contract=name).status == 200
	reply = a.call("account_manager.contracts.send_contract", contract=name, recipient="b@example.com")
	assert reply.status == 200, reply.body
	html = frappe.get_print("Contract", name, print_format="Client Contract")
	assert team.client_a.customer in html and "For the client" in html
	assert "Turnover Rebate" in html and frappe.format_value(1000000, {"fieldtype": "Currency"}) in html
	queued = frappe.get_all(
		"Communication", filters={"reference_doctype": "Contract", "reference_name": name}, pluck="name"
	)
	assert queued
	attachments = frappe.get_all("Email Queue", filters={"communication": queued[0]}, pluck="attachments")
	assert attachments and '"print_format": "Client Contract"' in attachments[0]
