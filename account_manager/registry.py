"""Every DocType that carries a client's data, and the rule it follows (CB14) — derived from the schema.

The set is computed from the site's installed metadata (DocField and Custom Field rows), so a DocType that
ERPNext or another app adds later is in it the moment it links a client; nothing here lists the members:
- the roots: ERPNext's parties (Customer, Lead, Prospect), the Client Card, and the app's DocTypes whose
  records have an owner in `account_manager` (offers, calls, plans, ...);
- every DocType with a Link to a DocType of the set, or a Dynamic Link whose type may name one (its type
  field a Link to DocType, or a Select that offers one) — Frappe's records about documents included
  (Communication, Comment, File, Version, ToDo, ...);
- the child tables of every DocType of the set, and every child table that links a member itself (then
  its parent joins the set: a record whose rows name a client is about that client).
A DocType reached only through an exempt one does not join (an exempt DocType does not carry the rule on).

Each member follows one rule, or an exemption written in EXEMPT with the reason:
- ROOT   its own rule in account_manager.permissions (the parties, the card, the app's owned records);
- LINKS  a record is hidden from an Account Manager when any of its links names a client held by another
         manager (directly, or through a record of the set the user may not see);
- CHILD  a row is hidden when its parent record is (and, for a row that links a client itself, when the
         row names another manager's client).

account_manager.permissions turns the rules into SQL and document verdicts; hooks.py registers them once
for every DocType ("*"), so the hooks follow the registry and not a list. `uncovered()` is what the
registry test asserts to be empty: a member with neither a rule nor an exemption.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import frappe

PARTY_TYPES = ("Customer", "Lead", "Prospect")
CARD = "Client Card"
APP_MODULE = "Account Manager"
OWNER_FIELD = "account_manager"

ROOT, LINKS, CHILD, EXEMPT_KIND = "root", "links", "child", "exempt"

# DocTypes of the set whose records are not the client's data, with the reason. Nothing else is exempt.
EXEMPT = {
	"Item": "master data every seller needs: its rows of customer item codes (Item Customer Detail) are "
	"client data and follow the child rule; the item itself does not name a client",
	"POS Profile": "till configuration: its walk-in customer is a default for the till, not a client's record",
	"Job Run": "the scheduler's log of batches, read only by the Sales Head and the System Manager "
	"(its role permissions)",
	"Account Manager Settings": "the app's settings (a Single): its default template and roles name no client",
	"Deleted Document": "readable by the System Manager only (role permissions): the copy of a deleted record",
	"DocType": "the schema itself",
	"Custom Field": "the schema itself",
	"Property Setter": "the schema itself",
	"Report": "a report's definition: who may run it is the report rule (account_manager.reports_rule)",
	"Workspace": "the desk's layout",
	"Number Card": "a card's definition: its figure is computed through the rules (get_result)",
	"Dashboard Chart": "a chart's definition: its figure is computed through the rules",
	"List Filter": "a saved filter's definition",
	"DocShare": "sharing is refused on the set's records (permissions.refuse_share); a share grants nothing "
	"the rule takes away",
	"User Permission": "written by the System Manager only (role permissions)",
	"Error Log": "readable by the System Manager only (role permissions)",
	# masters and settings that a client's record may name, or that name a member only as a default: not a
	# client's data, and no record joins the set through them
	"Supplier": "the company's supplier, not a client: its default bank account is its own",
	"Item Group": "master data: its item defaults name a default supplier, never a client",
	"Brand": "master data: its item defaults name a default supplier, never a client",
	"Territory": "master data: its rows are a sales person's targets, not a client's",
	"Sales Person": "the company's seller: its rows are targets, not a client's",
	"Sales Partner": "the company's partner: its rows are targets, not a client's",
	"Auto Repeat": "the schedule of a recurring document: the document itself follows its rule",
	"Batch": "stock master data: a batch made for a document names it, it is not the client's record",
	"Serial and Batch Bundle": "stock bookkeeping of a voucher: the voucher follows its rule",
	"Stock Ledger Entry": "stock bookkeeping, read by stock roles (role permissions), never by a seller",
	"Repost Item Valuation": "stock bookkeeping, read by stock and accounts roles only",
	"Accounting Dimension": "accounting configuration",
	"Accounting Dimension Filter": "accounting configuration",
	"Budget": "accounting configuration",
	"Code List": "configuration: code lists for e-invoicing",
	"Common Code": "configuration: code lists for e-invoicing",
	"Communication Medium": "telephony configuration",
	"Driver": "the company's driver: its address is the driver's",
	"Authorization Rule": "configuration: an approval rule, read by the System Manager",
	"Webhook": "integration configuration, System Manager only",
	"Webhook Request Log": "integration log, System Manager only",
	"Integration Request": "integration log, System Manager only",
	"Submission Queue": "the framework's queue of background submissions, System Manager only",
	"Loyalty Program": "configuration of a programme for many clients",
	"Project Template": "configuration: a template of tasks",
	"Service Level Agreement": "configuration of support terms for many clients",
	"BOM": "manufacturing master data",
	"BOM Creator": "manufacturing master data",
	"BOM Update Log": "manufacturing log",
	"Subcontracting BOM": "manufacturing master data",
	"Closing Stock Balance": "stock bookkeeping",
	"Supplier Scorecard": "purchasing: suppliers, not clients",
	"Supplier Scorecard Period": "purchasing: suppliers, not clients",
	"Lower Deduction Certificate": "purchasing: suppliers' tax certificates",
	"Stock Reconciliation": "stock bookkeeping",
	"Landed Cost Voucher": "purchasing costs",
	"Exchange Rate Revaluation": "accounting: revaluation of accounts",
	"Repost Accounting Ledger": "accounting bookkeeping, Accounts Manager only",
	"Repost Payment Ledger": "accounting bookkeeping, Accounts Manager only",
	"Account Closing Balance": "accounting bookkeeping, read by accounts roles only",
	"Quality Meeting": "quality management: minutes that may name any document",
	"Quality Action": "quality management",
	"Access Log": "readable by the System Manager only (role permissions)",
	"Activity Log": "readable by the System Manager only (role permissions)",
	"Route History": "readable by the System Manager only (role permissions)",
	"Scheduled Job Log": "readable by the System Manager only (role permissions)",
}

# Frappe's records about a document that name it in a Data field, not a Dynamic Link (the schema cannot
# tell): (name field, type field)
DATA_REFERENCES = {
	"File": ("attached_to_name", "attached_to_doctype"),
	"Version": ("docname", "ref_doctype"),
}

# roles that do not widen the portfolio rule: those every Account Manager holds (the rule binds them),
# and those every user holds
NON_WIDENING_ROLES = frozenset({"Account Manager", "Sales User", "All", "Guest", "Desk User"})


@dataclass(frozen=True)
class Member:
	doctype: str
	kind: str
	# (fieldname, target DocType) of each Link to a member
	links: tuple = ()
	# (fieldname, type field, targets) of each Dynamic Link that may name a member
	dynamic: tuple = ()
	# a child table: the parents of the set it belongs to
	parents: tuple = ()
	# a parent whose rows link a member: (table DocType, ...)
	child_links: tuple = ()
	# whether records linking this one join the set: a root, or a record that must name a client (or a
	# record that must): a mandatory link. A record that may name one (a warehouse a customer owns, a
	# project) is ruled, but what links it is not about the client for that.
	carries: bool = False
	reason: str = ""
	why: str = field(default="", compare=False)


@dataclass
class Registry:
	members: dict
	widening: dict  # DocType -> frozenset of roles that ERPNext lets see it whole

	def get(self, doctype: str) -> Member | None:
		return self.members.get(doctype)

	def ruled(self, doctype: str) -> Member | None:
		member = self.members.get(doctype)
		return member if member and member.kind != EXEMPT_KIND else None


# -- the schema --------------------------------------------------------------------------------------


def _schema():
	doctypes = {
		row.name: row
		for row in frappe.db.sql(
			"select name, istable, issingle, is_virtual, module from `tabDocType`", as_dict=True
		)
	}
	fields = defaultdict(list)
	for parent, fieldname, fieldtype, options, reqd in frappe.db.sql(
		"""select parent, fieldname, fieldtype, options, reqd from (
			select parent, fieldname, fieldtype, options, reqd, 0 as custom, idx from `tabDocField`
			where fieldtype in ('Link', 'Dynamic Link', 'Table', 'Table MultiSelect', 'Select')
			union all
			select dt, fieldname, fieldtype, options, reqd, 1, idx from `tabCustom Field`
			where fieldtype in ('Link', 'Dynamic Link', 'Table', 'Table MultiSelect', 'Select')
		) f order by parent, custom, idx, fieldname"""
	):  # in a fixed order: the registry, and its page in docs/, come out the same on every site
		if parent in doctypes and fieldname:
			fields[parent].append((fieldname, fieldtype, (options or "").strip(), int(reqd or 0)))
	return doctypes, fields


def _required(fields_of: list) -> set[str]:
	"""The mandatory fields of a DocType (field rows as _schema gives them; a row without the flag is not)."""
	return {f[0] for f in fields_of if len(f) > 3 and f[3]}


def _type_targets(fields_of: list, type_field: str, candidates) -> tuple | None:
	"""What a Dynamic Link's type field may hold among the candidates: every one (a Link to DocType), those
	a Select offers, or None (not a type field the schema can read)."""
	for fieldname, fieldtype, options, *_reqd in fields_of:
		if fieldname != type_field:
			continue
		if fieldtype == "Link" and options == "DocType":
			return tuple(candidates)
		if fieldtype == "Select":
			offered = {o.strip() for o in options.split("\n")}
			return tuple(c for c in candidates if c in offered)
		return ()
	return ()


def compute(schema=None) -> Registry:
	"""The registry of the site's schema (or of the given (doctypes, fields), as _schema returns them)."""
	doctypes, fields = schema or _schema()
	members: dict[str, Member] = {}

	def plain(name):
		row = doctypes.get(name)
		return row and not row.istable and not row.issingle and not row.is_virtual

	for name in (*PARTY_TYPES, CARD):
		if name in doctypes:
			members[name] = Member(name, ROOT, why="a client", carries=True)
	for name, row in doctypes.items():
		if row.module == APP_MODULE and plain(name) and any(f[0] == OWNER_FIELD for f in fields[name]):
			members[name] = Member(name, ROOT, why="the app's record with an owner", carries=True)

	def carriers():
		"""The members that carry the rule on: roots, and records that must name a client (not exempt)."""
		return [m for m, member in members.items() if member.kind != EXEMPT_KIND and member.carries]

	def own_links(name):
		carrying = set(carriers())
		links, dynamic = [], []
		for fieldname, fieldtype, options, *_reqd in fields[name]:
			if fieldtype == "Link" and options in carrying and options != name:
				links.append((fieldname, options))
			elif fieldtype == "Dynamic Link":
				targets = _type_targets(fields[name], options, sorted(carrying - {name}))
				if targets:
					dynamic.append((fieldname, options, targets))
		if name in DATA_REFERENCES:
			fieldname, type_field = DATA_REFERENCES[name]
			dynamic.append((fieldname, type_field, tuple(sorted(carrying - {name}))))
		return tuple(links), tuple(dynamic)

	# the DocTypes that link a member, until none joins
	changed = True
	while changed:
		changed = False
		for name in doctypes:
			if name in members or not plain(name):
				continue
			links, dynamic = own_links(name)
			if links or dynamic:
				via = ", ".join([f"{f} → {t}" for f, t in links] + [f"{f} ({t})" for f, t, _ in dynamic])
				required = _required(fields[name])
				carries = any(f in required for f, _t in links) or any(f in required for f, _t, _x in dynamic)
				members[name] = (
					Member(name, EXEMPT_KIND, reason=EXEMPT[name], why=f"links {via}")
					if name in EXEMPT
					else Member(
						name, LINKS, links=links, dynamic=dynamic, why=f"links {via}", carries=carries
					)
				)
				changed = True
		# a plain DocType whose child table links a member is about the client too
		for name in doctypes:
			if name in members or not plain(name):
				continue
			tables = []
			for _fieldname, fieldtype, options, *_reqd in fields[name]:
				if fieldtype in ("Table", "Table MultiSelect") and doctypes.get(options, {}).get("istable"):
					links, dynamic = own_links(options)
					if links or dynamic:
						tables.append(options)
			if tables:
				why = f"rows in {', '.join(tables)}"
				members[name] = (
					Member(name, EXEMPT_KIND, reason=EXEMPT[name], why=why)
					if name in EXEMPT
					else Member(name, LINKS, child_links=tuple(sorted(set(tables))), why=why)
				)
				changed = True

	# the roots' own links: what a write must name only of the user's clients (their rule is their own)
	for name, member in list(members.items()):
		if member.kind == ROOT:
			links, dynamic = own_links(name)
			members[name] = Member(name, ROOT, links=links, dynamic=dynamic, why=member.why, carries=True)

	# child tables: of a member parent, or linking a member themselves
	parents_of = defaultdict(set)
	for parent, rows in fields.items():
		for _fieldname, fieldtype, options, *_reqd in rows:
			if fieldtype in ("Table", "Table MultiSelect") and options in doctypes and plain(parent):
				parents_of[options].add(parent)
	for name, row in doctypes.items():
		if not row.istable or name in members:
			continue
		parents = tuple(
			sorted(p for p in parents_of[name] if p in members and members[p].kind != EXEMPT_KIND)
		)
		links, dynamic = own_links(name)
		if parents or links or dynamic:
			members[name] = Member(
				name,
				CHILD,
				links=links,
				dynamic=dynamic,
				parents=parents,
				why=f"a table of {', '.join(parents)}" if parents else "rows linking a client",
			)
	return Registry(members=members, widening=_widening(members) if schema is None else {})


