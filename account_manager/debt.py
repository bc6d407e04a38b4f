"""The debt rule (DR1) applied to documents: a warning on offers and quotations, the Sales Head's
approval on orders. Receivables come from the ledger (erp.receivables), the verdict from
rules.debt, the client's tolerance from its Client Card (else Account Manager Settings)."""

import copy
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.desk.form.assign_to import set_status
from frappe.utils import cint, flt, get_link_to_form, now_datetime

from account_manager.concurrency import assigned_already, done_already, lock
from account_manager.erp import receivables
from account_manager.permissions import not_permitted
from account_manager.rules.debt import OVER_CREDIT_LIMIT, debt_verdict
from account_manager.utils import assign, keep_server_fields, set_audited, users_with_roles

APPROVER_ROLE = "Sales Head"


class DebtApprovalRequiredError(frappe.ValidationError):
	pass


def debt_status(customer: str, company: str) -> dict:
	"""{blocked, reasons[{code, message, ...amounts}], outstanding, overdue, ...} of a customer now.

	Server code: reads the ledger whatever the session user may read. Within `shared_status()` the
	status read there (or once here) is given."""
	shared = getattr(frappe.local, SHARED, None)
	if shared is None:
		return _debt_status(customer, company)
	if (customer, company) not in shared:
		shared[customer, company] = _debt_status(customer, company)
	return copy.deepcopy(shared[customer, company])


SHARED = "account_manager_shared_debt_status"


@contextmanager
def shared_status(customers: list[str] | tuple = (), company: str | None = None):
	"""Within (one run of a campaign): the debt status of a customer is read from the ledger once, for
	the skip rule and the offer's warning alike; that of the given customers in a few grouped queries
	on entering."""
	previous = getattr(frappe.local, SHARED, None)
	shared = previous if previous is not None else {}
	if customers and company:
		shared.update({(c, company): status for c, status in debt_statuses(list(customers), company).items()})
	setattr(frappe.local, SHARED, shared)
	try:
		yield
	finally:
		setattr(frappe.local, SHARED, previous)


def debt_statuses(customers: list[str], company: str) -> dict[str, dict]:
	"""{customer: debt_status} of many customers: the ledger, the credit limits and the tolerances each
	read in one grouped query whatever their number."""
	customers = list(dict.fromkeys(customers))
	if not customers:
		return {}
	balances = receivables.party_balances(customers, company)
	limits = receivables.credit_limits(customers, company)
	card = frappe.qb.DocType("Client Card")
	card_days = dict(
		frappe.qb.from_(card)
		.select(card.party, card.overdue_tolerance_days)
		.where((card.party_type == "Customer") & card.party.isin(customers))
		.run()
	)
	return {c: _status(c, company, balances[c], limits[c], tolerance_of(card_days.get(c))) for c in customers}


def _debt_status(customer: str, company: str) -> dict:
	balance = receivables.party_balances([customer], company)[customer]
	return _status(
		customer,
		company,
		balance,
		receivables.credit_limit(customer, company),
		overdue_tolerance(customer),
	)


def _status(customer: str, company: str, balance, limit: float, tolerance: int) -> dict:
	verdict = debt_verdict(
		balance.outstanding, balance.overdue, balance.oldest_overdue_days, limit, tolerance
	)
	return {
		"customer": customer,
		"company": company,
		"outstanding": balance.outstanding,
		"overdue": balance.overdue,
		"oldest_overdue_days": balance.oldest_overdue_days,
		"credit_limit": limit,
		"overdue_tolerance_days": tolerance,
		"blocked": verdict.blocked,
		"reasons": [describe_reason(r) for r in verdict.reasons],
	}


def describe_reason(reason: dict) -> dict:
	"""A debt reason with a translated message a person can read."""
	if reason["code"] == OVER_CREDIT_LIMIT:
		message = _("Debt {0} is over the credit limit {1} by {2}.").format(
			frappe.format_value(reason["outstanding"], "Currency"),
			frappe.format_value(reason["credit_limit"], "Currency"),
			frappe.format_value(reason["excess"], "Currency"),
		)
	else:
		message = _("{0} is overdue, the oldest by {1} days (tolerance {2} days).").format(
			frappe.format_value(reason["overdue"], "Currency"),
			reason["oldest_overdue_days"],
			reason["tolerance_days"],
		)
	return {**reason, "message": message}


