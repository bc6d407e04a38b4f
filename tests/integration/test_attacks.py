"""Controls by construction (issue 23): the registry covers every DocType that carries a client's data, and
manager B, an Account Manager with an API key, gets nothing of manager A's client by any path.

The read-path test is generated from the registry and the world's data, not from a list: every record of
the set that names A's client (found through the registry's link metadata, directly or through another
record of A's client) is tried by B through Frappe's read paths, and by A as the positive control. Then
each attack the outside reviews found is tried over REST, refused with a 403 and nothing written, beside
the same request by someone allowed.
"""

from collections import defaultdict

import pytest

import frappe
from frappe.utils import add_days, nowdate, random_string

from account_manager import registry as reg
from account_manager.tests.rest import RestClient
from account_manager.tests.team import make_team
from account_manager.tests.utils import (
	default_company,
	make_customer,
	make_sales_invoice,
	make_user,
)

# -- the registry ----------------------------------------------------------------------------------------


def test_every_doctype_of_the_set_has_a_rule_or_a_written_exemption():
	registry = reg.compute()
	assert reg.uncovered(registry) == []
	kinds = {name: member.kind for name, member in registry.members.items()}
	# the paths the reviews took are members with a rule, found from the schema
	for doctype, kind in {
		"Customer Credit Limit": reg.CHILD,
		"Contact Email": reg.CHILD,
		"Contact Phone": reg.CHILD,
		"Dynamic Link": reg.CHILD,
		"Commercial Offer Item": reg.CHILD,
		"Settlement Reconciliation Entry": reg.CHILD,
		"Collection Plan Step": reg.CHILD,
		"Client Card Competitor": reg.CHILD,
		"Contact": reg.LINKS,
		"Address": reg.LINKS,
		"Communication": reg.LINKS,
		"Comment": reg.LINKS,
		"File": reg.LINKS,
		"Version": reg.LINKS,
		"ToDo": reg.LINKS,
		"Call Log": reg.LINKS,
		"Quotation": reg.LINKS,
		"Delivery Note": reg.LINKS,
		"Sales Invoice": reg.LINKS,
		"Payment Entry": reg.LINKS,
		"Client Card": reg.ROOT,
	}.items():
		assert kinds.get(doctype) == kind, (doctype, kinds.get(doctype))
	for name, member in registry.members.items():
		if member.kind == reg.EXEMPT_KIND:
			assert name in reg.EXEMPT and len(member.reason) > 10


def test_a_doctype_added_later_joins_the_set_with_a_rule():
	"""A DocType another app adds later, linking a client (or a record of one), is a member at once."""
	doctypes, fields = reg._schema()
	doctypes = dict(doctypes)
	for name, istable in (("Visit Log", 0), ("Visit Log Line", 1), ("Visit Note", 0)):
		doctypes[name] = frappe._dict(name=name, istable=istable, issingle=0, is_virtual=0, module="Other")
	fields = defaultdict(list, {k: list(v) for k, v in fields.items()})
	fields["Visit Log"] = [("client", "Link", "Customer"), ("lines", "Table", "Visit Log Line")]
	fields["Visit Log Line"] = [("item", "Link", "Item")]
	fields["Visit Note"] = [("visit", "Link", "Visit Log")]
	registry = reg.compute((doctypes, fields))
	assert registry.members["Visit Log"].kind == reg.LINKS
	assert registry.members["Visit Log"].links == (("client", "Customer"),)
	assert registry.members["Visit Log Line"].kind == reg.CHILD
	assert registry.members["Visit Log Line"].parents == ("Visit Log",)
	assert registry.members["Visit Note"].links == (("visit", "Visit Log"),)
	assert reg.uncovered(registry) == []


# -- the world ---------------------------------------------------------------------------------------------


