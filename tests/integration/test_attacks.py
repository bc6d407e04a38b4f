"""The attacks the outside reviews of issue 23 found, each tried over REST as the user it binds (manager B,
an Account Manager with an API key, against manager A's client; or a plain Sales User): refused with a 403
(or, for the debt rule, its own message) and nothing written, beside the same request by someone allowed.
Each fails on the code before issue 23 (7af5e01). The generated tests are in test_registry.py.
"""

import pytest

import frappe
from frappe.utils import add_days, nowdate, random_string

from account_manager.compat import CUSTOMER_PRIMARY_CONTACT_QUERY, VALIDATE_LINK
from account_manager.tests.rest import RestClient
from account_manager.tests.team import make_team_with_records
from account_manager.tests.utils import (
	ERPNEXT_CLIENT_REPORTS,
	default_company,
	erpnext_report_filters,
	make_sales_invoice,
	make_user,
)

# -- the world ---------------------------------------------------------------------------------------------


@pytest.fixture
def team(outgoing_email):
	return make_team_with_records()


# -- the eighteen attacks --------------------------------------------------------------------------------


def test_1_child_tables_of_another_managers_client_are_not_listed(team):
	a, b = team.rest[team.a], team.rest[team.b]
	for doctype, parent, field in (
		("Customer Credit Limit", "Customer", "parent"),
		("Contact Email", "Contact", "parent"),
		("Dynamic Link", "Contact", "link_name"),
	):
		filters = {"parent": team.client_a.customer} if parent == "Customer" else {}
		if doctype == "Contact Email":
			filters = {"parent": team.client_a.contact}
		if doctype == "Dynamic Link":
			filters = {"link_name": team.client_a.customer}
		args = dict(doctype=doctype, parent=parent, filters=filters, fields=["parent", field])
		assert b.call("frappe.client.get_list", **args).data == [], doctype
		assert a.call("frappe.client.get_list", **args).data, doctype


def test_2_a_contact_may_not_link_another_managers_client(team):
	b = team.rest[team.b]
	before = frappe.db.count("Contact")
	values = {
		"first_name": "Double",
		"is_billing_contact": 1,
		"links": [
			{"link_doctype": "Customer", "link_name": team.client_b.customer},
			{"link_doctype": "Customer", "link_name": team.client_a.customer},
		],
	}
	reply = b.create("Contact", values)
	assert reply.status == 403, reply.body
	assert team.client_a.customer not in reply.text
	assert frappe.db.count("Contact") == before
	values["links"] = values["links"][:1]
	assert b.create("Contact", values).status == 200  # the positive control: B's own client only


def test_3_a_communication_a_user_posts_as_received_moves_no_offer(team):
	a = team.client_a
	frappe.db.set_value("Commercial Offer", a.offer, "status", "Sent")
	email = frappe.db.get_value("Contact", a.contact, "email_id")
	reply = team.rest[team.b].call(
		"frappe.core.doctype.communication.email.make",
		recipients="sales@example.com",
		sender=email,
		subject=f"Re: {a.offer}",
		content="We accept",
		sent_or_received="Received",
		send_email=0,
	)
	assert reply.status in (200, 403)
	assert frappe.db.get_value("Commercial Offer", a.offer, "status") == "Sent"
	# the positive control: the mail receiver's Communication moves it
	comm = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Email",
			"sent_or_received": "Received",
			"sender": email,
			"subject": f"Re: {a.offer}",
			"content": "We accept",
		}
	)
	comm.flags.in_receive = True
	comm.insert(ignore_permissions=True)
	assert frappe.db.get_value("Commercial Offer", a.offer, "status") == "Negotiation"


def test_4_moving_a_customer_to_another_group_is_the_sales_heads(team):
	customer = team.client_a.customer
	other = frappe.get_doc(
		{
			"doctype": "Customer Group",
			"customer_group_name": f"_Test Free {random_string(4)}",
			"parent_customer_group": "All Customer Groups",
		}
	).insert()
	group = frappe.db.get_value("Customer", customer, "customer_group")
	modified = frappe.db.get_value("Customer", customer, "modified")
	reply = team.rest[team.a].write("Customer", customer, {"customer_group": other.name})
	assert reply.status == 403, reply.body
	assert frappe.db.get_value("Customer", customer, ["customer_group", "modified"]) == (group, modified)
	assert team.rest[team.head].write("Customer", customer, {"customer_group": other.name}).status == 200