def overdue_tolerance(customer: str) -> int:
	"""The tolerance in the client's terms (its Client Card), else the default in the settings."""
	return tolerance_of(
		frappe.db.get_value(
			"Client Card", {"party_type": "Customer", "party": customer}, "overdue_tolerance_days"
		)
	)


def tolerance_of(card_days) -> int:
	"""A card's overdue tolerance, or (none set: the database keeps an empty Int as 0) the settings'."""
	if cint(card_days):
		return cint(card_days)
	return cint(frappe.db.get_single_value("Account Manager Settings", "overdue_tolerance_days"))


def debt_warning(customer: str | None, company: str | None) -> dict | None:
	"""The warning to show on an offer, quotation or order for the customer; None when there is none.

	Returns {title, message (HTML), reasons, blocked, ...status}. Used by Commercial Offer too."""
	if not customer or not company:
		return None
	status = debt_status(customer, company)
	if not status["blocked"]:
		return None
	name = frappe.db.get_value("Customer", customer, "customer_name") or customer
	lines = "".join(f"<li>{frappe.utils.escape_html(r['message'])}</li>" for r in status["reasons"])
	message = _("{0} is in debt: a new order needs the Sales Head's approval.").format(
		frappe.bold(frappe.utils.escape_html(name))
	)
	return {**status, "title": _("Debt Warning"), "message": f"{message}<ul>{lines}</ul>"}


def show_warning(doc, customer: str | None) -> dict | None:
	warning = debt_warning(customer, doc.get("company"))
	if warning:
		frappe.msgprint(warning["message"], title=warning["title"], indicator="orange")
	return warning


def check_order_approval(doc) -> None:
	"""Refuse to submit a Sales Order of a blocked customer that the Sales Head has not approved."""
	if doc.get("debt_approved_by"):
		return
	warning = debt_warning(doc.customer, doc.company)
	if not warning:
		return
	frappe.throw(
		_("{0} The Sales Head must approve Sales Order {1} before it can be submitted.").format(
			warning["message"], frappe.bold(doc.name)
		)
		+ " "
		+ _("Ask for it with the button {0} on the order.").format(
			frappe.bold(_("Ask the Sales Head to Approve"))
		),
		title=_("Sales Head Approval Needed"),
		exc=DebtApprovalRequiredError,
	)


def check_billing_approval(doc, method=None) -> None:
	"""before_submit of Delivery Note, Sales Invoice and POS Invoice: goods or a bill reach a client in debt
	only under an order the Sales Head approved (the approval travels with the order to its delivery and
	invoice), whatever path made the document and whoever submits it. A return, which lowers the debt,
	passes; so does the Sales Head (and the System Manager), who would approve it."""
	from account_manager.ownership import may_assign_owners

	if doc.get("is_return") or may_assign_owners():
		return
	warning = debt_warning(doc.customer, doc.company)
	if not warning:
		return
	orders = set()
	for row in doc.get("items") or []:
		order = row.get("against_sales_order") or row.get("sales_order")
		if not order and row.get("delivery_note"):
			order = frappe.db.get_value("Delivery Note Item", row.get("dn_detail"), "against_sales_order")
		orders.add(order)
	approved = (
		None not in orders
		and bool(orders)
		and all(frappe.db.get_value("Sales Order", order, "debt_approved_by") for order in orders)
	)
	if approved:
		return
	frappe.throw(
		_("{0} {1} can be submitted only under a Sales Order the Sales Head approved.").format(
			warning["message"], _(doc.doctype)
		),
		title=_("Sales Head Approval Needed"),
		exc=DebtApprovalRequiredError,
	)


