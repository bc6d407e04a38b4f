"""Who owns a client, and who may change it (CB14, CB15, DR1).

- Ownership is the Sales Head's: only the Sales Head and the System Manager change who owns a client
  (`account_manager` of the Client Card and of ERPNext's Customer). A manager's new card or customer is
  their own (or that of a portfolio they cover today), never another manager's.
- The debt rule's parameters are the Sales Head's: a client's credit limit, overdue tolerance and
  payment terms change only by the Sales Head; a manager proposes them on the card (the proposed_*
  fields) and the Sales Head applies them.
- A change of owner moves the client's open work with it (open offers, open product requests, the open
  collection plan, unsent reconciliations, the client's line in the draft monthly report) in the same
  transaction; calls stay with the card, so its new owner sees them.

Every refusal is a PermissionError whose message names what is not allowed; nothing is written.
"""

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils import cint, flt

from account_manager.permissions import SEES_ALL_ROLES, claimable_party_types, is_bound, visible_owners
from account_manager.utils import set_audited

# the debt rule's parameters as the Client Card and ERPNext's Customer hold them
CARD_TERMS = ("credit_limit", "overdue_tolerance_days", "payment_terms")
CUSTOMER_TERMS = ("payment_terms",)
CREDIT_LIMIT_FIELDS = ("company", "credit_limit", "bypass_credit_limit_check")
OPEN_OFFER_STATUSES = ("Draft", "Sent", "Negotiation")


def may_assign_owners(user: str | None = None) -> bool:
	"""The Sales Head, the System Manager (and Administrator) deal out clients."""
	user = user or frappe.session.user
	return user == "Administrator" or bool(SEES_ALL_ROLES.intersection(frappe.get_roles(user)))


def may_change_terms(user: str | None = None) -> bool:
	"""Whether the user decides the debt rule's terms: the Sales Head, the System Manager (and
	Administrator), or the role ERPNext's Accounts Settings names as Credit Controller. Whatever other
	roles the user holds: seeing all is not changing terms."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	controller = frappe.db.get_single_value("Accounts Settings", "credit_controller")
	return bool(roles & SEES_ALL_ROLES) or bool(controller and controller in roles)


def refuse(message: str):
	frappe.throw(message, title=_("Not Permitted"), exc=frappe.PermissionError)


def label(doc, fieldname: str) -> str:
	return frappe.bold(_(doc.meta.get_label(fieldname), context=doc.doctype))


def changed_fields(doc, fieldnames) -> list[str]:
	"""The fields whose value differs from the stored document's (a new document: all that are set)."""
	before = doc.get_doc_before_save() if not doc.is_new() else None
	return [
		fieldname
		for fieldname in fieldnames
		if _value(doc, fieldname) != (_value(before, fieldname) if before else _value(None, fieldname, doc))
	]


NUMBERS = ("Int", "Float", "Currency", "Check", "Percent", "Duration")


def _value(doc, fieldname: str, like=None):
	"""A field's value in a comparable form: numbers as floats, empty as None, a table as its rows'
	values."""
	df = (doc or like).meta.get_field(fieldname)
	value = doc.get(fieldname) if doc else None
	if df and df.fieldtype in table_fields:
		child = frappe.get_meta(df.options)
		fields = [f.fieldname for f in child.fields if f.fieldtype not in no_value_fields]
		return [tuple(str(row.get(f) or "") for f in fields) for row in value or []]
	if df and df.fieldtype in NUMBERS:
		return flt(value)
	return value or None


# -- the owner -----------------------------------------------------------------------------------------


def check_new_owner(doc, fieldname: str = "account_manager") -> None:
	"""A new record of client data is the user's own, or of a portfolio the user covers today."""
	owners = visible_owners()
	owner = doc.get(fieldname)
	if owners is not None and owner and owner not in owners:
		refuse(
			_("You may not make {0} for {1}: only the Sales Head gives a client to another manager.").format(
				_(doc.doctype), frappe.bold(owner)
			)
		)