@pytest.fixture
def team(outgoing_email):
	team = make_team()
	a = team.client_a
	customer = frappe.get_doc("Customer", a.customer)
	customer.append("credit_limits", {"company": default_company(), "credit_limit": 5000})
	customer.save()
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"terms-{random_string(5)}.txt",
			"content": "A's terms",
			"attached_to_doctype": "Client Card",
			"attached_to_name": a.card,
			"is_private": 1,
		}
	).insert()
	frappe.get_doc("Client Card", a.card).add_comment("Comment", "A's negotiation notes")
	return team


def records_of(client) -> dict[str, set[str]]:
	"""Every record of the set that names A's client: the client's own records, then those that link one of
	them, found through the registry's link metadata (two rounds), as Administrator."""
	registry = reg.compute()
	found = defaultdict(set)
	found["Customer"].add(client.customer)
	found["Client Card"].add(client.card)
	for _round in range(2):
		for name, member in registry.members.items():
			if member.kind == reg.EXEMPT_KIND or frappe.get_meta(name).is_virtual:
				continue
			for fieldname, target in member.links:
				if found.get(target):
					found[name] |= set(
						frappe.get_all(name, filters={fieldname: ("in", list(found[target]))}, pluck="name")
					)
			for fieldname, type_field, targets in member.dynamic:
				for target in targets:
					if found.get(target):
						found[name] |= set(
							frappe.get_all(
								name,
								filters={type_field: target, fieldname: ("in", list(found[target]))},
								pluck="name",
							)
						)
			if member.kind == reg.CHILD:
				for parent in member.parents:
					if found.get(parent):
						found[name] |= set(
							frappe.get_all(
								name,
								filters={"parenttype": parent, "parent": ("in", list(found[parent]))},
								pluck="name",
							)
						)
	return {k: v for k, v in found.items() if v and registry.ruled(k)}


def parent_of(doctype: str, name: str) -> str | None:
	return frappe.db.get_value(doctype, name, "parenttype") if frappe.get_meta(doctype).istable else None


def read_paths(client: RestClient, doctype: str, name: str) -> dict[str, bool]:
	"""Whether each of Frappe's read paths shows the record to the client's user."""
	parent = parent_of(doctype, name)
	extra = {"parent": parent} if parent else {}
	listed = client.call(
		"frappe.client.get_list", doctype=doctype, filters={"name": name}, fields=["name"], **extra
	)
	counted = client.call("frappe.client.get_count", doctype=doctype, filters={"name": name})
	value = client.call(
		"frappe.client.get_value", doctype=doctype, filters={"name": name}, fieldname="name", **extra
	)
	report = client.call(
		"frappe.desk.reportview.get", doctype=doctype, filters=[[doctype, "name", "=", name]], fields=["name"]
	)
	seen = {
		"get_list": listed.status == 200 and bool(listed.data),
		"get_count": counted.status == 200 and bool(counted.data),
		"get_value": value.status == 200 and bool(value.data),
		"reportview": report.status == 200 and bool((report.data or {}).get("values")),
	}
	if not parent:
		doc = client.call("frappe.desk.form.load.getdoc", doctype=doctype, name=name)
		seen["getdoc"] = doc.status == 200 and bool(doc.body.get("docs"))
		link = client.call("frappe.client.validate_link", doctype=doctype, docname=name)
		seen["validate_link"] = link.status == 200 and bool((link.data or {}).get("name"))
	return seen


def test_manager_b_reads_nothing_of_a_client_by_any_read_path_a_reads_it(team):
	"""Generated from the registry: for every record of the set naming A's client, B gets no row, no count,
	no document; A (same roles) gets it where the roles let a seller read that DocType at all."""
	records = records_of(team.client_a)
	a, b = team.rest[team.a], team.rest[team.b]
	tried = refused = 0
	leaks = []
	for doctype, names in sorted(records.items()):
		for name in sorted(names)[:3]:
			allowed = read_paths(a, doctype, name)
			denied = read_paths(b, doctype, name)
			for path, shown in denied.items():
				tried += 1
				if shown:
					leaks.append((doctype, name, path))
				elif allowed[path]:
					refused += 1  # refused to B, shown to A: a cell with its positive control
	assert not leaks, f"B saw A's client through: {leaks}"
	assert len(records) >= 15, sorted(records)
	assert refused >= 60, (tried, refused)
	print(f"read paths: {len(records)} DocTypes, {tried} path x record cells, {refused} with A's control")


