"""Who may see which client (CB14, CB15).

An Account Manager sees the portfolio they own and the portfolios delegated to them for today: their
Client Cards, ERPNext Customers and the app's records of them; of ERPNext's Leads and Prospects those no
other manager holds; of ERPNext's selling documents, contacts and addresses those not of another
manager's client. The Sales Head and the System Manager see all. Other roles get only what their role
permissions give (by default nothing of the app; never the permlevel-1 terms).

Enforced on the server for list views, get_list (reports, REST, Link searches) and single documents.
Every decision on an existing document is taken on what is **stored**, never on the values a request
brings: a manager who writes another manager's name (or their own) into a document is judged by the
document as it is in the database. Who may *change* an owner or the debt rule's terms is
account_manager.ownership's business.
"""

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from account_manager.compat import ALLOW
from account_manager.registry import CARD, CHILD, OWNER_FIELD, PARTY_TYPES, ROOT, registry

SEES_ALL_ROLES = frozenset({"Sales Head", "System Manager"})
PORTFOLIO_ROLE = "Account Manager"
# Roles whose users may see the workspace figures and progress (desk.py, api.manager_progress).
DESK_ROLES = frozenset({PORTFOLIO_ROLE, *SEES_ALL_ROLES})


def sees_all(user: str) -> bool:
	"""Whether no portfolio limits the user: the Sales Head, the System Manager, and roles other than
	Account Manager (whose access is only what their role permissions give)."""
	if user == "Administrator":
		return True
	roles = frappe.get_roles(user)
	return bool(SEES_ALL_ROLES.intersection(roles)) or PORTFOLIO_ROLE not in roles


def is_bound(user: str | None = None) -> bool:
	"""Whether the portfolio rule binds the user (an Account Manager who is not the Sales Head)."""
	return not sees_all(user or frappe.session.user)


def portfolio_owners(user: str, on=None) -> list[str]:
	"""The user and every manager whose portfolio is delegated to the user on the date (default today).
	Read from the primary database, also inside a read on the replica (replica.replica_read): a replica
	behind a delegation that just ended would still lend the portfolio."""
	on = getdate(on or nowdate())
	delegated = permission_db().sql(
		"""select from_user from `tabPortfolio Delegation`
		where to_user = %s and from_date <= %s and to_date >= %s""",
		(user, on, on),
		pluck=True,
	)  # plain SQL, not get_all: called on every list, report and form of client data
	return [user, *sorted(set(delegated) - {user})]


def permission_db():
	"""The connection that decides who may see what: the primary, also while frappe.db is the replica's."""
	return getattr(frappe.local, "primary_db", None) or frappe.db


def visible_owners(user: str | None = None) -> list[str] | None:
	"""The account managers whose clients the user may see; None when the user sees every client."""
	user = user or frappe.session.user
	return None if sees_all(user) else portfolio_owners(user)


def _in(owners: list[str]) -> str:
	return ", ".join(frappe.db.escape(o) for o in owners)


def stored(doc, fieldname: str):
	"""The field's value as the database holds it; for a document not saved yet, its own value."""
	if doc.is_new() or not doc.name:
		return doc.get(fieldname)
	row = frappe.db.get_value(doc.doctype, doc.name, ["name", fieldname], as_dict=True)
	return row[fieldname] if row else doc.get(fieldname)


# -- refusals ----------------------------------------------------------------------------------------


def not_permitted(message: str | None = None):
	"""One and the same refusal for "not there" and "not yours": the message never tells them apart."""
	frappe.throw(
		message or _("You may not see this client, or it does not exist."),
		title=_("Not Permitted"),
		exc=frappe.PermissionError,
	)


def check_desk_user(user: str | None = None) -> None:
	"""The workspace's figures and a manager's progress are for Account Managers, the Sales Head and the
	System Manager only."""
	user = user or frappe.session.user
	if user == "Administrator" or DESK_ROLES.intersection(frappe.get_roles(user)):
		return
	not_permitted(_("Only Account Managers and the Sales Head may see these figures."))


def check_manager_filter(manager: str | None, user: str | None = None) -> None:
	"""Filters narrow, never widen: naming a manager whose clients the user may not see is refused."""
	if not manager:
		return
	owners = visible_owners(user)
	if owners is not None and manager not in owners:
		not_permitted(_("You may not see the clients of {0}.").format(frappe.bold(manager)))


