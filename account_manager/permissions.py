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

SEES_ALL_ROLES = frozenset({"Sales Head", "System Manager"})
PORTFOLIO_ROLE = "Account Manager"
# Roles whose users may see the workspace figures and progress (desk.py, api.manager_progress).
DESK_ROLES = frozenset({PORTFOLIO_ROLE, *SEES_ALL_ROLES})
# ERPNext roles that give a user a company-wide view of selling documents (accounts, stock, the sales
# manager): an Account Manager who also holds one keeps ERPNext's own rights on those documents.
ERPNEXT_WIDE_ROLES = frozenset(
	{
		"Sales Manager",
		"Accounts User",
		"Accounts Manager",
		"Stock User",
		"Stock Manager",
		"Sales Master Manager",
	}
)


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
	"""The user and every manager whose portfolio is delegated to the user on the date (default today)."""
	on = getdate(on or nowdate())
	delegation = frappe.qb.DocType("Portfolio Delegation")
	delegated = (
		frappe.qb.from_(delegation)
		.select(delegation.from_user)
		.where((delegation.to_user == user) & (delegation.from_date <= on) & (delegation.to_date >= on))
		.run(pluck=True)
	)  # the query builder, not get_all: called on every list, report and form of client data
	return [user, *sorted(set(delegated) - {user})]


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
		return None
	return None if user in (stored(doc, "from_user"), stored(doc, "to_user")) else False


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


# -- ERPNext's selling documents, contacts and addresses (item 6 of the controls) ----------------------


def selling_owners(user: str | None = None) -> list[str] | None:
	"""The owners whose clients' selling documents the user may see; None when ERPNext's own rights
	apply (the Sales Head, and an Account Manager who also holds a company-wide ERPNext role)."""
	user = user or frappe.session.user
	owners = visible_owners(user)
	if owners is None or ERPNEXT_WIDE_ROLES.intersection(frappe.get_roles(user)):
		return None
	return owners


# DocType -> the field naming its customer
PARTY_FIELDS = {
	"Sales Order": {"Customer": "customer"},
	"Sales Invoice": {"Customer": "customer"},
	"Delivery Note": {"Customer": "customer"},
}
# DocType -> (the field naming the party's type, the field naming the party): a Quotation or an
# Opportunity is for a customer, a lead or a prospect (an Opportunity fetches the party's details)
TYPED_PARTY_FIELDS = {
	"Quotation": ("quotation_to", "party_name"),
	"Opportunity": ("opportunity_from", "party_name"),
}


def selling_query(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions: documents of another manager's client are hidden; those of the
	user's portfolios and of clients nobody holds stay as ERPNext shows them."""
	owners = selling_owners(user)
	if owners is None:
		return ""
	if doctype in TYPED_PARTY_FIELDS:
		type_field, party_field = TYPED_PARTY_FIELDS[doctype]
		parts = [
			f"not (`tab{doctype}`.`{type_field}` = {frappe.db.escape(party_type)}"
			f" and `tab{doctype}`.`{party_field}` in ({claimed_by_others(party_type, owners)}))"
			for party_type in ("Customer", "Lead", "Prospect")
		]
		return "(" + " and ".join(parts) + ")"
	field = PARTY_FIELDS[doctype]["Customer"]
	return f"ifnull(`tab{doctype}`.`{field}`, '') not in ({claimed_by_others('Customer', owners)})"


def document_party(doc) -> tuple[str | None, str | None]:
	if doc.doctype in TYPED_PARTY_FIELDS:
		return tuple(doc.get(field) for field in TYPED_PARTY_FIELDS[doc.doctype])
	return "Customer", doc.get(PARTY_FIELDS[doc.doctype]["Customer"])


def selling_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""A selling document of another manager's client is refused, judged on the party stored (a new
	document: the party it names)."""
	owners = selling_owners(user)
	if owners is None:
		return None
	if doc.is_new() or not doc.name or not frappe.db.exists(doc.doctype, doc.name):
		party_type, party = document_party(doc)
	else:
		if doc.doctype in TYPED_PARTY_FIELDS:
			party_type, party = frappe.db.get_value(doc.doctype, doc.name, TYPED_PARTY_FIELDS[doc.doctype])
		else:
			party_type = "Customer"
			party = frappe.db.get_value(doc.doctype, doc.name, PARTY_FIELDS[doc.doctype]["Customer"])
	if not party or party_type not in ("Customer", "Lead", "Prospect"):
		return None
	return None if may_name_party(party_type, party, user) else False


def linked_record_query(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions for ERPNext's Contact and Address: one linked to another manager's
	client is hidden, unless it is linked to a client of the user's portfolios too."""
	owners = selling_owners(user)
	if owners is None:
		return ""

	def links(parties_sql: dict[str, str]) -> str:
		alternatives = " or ".join(
			f"(`link_doctype` = {frappe.db.escape(party_type)} and `link_name` in ({sql}))"
			for party_type, sql in parties_sql.items()
		)
		return (
			"select `parent` from `tabDynamic Link`"
			f" where `parenttype` = {frappe.db.escape(doctype)} and ({alternatives})"
		)

	others = {t: claimed_by_others(t, owners) for t in ("Customer", "Lead", "Prospect")}
	mine = {
		"Customer": f"select `name` from `tabCustomer` where `account_manager` in ({_in(owners)})",
		"Lead": "select `party` from `tabClient Card` where `party_type` = 'Lead'"
		f" and `account_manager` in ({_in(owners)})",
		"Prospect": "select `party` from `tabClient Card` where `party_type` = 'Prospect'"
		f" and `account_manager` in ({_in(owners)})",
	}
	return f"(`tab{doctype}`.`name` not in ({links(others)}) or `tab{doctype}`.`name` in ({links(mine)}))"


def linked_parties(doc) -> list[tuple[str, str]]:
	"""The clients a Contact or Address is linked to: as stored, or (a new one) as it names them."""
	if doc.is_new() or not doc.name or not frappe.db.exists(doc.doctype, doc.name):
		parties = [(link.link_doctype, link.link_name) for link in doc.get("links") or []]
	else:
		parties = frappe.get_all(
			"Dynamic Link",
			filters={"parenttype": doc.doctype, "parent": doc.name},
			fields=["link_doctype", "link_name"],
			as_list=True,
		)
	return [(t, p) for t, p in parties if t in ("Customer", "Lead", "Prospect") and p]


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


def linked_record_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""A Contact or Address of another manager's client is refused to an Account Manager. A portal user
	(Frappe lets any user make contacts and addresses) may not link one to a client held by a manager,
	unless it is the portal user's own company: a contact slipped onto a client would receive its
	statements and offers."""
	user = user or frappe.session.user
	parties = linked_parties(doc)
	if not parties:
		return None
	if ptype != "read" and frappe.get_cached_value("User", user, "user_type") == "Website User":
		own = portal_parties(user)
		if any(party_owner(*party) and party not in own for party in parties):
			return False
	owners = selling_owners(user)
	if owners is None:
		return None
	holders = [party_owner(party_type, party) for party_type, party in parties]
	if any(holder in owners for holder in holders):
		return None
	return False if any(holder and holder not in owners for holder in holders) else None