def _widening(members: dict) -> dict:
	"""DocType -> the roles whose own read permission on it (DocPerm or Custom DocPerm, not only on
	records they made) shows it whole: an Account Manager who holds one keeps ERPNext's rights there."""
	rows = frappe.db.sql(
		"""select parent, role from `tabDocPerm` where `read` = 1 and permlevel = 0 and ifnull(if_owner, 0) = 0
		union select parent, role from `tabCustom DocPerm`
		where `read` = 1 and permlevel = 0 and ifnull(if_owner, 0) = 0"""
	)
	custom = {p for (p,) in frappe.db.sql("select distinct parent from `tabCustom DocPerm`")}
	widening = defaultdict(set)
	for parent, role in rows:
		if parent in members and role not in NON_WIDENING_ROLES:
			widening[parent].add(role)
	# where Custom DocPerms exist, they replace the DocType's own (as Frappe reads them)
	for parent in custom & set(members):
		widening[parent] = {
			role
			for p, role in frappe.db.sql(
				"""select parent, role from `tabCustom DocPerm` where parent = %s and `read` = 1
				and permlevel = 0 and ifnull(if_owner, 0) = 0""",
				parent,
			)
			if role not in NON_WIDENING_ROLES
		}
	return {doctype: frozenset(roles) for doctype, roles in widening.items()}