def party_owner(party_type: str, party: str) -> str | None:
	"""The manager who holds the client: its Client Card's owner, else (a Customer) its account manager,
	else (a Lead or Prospect) the account manager of the Customer it became."""
	owner = frappe.db.get_value("Client Card", {"party_type": party_type, "party": party}, "account_manager")
	if owner:
		return owner
	if party_type == "Customer":
		return frappe.db.get_value("Customer", party, "account_manager")
	if party_type in CONVERTED_FROM:
		return frappe.db.get_value("Customer", {CONVERTED_FROM[party_type]: party}, "account_manager")
	return None


def can_see_party(party_type: str, party: str, user: str | None = None) -> bool:
	"""Whether the user may see the party's client data (it is held in one of the user's portfolios)."""
	owners = visible_owners(user)
	if owners is None:
		return True
	return party_owner(party_type, party) in owners


def may_name_party(party_type: str, party: str, user: str | None = None) -> bool:
	"""Whether the user may name the party in a record: it is held in their portfolios, or it is a
	client nobody holds (a new customer, the pool of leads and prospects)."""
	owners = visible_owners(user)
	if owners is None:
		return True
	holder = party_owner(party_type, party)
	return not holder or holder in owners


def check_party(party_type: str, party: str | None, user: str | None = None) -> None:
	"""Records about a client need the client: refuse one that is not in the user's portfolios (or does
	not exist: the same answer)."""
	if not party:
		return
	if not frappe.db.exists(party_type, party) or not can_see_party(party_type, party, user):
		not_permitted(
			_("{0} {1} is not in your portfolio, or does not exist.").format(
				_(party_type), frappe.bold(party)
			)
		)


# -- the app's DocTypes of client data (owner in `account_manager`) ------------------------------------