def test_5_a_plain_sales_user_does_not_change_credit_limits(team):
	customer = team.client_a.customer
	seller = make_user(roles=("Sales User",))
	rest = RestClient(seller)
	rows = [{"company": default_company(), "credit_limit": 99999999}]
	reply = rest.write("Customer", customer, {"credit_limits": rows})
	assert reply.status == 403, reply.body
	assert frappe.db.get_value("Customer Credit Limit", {"parent": customer}, "credit_limit") == 5000
	group = frappe.db.get_value("Customer", customer, "customer_group")
	assert rest.write("Customer Group", group, {"credit_limits": rows}).status in (403,)
	assert team.rest[team.head].write("Customer", customer, {"credit_limits": rows}).status == 200


def test_6_stock_user_does_not_lift_the_rule_on_quotations_and_contacts(team):
	user = make_user(roles=("Account Manager", "Sales User", "Stock User"))
	rest = RestClient(user)
	assert rest.list("Quotation", filters={"name": team.client_a.quotation}).data == []
	assert rest.list("Contact", filters={"name": team.client_a.contact}).data == []
	assert team.rest[team.a].list("Quotation", filters={"name": team.client_a.quotation}).data


def test_7_the_review_date_is_not_typed(team):
	card = team.client_a.card
	before = frappe.db.get_value("Client Card", card, ["last_reviewed_on", "modified"])
	reply = team.rest[team.a].write("Client Card", card, {"last_reviewed_on": "2099-12-31"})
	assert reply.status == 403, reply.body
	assert frappe.db.get_value("Client Card", card, ["last_reviewed_on", "modified"]) == before
	reply = team.rest[team.a].call("run_doc_method", dt="Client Card", dn=card, method="mark_reviewed")
	assert reply.status == 200, reply.body
	assert str(frappe.db.get_value("Client Card", card, "last_reviewed_on")) == nowdate()


def test_8_a_document_method_reads_the_stored_document(team):
	from frappe.utils import add_months, get_first_day

	from account_manager.tests.utils import make_kpi_plan

	this_month = get_first_day(nowdate())

	def plan_of(user, month, **targets):
		name = frappe.db.get_value("KPI Plan", {"account_manager": user, "month": month})
		if not name:
			return make_kpi_plan(user, month, **targets)
		frappe.db.set_value("KPI Plan", name, targets)
		return frappe.get_doc("KPI Plan", name)

	plan_of(team.b, add_months(this_month, -1), calls_per_day=77)
	plan_of(team.a, add_months(this_month, -1), calls_per_day=31)
	plan = plan_of(team.a, this_month)
	forged = plan.as_dict()
	forged["account_manager"] = team.b
	reply = team.rest[team.a].call(
		"run_doc_method", docs=frappe.as_json(forged), method="copy_from_last_month"
	)
	assert reply.status == 403, reply.body
	assert not reply.body.get("docs")  # no plan, B's targets or any other, comes back
	reply = team.rest[team.a].call(
		"run_doc_method", docs=frappe.as_json(plan.as_dict()), method="copy_from_last_month"
	)
	assert reply.status == 200, reply.body
	assert reply.body["docs"][0]["calls_per_day"] == 31


def test_9_counts_tell_nothing(team):
	name = frappe.db.get_value("Customer", team.client_a.customer, "customer_name")
	args = dict(doctype="Client Card", filters={"party_name": ["like", f"%{name[-5:]}%"]})
	assert team.rest[team.b].call("frappe.client.get_count", **args).data == 0
	assert team.rest[team.a].call("frappe.client.get_count", **args).data == 1


def test_11_erpnext_receivable_helpers_refuse_another_managers_client(team):
	a, b, customer = team.rest[team.a], team.rest[team.b], team.client_a.customer
	args = dict(party_type="Customer", party=customer, company=default_company(), date=nowdate())
	for method in (
		"erpnext.accounts.utils.get_balance_on",
		"erpnext.accounts.doctype.payment_entry.payment_entry.get_party_details",
	):
		reply = b.call(method, **args)
		assert reply.status == 403, (method, reply.body)
		assert a.call(method, **args).status != 403, method
	outstanding = {"args": frappe.as_json({**args, "posting_date": nowdate(), "party_account": ""})}
	assert (
		b.call(
			"erpnext.accounts.doctype.payment_entry.payment_entry.get_outstanding_reference_documents",
			**outstanding,
		).status
		== 403
	)