# -- the registry of this site, cached ---------------------------------------------------------------

CACHE_KEY = "account_manager:client_data_registry"


def registry() -> Registry:
	"""The site's registry: computed once, kept in Redis until the schema changes (clear_cache, migrate),
	and for the request in frappe.local."""
	cached = getattr(frappe.local, "account_manager_registry", None)
	if cached is None:
		cached = frappe.cache.get_value(CACHE_KEY)
		if cached is None:
			cached = compute()
			frappe.cache.set_value(CACHE_KEY, cached)
		frappe.local.account_manager_registry = cached
	return cached


def clear_cache(*args, **kwargs) -> None:
	"""Frappe's clear_cache hook, and doc_events of DocType and Custom Field: the schema may have changed."""
	frappe.cache.delete_value(CACHE_KEY)
	frappe.local.account_manager_registry = None


def uncovered(reg: Registry | None = None) -> list[str]:
	"""Members with neither a rule nor an exemption (the registry test asserts there are none)."""
	reg = reg or compute()

	def covered(member: Member) -> bool:
		if member.kind == EXEMPT_KIND:
			return bool(member.reason)
		if member.kind == CHILD:
			return bool(member.parents or member.links or member.dynamic)
		if member.kind == LINKS:
			return bool(member.links or member.dynamic or member.child_links)
		return member.kind == ROOT

	return sorted(name for name, member in reg.members.items() if not covered(member))