def guard_owner(doc, fieldname: str = "account_manager") -> None:
	"""Only the Sales Head changes who owns a client (validate of Client Card and Customer)."""
	if doc.flags.ignore_permissions:  # a change the server decided (a transfer, a card's owner pushed)
		return
	if doc.is_new():
		check_new_owner(doc, fieldname)
		return
	if not may_assign_owners() and changed_fields(doc, [fieldname]) and not claims_from_pool(doc, fieldname):
		refuse(
			_("Only the Sales Head can change who owns a client ({0} of {1} {2}).").format(
				label(doc, fieldname), _(doc.doctype), frappe.bold(doc.name)
			)
		)


def server_fields(doc, editable=()) -> list[str]:
	"""Every field of the DocType that holds a value, except those named editable."""
	return [
		df.fieldname
		for df in doc.meta.fields
		if df.fieldtype not in no_value_fields or df.fieldtype in table_fields
		if df.fieldname not in editable
	]


def claims_from_pool(doc, fieldname: str = "account_manager") -> bool:
	"""A manager takes a client of the unassigned pool into their own portfolio, where the settings let
	them (Client Card: leads and prospects by default; Customer: when customers may be taken)."""
	before = doc.get_doc_before_save()
	if not is_bound() or not before or before.get(fieldname) or doc.get(fieldname) != frappe.session.user:
		return False
	party_type = before.party_type if doc.doctype == "Client Card" else doc.doctype  # as stored
	return party_type in claimable_party_types()


def guard_unchanged(doc, fieldnames, reason: str) -> None:
	"""For a manager bound by the portfolio rule: refuse a change of fields the server keeps."""
	if doc.flags.ignore_permissions or doc.is_new() or not is_bound():
		return
	changed = changed_fields(doc, fieldnames)
	if changed:
		refuse(_("You may not change {0}: {1}").format(", ".join(label(doc, f) for f in changed), reason))


def derive_owner(doc, owner: str | None, fieldname: str = "account_manager") -> None:
	"""A record about a client belongs to the client's owner: a manager who writes another name in is
	refused; the server sets it."""
	given = doc.get(fieldname)
	if given and given != owner and is_bound() and not doc.flags.ignore_permissions:
		refuse(
			_("{0} is the owner of the client: you may not give this {1} to {2}.").format(
				frappe.bold(owner or _("nobody")), _(doc.doctype), frappe.bold(given)
			)
		)
	doc.set(fieldname, owner)


# -- the debt rule's parameters ------------------------------------------------------------------------


def terms_refused(doc, fieldnames) -> None:
	refuse(
		_(
			"Only the Sales Head can change {0} of {1}: they decide the debt rule. Propose them in "
			"the card's Proposed Terms, and the Sales Head applies them."
		).format(", ".join(label(doc, f) for f in fieldnames), _(doc.doctype))
	)


def guard_card_terms(card, given: dict | None = None) -> None:
	"""A manager may not change the credit limit, overdue tolerance or payment terms on a card. A new
	card takes the customer's terms as they stand (`given`: what the request brought)."""
	if card.flags.ignore_permissions or may_change_terms():
		return
	if card.is_new():
		# what the client has now: a customer's terms (loaded onto the card), no tolerance of its own
		customer = card.party_type == "Customer"
		current = {
			"payment_terms": card.get("payment_terms") if customer else None,
			"credit_limit": card.get("credit_limit") if customer else 0,
			"overdue_tolerance_days": 0,
		}
		changed = [
			f
			for f, value in (given or {}).items()
			if f in CARD_TERMS
			and value not in (None, "", 0)
			and (flt(value) != flt(current.get(f)) if f != "payment_terms" else value != current.get(f))
		]
	else:
		changed = changed_fields(card, CARD_TERMS)
	if changed:
		terms_refused(card, changed)


def credit_limit_rows(doc) -> list[tuple]:
	return sorted(
		(row.company, flt(row.credit_limit), cint(row.bypass_credit_limit_check))
		for row in doc.get("credit_limits") or []
	)


def guard_customer_terms(customer) -> None:
	"""ERPNext's Customer holds the payment terms and credit limits, and its Customer Group the limit that
	applies when it has none: only who decides the terms changes them, or moves an existing customer to
	another group (for every role, not only Account Managers)."""
	guard_terms(customer, CUSTOMER_TERMS + (("customer_group",) if not customer.is_new() else ()))


