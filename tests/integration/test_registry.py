"""Controls by construction (issue 23): the registry derived from the schema covers every DocType that
carries a client's data, and tests generated from it prove that manager B, an Account Manager with an API
key, gets nothing of manager A's client by any of Frappe's read paths, whatever standard role B also holds,
nor through ERPNext's own reports.

The read-path test is generated from the registry and the world's data, not from a list: every record of
the set that names A's client (found through the registry's link metadata, directly or through another
record of A's client) is tried by B through Frappe's read paths, and by A as the positive control.
"""

from collections import defaultdict

import pytest

import frappe
from frappe.utils import add_days, nowdate

from account_manager import registry as reg
from account_manager.compat import VALIDATE_LINK
from account_manager.tests.rest import RestClient
from account_manager.tests.team import make_team_with_records
from account_manager.tests.utils import (
	ERPNEXT_CLIENT_REPORTS,
	default_company,
	erpnext_report_filters,
	make_user,
)


@pytest.fixture
def team(outgoing_email):
	return make_team_with_records()


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


def test_the_registry_is_documented():
	"""docs/registry-v<major>.md is the registry of this major's schema (rewritten when stale: commit it)."""
	from pathlib import Path

	from account_manager.compat import FRAPPE_MAJOR

	doc = Path(__file__).resolve().parents[2] / "docs" / f"registry-v{FRAPPE_MAJOR}.md"
	text = f"# The registry on Frappe and ERPNext {FRAPPE_MAJOR}\n\n" + reg.document(reg.compute())
	stale = not doc.exists() or doc.read_text() != text
	if stale:
		doc.write_text(text)
	assert not stale, f"{doc} was stale and has been rewritten: commit it"


def test_a_doctype_added_later_joins_the_set_with_a_rule():
	"""A DocType another app adds later, linking a client (or a record of one), is a member at once."""
	doctypes, fields = reg._schema()
	doctypes = dict(doctypes)
	for name, istable in (("Visit Log", 0), ("Visit Log Line", 1), ("Visit Note", 0)):
		doctypes[name] = frappe._dict(name=name, istable=istable, issingle=0, is_virtual=0, module="Other")
	fields = defaultdict(list, {k: list(v) for k, v in fields.items()})
	# (fieldname, fieldtype, options, mandatory): a visit must name its client, a note its visit
	fields["Visit Log"] = [("client", "Link", "Customer", 1), ("lines", "Table", "Visit Log Line", 0)]
	fields["Visit Log Line"] = [("item", "Link", "Item", 0)]
	fields["Visit Note"] = [("visit", "Link", "Visit Log", 1)]
	fields["Visit Plan"] = [("warehouse", "Link", "Visit Note", 0)]
	fields["Depot"] = [("owner_customer", "Link", "Customer", 0)]
	fields["Depot Report"] = [("depot", "Link", "Depot", 1)]
	for name in ("Visit Plan", "Depot", "Depot Report"):
		doctypes[name] = frappe._dict(name=name, istable=0, issingle=0, is_virtual=0, module="Other")
	registry = reg.compute((doctypes, fields))
	assert registry.members["Visit Log"].kind == reg.LINKS
	assert registry.members["Visit Log"].links == (("client", "Customer"),)
	assert registry.members["Visit Log Line"].kind == reg.CHILD
	assert registry.members["Visit Log Line"].parents == ("Visit Log",)
	assert registry.members["Visit Note"].links == (("visit", "Visit Log"),)
	assert registry.members["Visit Plan"].kind == reg.LINKS  # through a note, which must name its visit
	# a depot a customer may own is ruled, but a report of the depot is not about the client for that
	assert registry.members["Depot"].kind == reg.LINKS and not registry.members["Depot"].carries
	assert "Depot Report" not in registry.members
	assert reg.uncovered(registry) == []


def records_of(client) -> dict[str, set[str]]:
	"""Every record of the set that names A's client: the client's own records, then those that link one of
	them, found through the registry's link metadata (two rounds), as Administrator."""
	registry = reg.compute()
	found = defaultdict(set)
	found["Customer"].add(client.customer)
	found["Client Card"].add(client.card)
	for _round in range(3):
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
			for table in member.child_links:
				if found.get(table):
					found[name] |= set(
						frappe.get_all(
							table,
							filters={"parenttype": name, "name": ("in", list(found[table]))},
							pluck="parent",
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
	list_count = client.call(
		"frappe.desk.reportview.get_count", doctype=doctype, filters=[[doctype, "name", "=", name]]
	)
	grouped = client.call(
		"frappe.desk.listview.get_group_by_count",
		doctype=doctype,
		current_filters=[[doctype, "name", "=", name]],
		field="owner",
	)
	seen = {
		"get_list": listed.status == 200 and bool(listed.data),
		"reportview.get_count": list_count.status == 200 and bool(list_count.data),
		"group_by_count": grouped.status == 200 and any(row.get("count") for row in grouped.data or []),
		"get_count": counted.status == 200 and bool(counted.data),
		"get_value": value.status == 200 and bool(value.data),
		"reportview": report.status == 200 and bool((report.data or {}).get("values")),
	}
	if not parent:
		doc = client.call("frappe.desk.form.load.getdoc", doctype=doctype, name=name)
		seen["getdoc"] = doc.status == 200 and bool(doc.body.get("docs"))
		link = client.call(VALIDATE_LINK, doctype=doctype, docname=name)
		seen["validate_link"] = link.status == 200 and bool((link.data or {}).get("name"))
		found = client.search(doctype, name)
		seen["search_link"] = found.status == 200 and name in [r.get("value") for r in found.data or []]
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
	assert len(records) >= 30, sorted(records)
	assert refused >= 120, (tried, refused)
	print(sorted(records))
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
	# one record of each DocType of the set that names A's client (child tables through their parent)
	records = {
		doctype: sorted(names)[0]
		for doctype, names in records_of(team.client_a).items()
		if not frappe.get_meta(doctype).istable
	}
	checked = 0
	for role in roles:
		user = make_user(roles=("Account Manager", "Sales User", role))
		rest = RestClient(user)
		for doctype, name in records.items():
			if role in registry.widening.get(doctype, ()):
				continue  # ERPNext lets this role see the DocType whole: docs/permissions.md, the role table
			listed = rest.call(
				"frappe.client.get_list", doctype=doctype, filters={"name": name}, fields=["name"]
			)
			counted = rest.call("frappe.client.get_count", doctype=doctype, filters={"name": name})
			assert not (listed.status == 200 and listed.data), (role, doctype)
			assert not (counted.status == 200 and counted.data), (role, doctype)
			checked += 1
	assert checked > 500, checked
	print(f"roles combined: {len(roles)}, DocTypes: {len(records)}, role x record cells: {checked}")


def test_erpnext_reports_on_client_data_are_refused_to_a_bound_manager(team):
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
	for name in ERPNEXT_CLIENT_REPORTS:
		assert name in refused, name
	filters = erpnext_report_filters(team.client_a.customer)
	for name in refused:
		reply = team.rest[team.b].report(name, filters)
		assert reply.status == 403 and reply.body.get("exc_type") == "PermissionError", (name, reply.status)
		assert team.client_a.customer not in reply.text
	for name in ("Customer Credit Balance", "Sales Order Analysis"):
		assert team.rest[team.head].report(name, filters).status != 403, name
	print(f"reports refused to an Account Manager: {len(refused)}")
