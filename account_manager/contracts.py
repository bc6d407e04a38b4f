"""Contracts with clients, on ERPNext's Contract (CT1, CT2; issue 25).

*Draft Contract* on a Client Card, an accepted Commercial Offer or a Quotation makes an ERPNext Contract for
the client (a lead or prospect is converted to a Customer first, through the card's own path) from a
Contract Template, whose Jinja gets the client's terms and the offer's lines; the contract names its source
(`document_type` / `document_name`) and its card. The negotiation has statuses a Sales Head filters on
(`negotiation_status`): Draft → Sent (e-mailed with its PDF to the client's decision maker) → Negotiation
(the client answered: the reply threads onto the contract as an offer's does) → Agreed → Signed (ERPNext's
`is_signed`, `signee`, `signed_on`; submitted), after which ERPNext's own status (Active / Inactive) runs.
Every revision of the terms leaves a Version (Contract tracks changes).

Contracts follow the portfolio rule through the registry (they link the client); the status moves only by
these actions.
"""

import difflib
import re

import frappe
from frappe import _
from frappe.utils import add_days, cint, getdate, now_datetime, nowdate, strip_html

from account_manager.concurrency import done_already, exactly_once, lock, recent_email
from account_manager.ownership import changed_fields, may_change_terms
from account_manager.permissions import not_permitted
from account_manager.rules.contract_terms import beyond_standard
from account_manager.utils import email_document, keep_server_fields, set_audited

DRAFT, SENT, NEGOTIATION, AGREED, SIGNED = "Draft", "Sent", "Negotiation", "Agreed", "Signed"
SOURCES = ("Client Card", "Commercial Offer", "Quotation")
CONTRACT_PRINT_FORMAT = "Client Contract"  # the app's print format of a contract, its PDF to the client
CARD_TERMS = (
	"price_list",
	"payment_terms",
	"credit_limit",
	"overdue_tolerance_days",
	"discount_scheme",
	"special_conditions",
	"individual_service",
	"faster_lead_times",
)


def source_card(source) -> str:
	"""The client card of a contract's source document."""
	if source.doctype == "Client Card":
		return source.name
	if source.doctype == "Commercial Offer":
		return source.client_card
	card = frappe.db.get_value(
		"Client Card", {"party_type": source.quotation_to, "party": source.party_name}, "name"
	)
	if not card:
		frappe.throw(_("{0} {1} has no client card.").format(_(source.doctype), frappe.bold(source.name)))
	return card