def test_12_a_link_query_filtered_by_another_managers_client_is_refused(team):
	args = dict(
		doctype="Contact",
		txt="",
		query=CUSTOMER_PRIMARY_CONTACT_QUERY,
		filters={"customer": team.client_a.customer, "type": "Contact"},
	)
	reply = team.rest[team.b].call("frappe.desk.search.search_link", **args)
	assert reply.status == 403 or reply.data == [], reply.body
	assert team.rest[team.a].call("frappe.desk.search.search_link", **args).data


def test_13_attachments_of_another_managers_card_are_not_listed(team):
	filters = {"attached_to_doctype": "Client Card", "attached_to_name": team.client_a.card}
	assert team.rest[team.b].list("File", filters=filters).data == []
	assert team.rest[team.a].list("File", filters=filters).data


def test_14_a_call_may_not_take_another_managers_offer(team):
	b_card = frappe.db.get_value("Client Card", {"party": team.client_b.customer})
	before = frappe.db.count("Client Call")
	reply = team.rest[team.b].call(
		"account_manager.api.log_call",
		client_card=b_card,
		outcome="Reached",
		commercial_offer=team.client_a.offer,
	)
	assert reply.status == 403, reply.body
	assert frappe.db.count("Client Call") == before


def test_15_goods_do_not_reach_a_client_in_debt_round_the_order(team):
	from account_manager.tests.utils import service_item

	customer = team.client_a.customer
	frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
	make_sales_invoice(customer, 900, add_days(nowdate(), -90), add_days(nowdate(), -60))
	before = frappe.db.count("Delivery Note", {"customer": customer, "docstatus": 1})
	values = {
		"customer": customer,
		"company": default_company(),
		"items": [{"item_code": service_item(), "qty": 1, "rate": 10}],
		"docstatus": 1,
	}
	reply = team.rest[team.a].create("Delivery Note", values)
	assert reply.status == 417, reply.body
	assert "Sales Head approved" in reply.text
	assert frappe.db.count("Delivery Note", {"customer": customer, "docstatus": 1}) == before
	reply = team.rest[team.head].create("Delivery Note", values)  # the Sales Head, who would approve
	assert reply.status == 200, reply.body


def test_16_records_of_clients_are_not_shared(team):
	before = frappe.db.count("DocShare")
	reply = team.rest[team.a].call(
		"frappe.share.add", doctype="Commercial Offer", name=team.client_a.offer, user=team.b
	)
	assert reply.status == 403, reply.body
	assert frappe.db.count("DocShare") == before


def test_18_validate_link_does_not_tell_that_another_managers_customer_exists(team):
	args = dict(doctype="Customer", docname=team.client_a.customer)
	assert not team.rest[team.b].call(VALIDATE_LINK, **args).data.get("name")
	assert team.rest[team.a].call(VALIDATE_LINK, **args).data.get("name")


def test_10_erpnext_reports_on_client_data_are_refused_to_a_manager(team):
	filters = erpnext_report_filters(team.client_a.customer)
	for name in ERPNEXT_CLIENT_REPORTS:
		reply = team.rest[team.b].report(name, filters)
		assert reply.status == 403 and reply.body.get("exc_type") == "PermissionError", (name, reply.status)
	assert team.rest[team.head].report("Customer Credit Balance", filters).status == 200


def test_17_an_offer_marked_sent_without_an_email_is_not_counted(team):
	from account_manager.api import manager_progress

	offer = team.client_a.offer
	frappe.set_user(team.a)
	before = manager_progress()["email_offers"]["actual"]
	frappe.set_user("Administrator")
	reply = team.rest[team.a].call(
		"frappe.core.doctype.communication.email.make",
		doctype="Commercial Offer",
		name=offer,
		recipients="buyer@example.com",
		subject=f"Offer {offer}",
		content="Our offer",
		sent_or_received="Sent",
		send_email=0,
	)
	assert reply.status == 200, reply.body  # the Communication is A's to record, on A's offer
	frappe.set_user(team.a)
	assert manager_progress()["email_offers"]["actual"] == before