def approve_order(sales_order: str) -> dict:
	"""Record the Sales Head's approval of a draft order of a customer in debt (who, when)."""
	if APPROVER_ROLE not in frappe.get_roles():
		frappe.throw(
			_("Only a Sales Head can approve an order of a client in debt."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	if not frappe.db.exists("Sales Order", sales_order):
		frappe.throw(
			_("Sales Order {0} does not exist.").format(frappe.bold(sales_order)),
			exc=frappe.DoesNotExistError,
		)
	doc = lock(frappe.get_doc("Sales Order", sales_order))  # approved once: a parallel approval waits here
	if doc.docstatus == 0 and doc.get("debt_approved_by"):
		done_already(
			_("Sales Order {0} was approved despite debt").format(doc.name),
			doc.debt_approved_by,
			doc.debt_approved_on,
		)
		return {"debt_approved_by": doc.debt_approved_by, "debt_approved_on": doc.debt_approved_on}
	if doc.docstatus != 0:
		frappe.throw(
			_("Sales Order {0} is not a draft: only a draft order can be approved.").format(
				get_link_to_form("Sales Order", doc.name)
			),
			title=_("Not a Draft"),
		)
	status = debt_status(doc.customer, doc.company)
	approved_on = now_datetime()
	set_audited(doc, {"debt_approved_by": frappe.session.user, "debt_approved_on": approved_on})
	reasons = "; ".join(r["message"] for r in status["reasons"]) or _("no debt reason at approval time")
	doc.add_comment("Info", _("Order approved despite debt by the Sales Head: {0}").format(reasons))
	close_approval_requests(doc.name)
	return {"debt_approved_by": frappe.session.user, "debt_approved_on": approved_on}


def request_approval(sales_order: str) -> list[str]:
	"""The manager asks the Sales Head to approve a draft order of a client in debt: the order is
	assigned, with the reasons, to every Sales Head (once: asking again adds nothing). Returns them."""
	doc = frappe.get_doc("Sales Order", sales_order) if frappe.db.exists("Sales Order", sales_order) else None
	if not doc or not frappe.has_permission(
		"Sales Order", "write", doc=doc
	):  # "not there" and "not yours" answer alike
		not_permitted(
			_("Sales Order {0} is not yours to change, or does not exist.").format(frappe.bold(sales_order))
		)
	lock(doc)  # one request at a time: a parallel one finds the Sales Heads asked
	if doc.docstatus != 0 or doc.get("debt_approved_by"):
		frappe.throw(
			_("Sales Order {0} needs no approval: it is not a draft waiting for one.").format(
				get_link_to_form("Sales Order", doc.name)
			),
			title=_("No Approval Needed"),
		)
	warning = debt_warning(doc.customer, doc.company)
	if not warning:
		frappe.throw(
			_("{0} is not in debt: the order can be submitted without approval.").format(
				frappe.bold(doc.customer_name or doc.customer)
			),
			title=_("No Approval Needed"),
		)
	heads = sorted(users_with_roles([APPROVER_ROLE]))
	if not heads:
		frappe.throw(_("No user has the role {0}: nobody can approve the order.").format(_(APPROVER_ROLE)))
	asked = assigned_already("Sales Order", doc.name, heads)
	if asked:
		done_already(
			_("The Sales Heads were asked to approve {0}").format(doc.name), asked.owner, asked.creation
		)
		return heads
	reasons = "; ".join(r["message"] for r in warning["reasons"])
	assign("Sales Order", doc.name, heads, _("Approve despite debt, please: {0}").format(reasons))
	return heads


def close_approval_requests(sales_order: str) -> None:
	"""The Sales Heads' open ToDos for the order are done once one of them has approved it."""

	heads = users_with_roles([APPROVER_ROLE])
	for todo in frappe.get_all(
		"ToDo",
		filters={
			"reference_type": "Sales Order",
			"reference_name": sales_order,
			"status": "Open",
			"allocated_to": ("in", heads or [""]),
		},
		fields=["name", "allocated_to"],
	):
		set_status(
			"Sales Order",
			sales_order,
			todo=todo.name,
			assign_to=todo.allocated_to,
			status="Closed",
			ignore_permissions=True,
		)


APPROVAL_FIELDS = ("debt_approved_by", "debt_approved_on")


def keep_approval_untouched(doc) -> None:
	"""debt_approved_by/on are written only by approve_order: any other change is undone, and an
	approval no longer covers an order whose customer or company changed or whose total grew."""
	before = keep_server_fields(doc, APPROVAL_FIELDS)
	if before and before.get("debt_approved_by") and approval_outgrown(before, doc):
		for field in APPROVAL_FIELDS:
			doc.set(field, None)
		frappe.msgprint(
			_("The Sales Head's approval despite debt was withdrawn: the order changed after it.")
			+ " "
			+ _("Ask the Sales Head to approve it again."),
			title=_("Approval Withdrawn"),
			indicator="orange",
		)


def approval_outgrown(approved, doc) -> bool:
	"""Whether the order is no longer the one the Sales Head approved: another customer or company,
	or a larger total (a smaller one stays approved)."""
	return (
		approved.customer != doc.customer
		or approved.company != doc.company
		or flt(doc.grand_total) > flt(approved.grand_total)
	)