@frappe.whitelist()
@exactly_once
def draft_contract(source_doctype: str, source_name: str, contract_template: str | None = None) -> str:
	"""CT1: a draft Contract for the client of a Client Card, Commercial Offer or Quotation. Returns its
	name. A lead or prospect becomes a Customer first (the card's Convert to Customer)."""
	if source_doctype not in SOURCES:
		frappe.throw(
			_("A contract is drafted from a {0}.").format(", ".join(_(s) for s in SOURCES)),
			title=_("Not a Contract Source"),
		)
	if not frappe.db.exists(source_doctype, source_name):
		not_permitted()
	source = frappe.get_doc(source_doctype, source_name)
	if not source.has_permission("read"):
		not_permitted()
	if source_doctype == "Commercial Offer" and source.status != "Accepted":
		frappe.throw(
			_("Offer {0} is {1}: a contract is drafted from an accepted offer.").format(
				frappe.bold(source.name), _(source.status)
			),
			title=_("Offer Not Accepted"),
		)
	card = frappe.get_doc("Client Card", source_card(source))
	if not card.has_permission("write"):
		not_permitted()
	lock(card)  # one draft at a time for the client: a parallel call finds the first one's
	if card.party_type != "Customer":
		card.convert_to_customer()
		card.reload()
	open_contract = frappe.db.get_value(
		"Contract",
		{"party_type": "Customer", "party_name": card.party, "docstatus": 0},
		["name", "document_type", "document_name", "owner", "creation"],
		as_dict=True,
		for_update=True,  # a locking read: it sees the draft a parallel call committed
	)
	if open_contract and (open_contract.document_type, open_contract.document_name) == (
		source_doctype,
		source_name,
	):
		done_already(
			_("Contract {0} was drafted from {1} {2}").format(
				open_contract.name, _(source_doctype), source_name
			),
			open_contract.owner,
			open_contract.creation,
		)
		return open_contract.name
	if open_contract:
		open_contract = open_contract.name
		frappe.throw(
			_("Contract {0} of {1} is still being negotiated: revise it, or cancel it first.").format(
				frappe.bold(open_contract), frappe.bold(card.party_name or card.party)
			),
			title=_("Contract in Negotiation"),
		)
	contract = frappe.new_doc("Contract")
	contract.update(
		{
			"party_type": "Customer",
			"party_name": card.party,
			"client_card": card.name,
			"account_manager": card.account_manager,
			"start_date": nowdate(),
			"negotiation_status": DRAFT,
			"document_type": source_doctype,
			"document_name": source_name,
			"contract_template": contract_template,
		}
	)
	contract.contract_terms = render_terms(contract_template, contract, card, source)
	contract.flags.negotiation_status = True
	contract.insert()
	card.add_comment(
		"Info", _("Contract {0} drafted from {1} {2}").format(contract.name, _(source_doctype), source_name)
	)
	return contract.name


# the terms of a contract drafted without a template: the client's terms and the lines, to be worked on
DEFAULT_TERMS = """<h4>{{ _("Terms") }}</h4>
<ul>
{% if client.price_list %}<li>{{ _("Price List") }}: {{ client.price_list }}</li>{% endif %}
{% if client.payment_terms %}<li>{{ _("Payment Terms") }}: {{ client.payment_terms }}</li>{% endif %}
{% if client.credit_limit %}<li>{{ _("Credit Limit") }}: {{ frappe.format(client.credit_limit, "Currency") }}</li>{% endif %}
{% if client.discount_scheme %}<li>{{ _("Discount Scheme") }}: {{ client.discount_scheme }}</li>{% endif %}
{% if client.special_conditions %}<li>{{ _("Special Conditions") }}: {{ client.special_conditions }}</li>{% endif %}
</ul>
{% if lines %}<h4>{{ _("Goods") }}</h4><ul>
{% for line in lines %}<li>{{ line.item_code }}: {{ line.qty }} × {{ frappe.format(line.rate, "Currency") }}</li>{% endfor %}
</ul>{% endif %}"""


def render_terms(template: str | None, contract, card, source) -> str:
	"""The template's terms (without one, DEFAULT_TERMS) with the client's terms (`client`: the card's) and
	the offer's or quotation's lines (`lines`) filled in; `doc` is the contract, as ERPNext's own templates
	have it."""
	terms = (frappe.db.get_value("Contract Template", template, "contract_terms") if template else None) or (
		DEFAULT_TERMS
	)
	lines = [row.as_dict() for row in source.get("items") or []] if source.doctype != "Client Card" else []
	client = frappe._dict({field: card.get(field) for field in CARD_TERMS})
	client.update(party=card.party, party_name=card.party_name, segment=card.segment)
	return frappe.render_template(terms, {"doc": contract.as_dict(), "client": client, "lines": lines})


def before_validate(doc, method=None) -> None:
	"""doc_events before_validate of Contract: dates as dates. ERPNext's Contract compares end_date with
	start_date as they come; a date posted over REST is a string, the stored one a date (a TypeError)."""
	for field in ("start_date", "end_date", "fulfilment_deadline"):
		if doc.get(field):
			doc.set(field, getdate(doc.get(field)))