def test_an_account_manager_with_any_standard_role_keeps_the_rule_where_that_role_reads_nothing(team):
	"""Roles combine without widening by accident: an Account Manager who also holds a standard ERPNext role
	still sees none of A's client in a DocType that role gets no read permission on."""
	registry = reg.compute()
	roles = frappe.get_all(
		"Role", filters={"disabled": 0, "desk_access": 1, "is_custom": 0}, pluck="name", order_by="name"
	)
	roles = [
		r
		for r in roles
		if r not in ("Administrator", "System Manager", "Sales Head", *reg.NON_WIDENING_ROLES)
	]
	client = team.client_a
	checked = 0
	for role in roles:
		user = make_user(roles=("Account Manager", "Sales User", role))
		rest = RestClient(user)
		for doctype, name in (
			("Quotation", client.quotation),
			("Contact", client.contact),
			("Customer", client.customer),
		):
			if role in registry.widening.get(doctype, ()):
				continue  # ERPNext lets this role see the DocType whole: docs/permissions.md, the role table
			listed = rest.list(doctype, filters={"name": name})
			assert listed.status == 200 and not listed.data, (role, doctype)
			checked += 1
	assert checked > 40, checked
	print(f"roles combined: {len(roles)}, cells: {checked}")


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
	assert "77" not in frappe.as_json(reply.body)
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
		query="erpnext.selling.doctype.customer.customer.get_customer_primary_contact",
		filters={"customer": team.client_a.customer},
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
	assert not team.rest[team.b].call("frappe.client.validate_link", **args).data.get("name")
	assert team.rest[team.a].call("frappe.client.validate_link", **args).data.get("name")


def test_10_erpnext_reports_on_client_data_are_refused_to_a_bound_manager(team):
	"""Generated: every script or query report of ERPNext on a DocType of the set that B's roles may open is
	refused to B (403) before it runs; the Sales Head runs it (no permission refusal)."""
	from account_manager import reports_rule

	registry = reg.compute()
	b_roles = set(frappe.get_roles(team.b))
	reports = frappe.get_all(
		"Report",
		filters={"report_type": ("in", ["Script Report", "Query Report"]), "disabled": 0},
		fields=["name", "ref_doctype", "module"],
		order_by="name",
	)
	refused = []
	for report in reports:
		if report.module == "Account Manager" or not registry.ruled(report.ref_doctype):
			continue
		roles = set(
			frappe.get_all("Has Role", filters={"parent": report.name, "parenttype": "Report"}, pluck="role")
		)
		if roles and not roles & b_roles:
			continue  # B may not open it at all (Frappe refuses it by the report's roles)
		assert reports_rule.verdict(report.name, team.b)[0] == reports_rule.REFUSED, report.name
		refused.append(report.name)
	for name in (
		"Customer Credit Balance",
		"Sales Order Analysis",
		"Payment Terms Status for Sales Order",
		"Sales Order Trends",
		"Pending SO Items For Purchase Request",
	):
		assert name in refused, name
	company = default_company()
	filters = {
		"company": company,
		"customer": team.client_a.customer,
		"from_date": add_days(nowdate(), -30),
		"to_date": nowdate(),
		"period": "Monthly",
		"based_on": "Item",
		"fiscal_year": frappe.defaults.get_global_default("fiscal_year"),
	}
	for name in refused:
		reply = team.rest[team.b].report(name, filters)
		assert reply.status == 403 and reply.body.get("exc_type") == "PermissionError", (name, reply.status)
		assert team.client_a.customer not in reply.text
	for name in ("Customer Credit Balance", "Sales Order Analysis"):
		assert team.rest[team.head].report(name, filters).status != 403, name
	print(f"reports refused to an Account Manager: {len(refused)}")


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