def guard_terms(doc, fields=(), table: str = "credit_limits") -> None:
	"""Refuse a change of the debt rule's terms on a Customer, Customer Group or Company (doc_events
	validate) by a user who does not decide them; a new record may carry none."""
	if doc.flags.ignore_permissions or may_change_terms():
		return
	before = doc.get_doc_before_save() if not doc.is_new() else None
	changed = changed_fields(doc, fields)
	if table and doc.meta.get_field(table):
		if credit_limit_rows(doc) != (credit_limit_rows(before) if before else []):
			changed.append(table)
	if changed:
		terms_refused(doc, changed)


def guard_customer_group_terms(group, method=None) -> None:
	guard_terms(group, ("payment_terms",))


def guard_company_terms(company, method=None) -> None:
	guard_terms(company, ("credit_limit", "payment_terms"), table="")


# -- a change of owner moves the client's open work -------------------------------------------------


def move_client(card, old_owner: str | None, new_owner: str) -> dict[str, list[str]]:
	"""Give the client's open work to its new owner, in the caller's transaction: open offers, open product
	requests, the open collection plan, reconciliations not sent yet, and the client's line among the
	clients to negotiate with in the old owner's draft monthly report. Calls stay with the card. Returns
	what moved."""
	moved = {
		"Commercial Offer": _reassign(
			"Commercial Offer",
			{"client_card": card.name, "status": ("in", OPEN_OFFER_STATUSES)},
			new_owner,
		),
		# an open request for goods the company does not carry: the new owner hears the Item Manager's answer
		"Product Request": _reassign(
			"Product Request", {"client_card": card.name, "status": "Open"}, new_owner
		),
	}
	if card.party_type == "Customer":
		moved["Collection Plan"] = _reassign(
			"Collection Plan", {"customer": card.party, "status": "Open"}, new_owner
		)
		moved["Settlement Reconciliation"] = _reassign(
			"Settlement Reconciliation", {"customer": card.party, "status": "Draft"}, new_owner
		)
	moved["Account Manager Report"] = _move_report_line(card, old_owner, new_owner)
	moved = {doctype: names for doctype, names in moved.items() if names}
	if moved:
		card.add_comment(
			"Info",
			_("Moved to {0} with the client: {1}").format(
				new_owner,
				"; ".join(f"{_(doctype)} {', '.join(names)}" for doctype, names in moved.items()),
			),
		)
	return moved


def _reassign(doctype: str, filters: dict, new_owner: str) -> list[str]:
	"""Each record gets its new owner with a Version of the change; not saved, so an offer is not
	re-priced nor a statement rebuilt by the transfer."""
	names = frappe.get_all(doctype, filters={**filters, "account_manager": ("!=", new_owner)}, pluck="name")
	for name in names:
		set_audited(frappe.get_doc(doctype, name), {"account_manager": new_owner})
	return names


REPORT_LINE_FIELDS = ("client_card", "party_name", "next_contact_date", "reason")


def _move_report_line(card, old_owner: str | None, new_owner: str) -> list[str]:
	"""The client's line in the old owner's draft report goes to the new owner's draft of that month.
	Both reports are saved (by the server: their figures stay as computed), so each has a Version."""
	if not old_owner:
		return []
	moved = []
	for name in frappe.get_all(
		"Account Manager Report",
		filters=[
			["account_manager", "=", old_owner],
			["docstatus", "=", 0],
			["Account Manager Report Client", "client_card", "=", card.name],
		],
		pluck="name",
		distinct=True,
	):
		source = frappe.get_doc("Account Manager Report", name)
		lines = [row for row in source.next_clients if row.client_card == card.name]
		target_name = frappe.db.get_value(
			"Account Manager Report", {"account_manager": new_owner, "month": source.month, "docstatus": 0}
		)
		for row in lines:
			source.remove(row)
		_save_report(source)
		if target_name:
			target = frappe.get_doc("Account Manager Report", target_name)
			for row in lines:
				target.append("next_clients", {f: row.get(f) for f in REPORT_LINE_FIELDS})
			_save_report(target)
			moved.append(target_name)
	return moved


def _save_report(report) -> None:
	report.flags.ignore_permissions = True  # the Sales Head's transfer, decided by guard_owner
	report.save()