def guard_status(doc, method=None) -> None:
	"""doc_events validate of Contract: the negotiation status moves only by the contract's actions, the
	client card and owner come from the client (never from the request)."""
	if doc.get("party_type") == "Customer" and doc.get("party_name"):
		card = frappe.db.get_value(
			"Client Card",
			{"party_type": "Customer", "party": doc.party_name},
			["name", "account_manager"],
			as_dict=True,
		)
		doc.client_card, doc.account_manager = (card.name, card.account_manager) if card else (None, None)
	keep_terms_approval(doc)
	if doc.flags.negotiation_status or doc.flags.ignore_permissions:
		return
	before = None if doc.is_new() else doc.get_doc_before_save()
	stored = before.get("negotiation_status") if before else DRAFT
	if (doc.get("negotiation_status") or DRAFT) != (stored or DRAFT):
		frappe.throw(
			_("The negotiation status moves by the contract's actions (Send, Agreed, Sign), not by hand."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)


def guard_submit(doc, method=None) -> None:
	"""doc_events before_submit of Contract: a contract is signed by Sign, once the client agreed and the
	Sales Head approved terms beyond the standard — not by the form's Submit."""
	if not doc.flags.negotiation_status:
		frappe.throw(
			_("A contract is signed with Sign, once the client agreed to it."),
			title=_("Not Agreed"),
		)
	check_terms_approved(doc)


def _contract(name: str, ptype: str = "write"):
	if not frappe.db.exists("Contract", name):
		not_permitted()
	contract = frappe.get_doc("Contract", name)
	if not contract.has_permission(ptype):
		not_permitted()
	return lock(contract)  # one action of the contract at a time: a parallel one sees this one's effect


def _move(contract, status: str, allowed_from: tuple, **values) -> None:
	if (contract.negotiation_status or DRAFT) not in allowed_from:
		frappe.throw(
			_("Contract {0} is {1}: it cannot become {2} now.").format(
				frappe.bold(contract.name), _(contract.negotiation_status or DRAFT), _(status)
			),
			title=_("Not Now"),
		)
	set_audited(contract, {"negotiation_status": status, **values})


@frappe.whitelist()
@exactly_once
def send_contract(contract: str, recipient: str | None = None) -> str:
	"""CT2: e-mail the draft with its PDF to the client's decision maker (or the given address); the
	contract is Sent. Sending a revised draft again is allowed while it is negotiated (sent again within a
	minute or two, a double click or a retry, it is sent once)."""
	doc = _contract(contract)
	if doc.docstatus != 0:
		frappe.throw(_("Contract {0} is signed: there is nothing to send.").format(frappe.bold(doc.name)))
	check_terms_approved(doc)
	recipient = recipient or decision_maker_email(doc.party_name)
	if not recipient:
		frappe.throw(
			_("{0} has no contact with an e-mail address: add the decision maker's.").format(
				frappe.bold(doc.party_name)
			),
			title=_("No E-mail"),
		)
	repeat = recent_email("Contract", doc.name, recipient)
	if repeat:
		done_already(_("Contract {0} was sent").format(doc.name), repeat.owner, repeat.creation)
		return recipient
	subject = _("Draft contract {0}").format(doc.name)
	content = _("Please find the draft of our contract attached. We look forward to your comments.")
	email_document("Contract", doc.name, recipient, subject, content, print_format=CONTRACT_PRINT_FORMAT)
	_move(doc, SENT, (DRAFT, SENT, NEGOTIATION), sent_on=now_datetime(), sent_terms=doc.contract_terms)
	return recipient


@frappe.whitelist()
def terms_changes(contract: str) -> dict:
	"""What changed in the terms since the copy the client last received (CT2): the lines removed and added,
	as text. Nothing sent yet: `sent_on` is None and every line is new."""
	doc = _contract(contract, "read")
	if not doc.has_permlevel_access_to("sent_terms"):
		not_permitted()
	before = terms_lines(doc.get("sent_terms"))
	now = terms_lines(doc.contract_terms)
	diff = [
		line
		for line in difflib.unified_diff(before, now, lineterm="", n=1)
		if not line.startswith(("---", "+++", "@@"))
	]
	return {
		"sent_on": doc.get("sent_on"),
		"changed": any(line[:1] in "+-" for line in diff),
		"removed": [line[1:] for line in diff if line.startswith("-")],
		"added": [line[1:] for line in diff if line.startswith("+")],
	}


def terms_lines(html: str | None) -> list[str]:
	"""The terms as lines of text: one per paragraph, list item or line break."""
	text = re.sub(r"(?i)<\s*(br|/p|/li|/h\d|/div|/tr)\s*/?>", "\n", html or "")
	return [line.strip() for line in strip_html(text).splitlines() if line.strip()]


def keep_terms_version(doc, method=None) -> None:
	"""doc_events on_update of Contract: a revision of the terms text leaves a Version. Frappe's own
	Versions leave Text Editor fields out, and the terms are the contract."""
	before = doc.get_doc_before_save()
	if not before or (before.get("contract_terms") or "") == (doc.get("contract_terms") or ""):
		return
	frappe.get_doc(
		{
			"doctype": "Version",
			"ref_doctype": doc.doctype,
			"docname": doc.name,
			"data": frappe.as_json(
				{
					"changed": [["contract_terms", before.get("contract_terms"), doc.get("contract_terms")]],
					"added": [],
					"removed": [],
					"row_changed": [],
				}
			),
		}
	).insert(ignore_permissions=True)


def decision_maker_email(customer: str) -> str | None:
	"""The e-mail of the customer's decision maker, else of its primary contact, else of any contact."""
	link = frappe.qb.DocType("Dynamic Link")
	contact = frappe.qb.DocType("Contact")
	rows = (
		frappe.qb.from_(contact)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact"))
		.select(contact.email_id)
		.where((link.link_doctype == "Customer") & (link.link_name == customer) & (contact.email_id != ""))
		.orderby(contact.is_decision_maker, order=frappe.qb.desc)
		.orderby(contact.is_primary_contact, order=frappe.qb.desc)
		.run(pluck=True)
	)
	return rows[0] if rows else None


def contract_replied(communication) -> None:
	"""The client answered a contract sent to them: it is in negotiation (overrides.communication)."""
	contract = frappe.get_doc("Contract", communication.reference_name)
	if contract.docstatus == 0 and contract.negotiation_status == SENT:
		set_audited(contract, {"negotiation_status": NEGOTIATION})


@frappe.whitelist()
@exactly_once
def mark_agreed(contract: str) -> None:
	"""The client agreed to the terms as they stand."""
	doc = _contract(contract)
	if doc.negotiation_status == AGREED:
		done_already(_("Contract {0} was marked agreed").format(doc.name), doc.modified_by, doc.modified)
		return
	_move(doc, AGREED, (SENT, NEGOTIATION))


@frappe.whitelist()
@exactly_once
def sign_contract(contract: str, signee: str) -> None:
	"""The agreed contract is signed: ERPNext's signing fields, submitted; ERPNext's status runs from here."""
	doc = _contract(contract, "submit")
	if doc.docstatus == 1 and doc.negotiation_status == SIGNED:
		done_already(_("Contract {0} was signed").format(doc.name), doc.modified_by, doc.signed_on)
		return
	if (doc.negotiation_status or DRAFT) != AGREED:
		frappe.throw(
			_("Contract {0} is {1}: only an agreed contract is signed.").format(
				frappe.bold(doc.name), _(doc.negotiation_status or DRAFT)
			),
			title=_("Not Agreed"),
		)
	if not (signee or "").strip():
		frappe.throw(_("Who signed for the client?"), title=_("Signee Missing"))
	check_no_overlap(doc)
	doc.update(
		{"is_signed": 1, "signee": signee.strip(), "signed_on": now_datetime(), "negotiation_status": SIGNED}
	)
	doc.flags.negotiation_status = True
	doc.submit()
	apply_terms(doc)


def check_no_overlap(doc) -> None:
	"""Two signed contracts of one client do not run at the same time (unless Account Manager Settings allow
	it)."""
	if frappe.db.get_single_value("Account Manager Settings", "allow_overlapping_contracts"):
		return
	start, end = getdate(doc.start_date), getdate(doc.end_date) if doc.end_date else None
	for other in frappe.get_all(
		"Contract",
		filters={
			"party_type": doc.party_type,
			"party_name": doc.party_name,
			"docstatus": 1,
			"name": ("!=", doc.name),
		},
		fields=["name", "start_date", "end_date"],
	):
		other_end = getdate(other.end_date) if other.end_date else None
		if (other_end is None or start <= other_end) and (end is None or getdate(other.start_date) <= end):
			frappe.throw(
				_("Contract {0} of this client runs over the same period: end it first.").format(
					frappe.bold(other.name)
				),
				title=_("Contracts Overlap"),
			)


# -- CT3: terms beyond the segment's standard are the Sales Head's -------------------------------------

TERMS_FIELDS = ("contract_payment_terms", "contract_credit_limit", "contract_discount_percent")
APPROVAL_FIELDS = ("terms_approved_by", "terms_approved_on")


def contract_terms(doc) -> dict:
	"""The contract's terms as the standard measures them: credit limit, the longest credit days of its
	payment terms, discount."""
	days = 0
	if doc.get("contract_payment_terms"):
		days = max(
			[
				(row.credit_days or 0) + (row.credit_months or 0) * 30
				for row in frappe.get_all(
					"Payment Terms Template Detail",
					filters={"parent": doc.contract_payment_terms, "parenttype": "Payment Terms Template"},
					fields=["credit_days", "credit_months"],
				)
			]
			or [0]
		)
	return {
		"credit_limit": doc.get("contract_credit_limit"),
		"payment_days": days,
		"discount_percent": doc.get("contract_discount_percent"),
	}


def segment_standard(doc) -> dict | None:
	segment = (
		frappe.db.get_value("Client Card", doc.get("client_card"), "segment")
		if doc.get("client_card")
		else None
	)
	rows = frappe.get_all(
		"Segment Terms Standard",
		filters={"parenttype": "Account Manager Settings", "segment": segment or "C"},
		fields=["max_credit_limit", "max_payment_days", "max_discount_percent"],
		limit=1,
	)
	return rows[0] if rows else None


def terms_beyond_standard(doc) -> list[str]:
	return beyond_standard(contract_terms(doc), segment_standard(doc))


TERM_LABELS = {
	"credit_limit": "Credit Limit",
	"payment_days": "Payment Terms",
	"discount_percent": "Discount (%)",
}


def check_terms_approved(doc) -> None:
	"""A contract whose terms go beyond its client's segment's standard is sent or signed only once the
	Sales Head approved them."""
	beyond = terms_beyond_standard(doc)
	if beyond and not doc.get("terms_approved_by"):
		frappe.throw(
			_(
				"Beyond the standard of the client's segment: {0}. The Sales Head approves these terms first."
			).format(", ".join(_(TERM_LABELS[term]) for term in beyond)),
			title=_("Sales Head Approval Needed"),
		)


@frappe.whitelist()
@exactly_once
def approve_terms(contract: str) -> None:
	"""The Sales Head approves the contract's terms as they stand (who, when; on the timeline)."""
	doc = _contract(contract)
	if not may_change_terms():
		not_permitted(_("Only the Sales Head approves a contract's terms."))
	if doc.terms_approved_by:
		done_already(
			_("The terms of contract {0} were approved").format(doc.name),
			doc.terms_approved_by,
			doc.terms_approved_on,
		)
		return
	if doc.docstatus != 0:
		frappe.throw(_("Contract {0} is signed: its terms were settled.").format(frappe.bold(doc.name)))
	set_audited(doc, {"terms_approved_by": frappe.session.user, "terms_approved_on": now_datetime()})


def keep_terms_approval(doc) -> None:
	"""The approval is written only by approve_terms, and a change of the terms withdraws it."""
	before = keep_server_fields(doc, APPROVAL_FIELDS)
	if before and before.get("terms_approved_by") and changed_fields(doc, TERMS_FIELDS):
		for field in APPROVAL_FIELDS:
			doc.set(field, None)


def apply_terms(doc) -> None:
	"""Signing applies the contract's terms to the client: its card, which writes them to the ERPNext
	Customer — the Sales Head's path, as Apply Proposed Terms (within the standard, or approved)."""
	values = {}
	if doc.get("contract_payment_terms"):
		values["payment_terms"] = doc.contract_payment_terms
	if doc.get("contract_credit_limit"):
		values["credit_limit"] = doc.contract_credit_limit
	if not values or not doc.get("client_card"):
		return
	card = frappe.get_doc("Client Card", doc.client_card)
	card.update(values)
	card.flags.ignore_permissions = True  # decided: terms within the standard, or the Sales Head's approval
	card.save()
	card.add_comment("Info", _("Terms of signed contract {0} applied: {1}").format(doc.name, values))


# -- CT5: renewal ---------------------------------------------------------------------------------------


def remind_renewals() -> list[str]:
	"""Daily: a ToDo for the owning manager for each signed contract ending within the renewal days of
	Account Manager Settings and not renewed yet; once per contract (an open or closed ToDo stays)."""
	days = cint(frappe.db.get_single_value("Account Manager Settings", "contract_renewal_days")) or 30
	today = getdate(nowdate())
	renewed = set(
		frappe.get_all(
			"Contract", filters={"docstatus": ("<", 2), "renewal_of": ("is", "set")}, pluck="renewal_of"
		)
	)
	made = []
	for contract in frappe.get_all(
		"Contract",
		filters={"docstatus": 1, "end_date": ("between", [today, add_days(today, days)])},
		fields=["name", "account_manager", "party_name", "end_date"],
	):
		if contract.name in renewed or not contract.account_manager:
			continue
		todo = {
			"allocated_to": contract.account_manager,
			"reference_type": "Contract",
			"reference_name": contract.name,
		}
		if frappe.db.exists("ToDo", {**todo, "status": ("!=", "Cancelled")}):
			continue
		made.append(
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"priority": "High",
					"date": today,
					"description": _("Renew contract {0} with {1}: it ends on {2}").format(
						contract.name, contract.party_name, frappe.format_value(contract.end_date, "Date")
					),
					**todo,
				}
			)
			.insert(ignore_permissions=True)  # the scheduler's reminder to the contract's manager
			.name
		)
	return made


@frappe.whitelist()
@exactly_once
def renew_contract(contract: str) -> str:
	"""Draft the next contract from a signed one: its client, template, terms and commercial terms, from
	the day after it ends. Returns the new draft's name."""
	doc = _contract(contract, "read")
	if doc.docstatus != 1:
		frappe.throw(_("Contract {0} is not signed: revise it instead.").format(frappe.bold(doc.name)))
	renewal = frappe.db.get_value(
		"Contract", {"renewal_of": doc.name, "docstatus": ("<", 2)}, for_update=True
	)  # a locking read: it sees the renewal a parallel call committed
	if renewal:
		return renewal  # renewed already: the same draft again
	new = frappe.copy_doc(doc)
	new.update(
		{
			"renewal_of": doc.name,
			"docstatus": 0,
			"amended_from": None,
			"negotiation_status": DRAFT,
			"start_date": add_days(doc.end_date, 1) if doc.end_date else nowdate(),
			"end_date": None,
			"is_signed": 0,
			"signee": None,
			"signed_on": None,
			"document_type": None,
			"document_name": None,
		}
	)
	new.flags.negotiation_status = True
	new.insert()
	return new.name