# -- the registry as docs/permissions.md shows it -----------------------------------------------------

RULE_TEXT = {
	ROOT: "its own rule (account_manager.permissions)",
	LINKS: "hidden when a link names another manager's client",
	CHILD: "with its parent record",
	EXEMPT_KIND: "exempt",
}


def document(reg: Registry) -> str:
	"""Markdown: every member with its rule or exemption, and the role table (tests/integration/
	test_registry.py writes it to docs/registry-v<major>.md)."""
	members = sorted(reg.members.values(), key=lambda m: m.doctype)
	lines = [
		"## Every DocType that carries a client's data",
		"",
		"Derived from the schema of a site with Frappe, ERPNext and this app by `account_manager.registry`",
		"(the roots Customer, Lead, Prospect, Client Card and the app's records with an owner; every DocType",
		"linking one of the set; their child tables). hooks.py registers the rule once for every DocType",
		'(`"*"`), so a DocType that ERPNext or another app adds later is covered the moment it links a',
		"client. A write to any of them that names a client outside the writer's portfolios is refused.",
		"",
		f"{len(members)} DocTypes: "
		+ ", ".join(
			f"{sum(m.kind == kind for m in members)} {RULE_TEXT[kind].split(' (')[0]}"
			for kind in (ROOT, LINKS, CHILD, EXEMPT_KIND)
		)
		+ ".",
		"",
		"| DocType | rule | because it |",
		"|---|---|---|",
	]
	for m in members:
		if m.kind != EXEMPT_KIND:
			lines.append(f"| {m.doctype} | {RULE_TEXT[m.kind]} | {m.why} |")
	lines += ["", "### Exemptions", "", "| DocType | reason |", "|---|---|"]
	lines += [f"| {m.doctype} | {m.reason} |" for m in members if m.kind == EXEMPT_KIND]
	lines += [
		"",
		"### Roles that let an Account Manager see a DocType whole",
		"",
		"An Account Manager keeps the portfolio rule on each DocType of the set unless they also hold a role",
		"that ERPNext itself gives read permission on that DocType (its own DocPerm, not only on records the",
		"user made); the roles every Account Manager or every user holds",
		f"({', '.join(sorted(NON_WIDENING_ROLES))}) never do. Child tables follow their parent.",
		"",
		"| DocType | roles |",
		"|---|---|",
	]
	lines += [
		f"| {doctype} | {', '.join(sorted(roles))} |"
		for doctype, roles in sorted(reg.widening.items())
		if roles and reg.members[doctype].kind != EXEMPT_KIND
	]
	return "\n".join(lines) + "\n"