def portfolio_query(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for a DocType of client data with an `account_manager` field (Frappe
	passes the DocType: one hook serves them all)."""
	owners = visible_owners(user)
	if owners is None:
		return ""
	return f"`tab{doctype}`.`account_manager` in ({_in(owners)})"


def portfolio_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""has_permission for any DocType of client data with an `account_manager` field, judged on the
	owner the database holds (a request that writes itself in as owner changes nothing here)."""
	return _portfolio_verdict(doc, visible_owners(user))


_UNREAD = object()


def _portfolio_verdict(doc, owners: list[str] | None, owner=_UNREAD) -> bool | None:
	"""The portfolio rule on the owner the database holds (read here unless given)."""
	if owners is None:
		return None
	if owner is _UNREAD:
		owner = stored(doc, "account_manager")
	if not owner and (doc.is_new() or not doc.name):  # a new one becomes the user's
		return None
	return False if owner not in owners else None


def claimable_party_types() -> tuple[str, ...]:
	"""The clients a manager may take from the Sales Head's unassigned pool (Account Manager Settings;
	by default leads and prospects, not customers)."""
	# the stored values, so that a setting never saved keeps its default
	singles = frappe.qb.DocType("Singles")
	values = dict(
		frappe.qb.from_(singles)
		.select(singles.field, singles.value)
		.where(
			(singles.doctype == "Account Manager Settings")
			& singles.field.isin(["self_claim_potential_clients", "self_claim_customers"])
		)
		.run()
	)
	types = ()
	if cint(values.get("self_claim_potential_clients", 1)):
		types += ("Lead", "Prospect")
	if cint(values.get("self_claim_customers", 0)):
		types += ("Customer",)
	return types


def client_card_query(user: str | None = None) -> str:
	"""The user's portfolios, and the cards of the unassigned pool a manager may take."""
	condition = portfolio_query(user, "Client Card")
	types = claimable_party_types()
	if not condition or not types:
		return condition
	pool = ", ".join(frappe.db.escape(t) for t in types)
	return (
		f"({condition} or (ifnull(`tabClient Card`.`account_manager`, '') = ''"
		f" and `tabClient Card`.`party_type` in ({pool})))"
	)


def client_card_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	owners = visible_owners(user)
	if owners is None:
		return None
	owner = stored(doc, "account_manager")
	if not doc.is_new() and doc.name and not owner:
		# a card of the pool: a manager may see and take it when its kind may be taken
		return None if stored(doc, "party_type") in claimable_party_types() else False
	return _portfolio_verdict(doc, owners, owner)


def client_call_query(user: str | None = None) -> str:
	"""Calls stay with the card: the card's owner (and their deputy) sees every call logged on it, the
	caller sees the calls they logged."""
	user = user or frappe.session.user
	owners = visible_owners(user)
	if owners is None:
		return ""
	return (
		f"(`tabClient Call`.`account_manager` = {frappe.db.escape(user)}"
		f" or `tabClient Call`.`client_card` in"
		f" (select `name` from `tabClient Card` where `account_manager` in ({_in(owners)})))"
	)


def client_call_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	user = user or frappe.session.user
	owners = visible_owners(user)
	if owners is None:
		return None
	card = stored(doc, "client_card")
	if not card:
		return None  # a new call without a card: the controller refuses it
	if stored(doc, "account_manager") == user and not doc.is_new():
		return None
	return None if frappe.db.get_value("Client Card", card, "account_manager") in owners else False


def portfolio_delegation_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if sees_all(user):
		return ""
	escaped = frappe.db.escape(user)
	return f"(`tabPortfolio Delegation`.`from_user` = {escaped} or `tabPortfolio Delegation`.`to_user` = {escaped})"


def portfolio_delegation_has_permission(
	doc, ptype: str | None = None, user: str | None = None
) -> bool | None:
	user = user or frappe.session.user
	if sees_all(user):
		return ALLOW
	return ALLOW if user in (stored(doc, "from_user"), stored(doc, "to_user")) else False


# -- ERPNext's parties: Customer, Lead, Prospect -------------------------------------------------------


def customer_query(user: str | None = None) -> str:
	"""ERPNext's Customer is client data too: its terms, contacts and history stay in the portfolio
	(ERPNext's Sales User role alone would show an Account Manager every customer)."""
	return portfolio_query(user, "Customer")


# the field of ERPNext's Customer that names the Lead or Prospect it was made from
CONVERTED_FROM = {"Lead": "lead_name", "Prospect": "prospect_name"}


def claimed_by_others(doctype: str, owners: list[str]) -> str:
	"""SQL: the Customers, Leads or Prospects that belong to a manager outside `owners`. A customer is
	held by its account manager; a lead or prospect by the owner of its Client Card, or of the Customer
	it became."""
	others = _in(owners)
	if doctype == "Customer":
		return (
			"select `name` from `tabCustomer` where ifnull(`account_manager`, '') != ''"
			f" and `account_manager` not in ({others})"
		)
	return (
		f"select `party` from `tabClient Card` where `party_type` = {frappe.db.escape(doctype)}"
		f" and `account_manager` not in ({others})"
		f" union select `{CONVERTED_FROM[doctype]}` from `tabCustomer`"
		f" where `{CONVERTED_FROM[doctype]}` is not null and ifnull(`account_manager`, '') != ''"
		f" and `account_manager` not in ({others})"
	)


def potential_client_query(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for ERPNext's Lead and Prospect (potential clients): an Account
	Manager sees the unclaimed ones, the pool they prospect in, and those of their portfolios; never one
	that another manager holds (by its Client Card, or as the Customer it became)."""
	owners = visible_owners(user)
	if owners is None:
		return ""
	return f"`tab{doctype}`.`name` not in ({claimed_by_others(doctype, owners)})"


def potential_client_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	owners = visible_owners(user)
	if owners is None or doc.is_new() or not doc.name:
		return None
	return None if may_name_party(doc.doctype, doc.name, user) else False


# -- the registry's rules: every DocType that carries client data (account_manager.registry) -----------


def widened(user: str, doctype: str) -> bool:
	"""Whether the user holds a role that ERPNext itself lets see the DocType whole (the registry's role
	table): then ERPNext's own rights apply to it, not the portfolio rule."""
	roles = registry().widening.get(doctype)
	return bool(roles and roles.intersection(frappe.get_roles(user)))


class Rules:
	"""The portfolio rule of one user as SQL conditions, DocType by DocType (memoised for the call).

	A record is judged by the clients it names directly (a Link to a party or a card, a Dynamic Link whose
	type is one); a record that names none directly, by the records of the set it links, each judged by
	its own direct links (one step: a ToDo by its Sales Invoice by its customer). Writes are checked on
	every link (check_client_links), so a deeper chain cannot be forged into a visible one."""

	def __init__(self, user: str, owners: list[str]):
		self.user, self.owners = user, owners
		self.reg = registry()
		self.memo = {}

	# a client held by another manager, as SQL that lists it
	def hidden_parties(self, party_type: str) -> str:
		if party_type == CARD:
			return (
				"select `name` from `tabClient Card` where ifnull(`account_manager`, '') != ''"
				f" and `account_manager` not in ({_in(self.owners)})"
			)
		return claimed_by_others(party_type, self.owners)

	def condition(self, doctype: str) -> str:
		"""SQL the user's rows of the DocType meet; "" when the rule does not restrict it."""
		return self._memo(("full", doctype), lambda: self._condition(doctype, full=True))

	def direct_condition(self, doctype: str) -> str:
		"""The condition from the clients the DocType's records name directly (its rule for a root)."""
		return self._memo(("direct", doctype), lambda: self._condition(doctype, full=False))

	def _memo(self, key, build) -> str:
		if key not in self.memo:
			self.memo[key] = ""  # a cycle back to a DocType being built restricts nothing more
			self.memo[key] = build()
		return self.memo[key]

	def _condition(self, doctype: str, full: bool) -> str:
		member = self.reg.ruled(doctype)
		if not member or (member.kind != CHILD and widened(self.user, doctype)):
			return ""
		if member.kind == ROOT:
			return root_condition(doctype, self.user)
		table = f"`tab{doctype}`"
		parts = []
		if member.kind == CHILD and member.parents:
			restricted = []
			for parent in member.parents:
				cond = self.condition(parent) if full else self.direct_condition(parent)
				if cond:
					restricted.append(
						(
							parent,
							f"({table}.`parenttype` = {frappe.db.escape(parent)} and {table}.`parent` in"
							f" (select `name` from `tab{parent}` where {cond}))",
						)
					)
			if restricted:
				names = ", ".join(frappe.db.escape(p) for p, _sql in restricted)
				parts.append(
					f"(ifnull({table}.`parenttype`, '') not in ({names}) or "
					+ " or ".join(sql for _p, sql in restricted)
					+ ")"
				)
		parts += self.link_conditions(member, table, full)
		for child in member.child_links:
			row = " and ".join(self.link_conditions(self.reg.get(child), f"`tab{child}`", False))
			if row:
				parts.append(
					f"{table}.`name` not in (select `parent` from `tab{child}`"
					f" where `parenttype` = {frappe.db.escape(doctype)} and not ({row}))"
				)
		return " and ".join(f"({p})" for p in parts)

	def link_conditions(self, member, table: str, full: bool) -> list[str]:
		"""A row is hidden when a link names a client held by another manager: directly, or (`full`, for a
		record that names no client directly) through a record of the set judged by its own direct links."""
		references = full and not any(t in (*PARTY_TYPES, CARD) for _f, t in member.links)
		parts = []
		for fieldname, target in member.links:
			column = f"{table}.`{fieldname}`"
			if target in (*PARTY_TYPES, CARD):
				parts.append(f"ifnull({column}, '') not in ({self.hidden_parties(target)})")
			elif references:
				cond = self.direct_condition(target)
				if cond:
					parts.append(
						f"(ifnull({column}, '') = '' or {column} in (select `name` from `tab{target}` where {cond}))"
					)
		for fieldname, type_field, targets in member.dynamic:
			column, kind = f"ifnull({table}.`{fieldname}`, '')", f"ifnull({table}.`{type_field}`, '')"
			alternatives = []
			for target in targets:
				if target in (*PARTY_TYPES, CARD):
					alternatives.append(
						f"({kind} = {frappe.db.escape(target)} and {column} in ({self.hidden_parties(target)}))"
					)
				elif references:
					cond = self.direct_condition(target)
					if cond:
						alternatives.append(
							f"({kind} = {frappe.db.escape(target)} and {column} not in"
							f" (select `name` from `tab{target}` where {cond}))"
						)
			if alternatives:
				parts.append("not (" + " or ".join(alternatives) + ")")
		return parts


def rules_for(user: str) -> Rules | None:
	"""The user's rules, None when no portfolio binds the user. Read anew at every call: a delegation
	that starts or ends changes them at once."""
	owners = visible_owners(user)
	return Rules(user, owners) if owners is not None else None


def root_condition(doctype: str, user: str) -> str:
	"""The roots' own rules: the parties, the card, the app's records with an owner."""
	if doctype == "Customer":
		return portfolio_query(user, "Customer")
	if doctype in CONVERTED_FROM:
		return potential_client_query(user, doctype)
	if doctype == CARD:
		return client_card_query(user)
	if doctype == "Client Call":
		return client_call_query(user)
	return portfolio_query(user, doctype)


ROOT_HAS_PERMISSION = {
	"Customer": "portfolio_has_permission",
	"Lead": "potential_client_has_permission",
	"Prospect": "potential_client_has_permission",
	CARD: "client_card_has_permission",
	"Client Call": "client_call_has_permission",
}


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for every DocType ("*" in hooks.py): the registry's rule, if any."""
	user = user or frappe.session.user
	if not doctype or not registry().ruled(doctype):
		return ""
	rules = rules_for(user)
	return rules.condition(doctype) if rules else ""


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""has_permission for every DocType ("*" in hooks.py): a record of the set is refused when the
	registry's rule hides it, judged on the record as stored (a new one: on what it names)."""
	user = user or frappe.session.user
	member = registry().ruled(doc.doctype)
	if not member:
		return ALLOW
	rules = rules_for(user)
	if rules is None:
		return ALLOW if ptype == "read" or not portal_foreign_parties(doc, user) else False
	if member.kind == ROOT:
		verdict = globals()[ROOT_HAS_PERMISSION.get(doc.doctype, "portfolio_has_permission")](
			doc, ptype, user
		)
		return ALLOW if verdict is None else verdict
	if doc.is_new() or not doc.name or not frappe.db.exists(doc.doctype, doc.name):
		return ALLOW if not foreign_links(doc, user) else False
	condition = rules.condition(doc.doctype)
	if not condition:
		return ALLOW
	visible = frappe.db.sql(
		f"select `name` from `tab{doc.doctype}` where `name` = %s and {condition}", doc.name
	)
	return ALLOW if visible else False


def foreign_links(doc, user: str | None = None) -> list[str]:
	"""The labels of the links of the document (its rows included) that name a client outside the user's
	portfolios, directly or through a record of the set the user may not see."""
	user = user or frappe.session.user
	rules = rules_for(user)
	if rules is None:
		return []
	reg = rules.reg
	found = []
	for row in [doc, *doc.get_all_children()]:
		member = reg.ruled(row.doctype)
		if not member or widened(user, doc.doctype):
			continue
		named = [(f, t, row.get(f)) for f, t in member.links]
		named += [(f, row.get(tf), row.get(f)) for f, tf, targets in member.dynamic if row.get(tf) in targets]
		for fieldname, target, value in named:
			if value and not may_link(target, value, user, rules):
				found.append(row.meta.get_label(fieldname) or fieldname)
	return found


def may_link(target: str, name: str, user: str, rules: Rules) -> bool:
	"""Whether a record may name this one: a client nobody else holds, or a record the user may see."""
	if target in PARTY_TYPES:
		return may_name_party(target, name, user)
	if target == CARD:
		holder = frappe.db.get_value(CARD, name, "account_manager")
		return not holder or holder in rules.owners
	condition = rules.condition(target)
	if not condition:
		return True
	return bool(frappe.db.sql(f"select `name` from `tab{target}` where `name` = %s and {condition}", name))


def check_client_links(doc, method=None) -> None:
	"""doc_events "*" validate: a record that links a client anywhere — any Link or Dynamic Link, its rows
	included — is refused when one of them is outside the user's portfolios (not "at least one")."""
	if doc.flags.ignore_permissions or not registry().ruled(doc.doctype):
		return
	labels = foreign_links(doc)
	if labels:
		not_permitted(
			_(
				"{0} may name only clients of your portfolios (and records of them): {1} names a client you "
				"may not see, or that does not exist."
			).format(_(doc.doctype), ", ".join(frappe.bold(_(label)) for label in dict.fromkeys(labels)))
		)


def portal_parties(user: str) -> set[tuple[str, str]]:
	"""The parties a portal user acts for: those their own Contact is linked to (as ERPNext's portal)."""
	contacts = frappe.get_all("Contact", filters={"user": user}, pluck="name")
	if not contacts:
		return set()
	return set(
		frappe.get_all(
			"Dynamic Link",
			filters={"parenttype": "Contact", "parent": ("in", contacts)},
			fields=["link_doctype", "link_name"],
			as_list=True,
		)
	)


def portal_foreign_parties(doc, user: str) -> bool:
	"""A portal user (Frappe lets any user make contacts and addresses) may not link a record to a client
	held by a manager, unless it is the portal user's own company: a contact slipped onto a client would
	receive its statements and offers."""
	if frappe.get_cached_value("User", user, "user_type") != "Website User":
		return False
	reg = registry()
	named = set()
	for row in [doc, *doc.get_all_children()]:
		member = reg.ruled(row.doctype)
		if not member:
			continue
		named |= {(t, row.get(f)) for f, t in member.links if t in PARTY_TYPES and row.get(f)}
		named |= {(row.get(tf), row.get(f)) for f, tf, _t in member.dynamic if row.get(tf) in PARTY_TYPES}
	if not named:
		return False
	own = portal_parties(user)
	return any(party_owner(*party) and party not in own for party in named if party[1])
