"""Who may see which client (CB14, CB15): an Account Manager sees the portfolio they own and the
portfolios delegated to them for today — their Client Cards, ERPNext Customers and the app's records
of them, and of ERPNext's Leads and Prospects those no other manager holds; the Sales Head and the
System Manager see all. Other roles get only what their role permissions give (by default
nothing; never the permlevel-1 terms). Enforced on the server for list views, get_list (reports,
REST) and single documents."""

import frappe
from frappe.utils import getdate, nowdate

SEES_ALL_ROLES = frozenset({"Sales Head", "System Manager"})
PORTFOLIO_ROLE = "Account Manager"


def sees_all(user: str) -> bool:
	"""Whether no portfolio limits the user: the Sales Head, the System Manager, and roles other than
	Account Manager (whose access is only what their role permissions give)."""
	if user == "Administrator":
		return True
	roles = frappe.get_roles(user)
	return bool(SEES_ALL_ROLES.intersection(roles)) or PORTFOLIO_ROLE not in roles


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


def portfolio_condition(doctype: str, user: str | None = None) -> str:
	"""permission_query_conditions for a DocType of client data with an `account_manager` field."""
	owners = visible_owners(user)
	if owners is None:
		return ""
	return f"`tab{doctype}`.`account_manager` in ({', '.join(frappe.db.escape(o) for o in owners)})"


def portfolio_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""has_permission for any DocType of client data with an `account_manager` field."""
	owners = visible_owners(user)
	if owners is None:
		return None
	if not doc.get("account_manager") and (doc.is_new() or not doc.name):  # a new one becomes the user's
		return None
	return doc.get("account_manager") in owners


def customer_query(user: str | None = None) -> str:
	"""ERPNext's Customer is client data too: its terms, contacts and history stay in the portfolio
	(ERPNext's Sales User role alone would show an Account Manager every customer)."""
	return portfolio_condition("Customer", user)


# the field of ERPNext's Customer that names the Lead or Prospect it was made from
CONVERTED_FROM = {"Lead": "lead_name", "Prospect": "prospect_name"}


def claimed_by_others(doctype: str, owners: list[str]) -> str:
	"""SQL: the Leads or Prospects that belong to a manager outside `owners`: their Client Card is
	that manager's, or they became a Customer of that manager."""
	others = ", ".join(frappe.db.escape(o) for o in owners)
	return (
		f"select `party` from `tabClient Card` where `party_type` = {frappe.db.escape(doctype)}"
		f" and `account_manager` not in ({others})"
		f" union select `{CONVERTED_FROM[doctype]}` from `tabCustomer`"
		f" where `{CONVERTED_FROM[doctype]}` is not null and `account_manager` not in ({others})"
	)


def potential_client_condition(doctype: str, user: str | None = None) -> str:
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
	card = frappe.db.get_value(
		"Client Card", {"party_type": doc.doctype, "party": doc.name}, "account_manager"
	)
	customer = frappe.db.get_value("Customer", {CONVERTED_FROM[doc.doctype]: doc.name}, "account_manager")
	return False if any(holder and holder not in owners for holder in (card, customer)) else None


def lead_query(user: str | None = None) -> str:
	return potential_client_condition("Lead", user)


def prospect_query(user: str | None = None) -> str:
	return potential_client_condition("Prospect", user)


def client_card_query(user: str | None = None) -> str:
	return portfolio_condition("Client Card", user)


def collection_plan_query(user: str | None = None) -> str:
	return portfolio_condition("Collection Plan", user)


def settlement_reconciliation_query(user: str | None = None) -> str:
	return portfolio_condition("Settlement Reconciliation", user)


def can_see_party(party_type: str, party: str, user: str | None = None) -> bool:
	"""Whether the user may see the party's client data (its card is in the user's portfolios)."""
	owners = visible_owners(user)
	if owners is None:
		return True
	return bool(
		frappe.db.exists(
			"Client Card", {"party_type": party_type, "party": party, "account_manager": ("in", owners)}
		)
	)


def client_call_query(user: str | None = None) -> str:
	return portfolio_condition("Client Call", user)


def kpi_plan_query(user: str | None = None) -> str:
	return portfolio_condition("KPI Plan", user)


def account_manager_report_query(user: str | None = None) -> str:
	return portfolio_condition("Account Manager Report", user)


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
	return user in (doc.from_user, doc.to_user)


def commercial_offer_query(user: str | None = None) -> str:
	return portfolio_condition("Commercial Offer", user)
