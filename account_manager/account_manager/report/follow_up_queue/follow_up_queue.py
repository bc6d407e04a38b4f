# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Whom to contact next (CB7): planned contacts, sent offers waiting for an answer, due collection steps,
unconfirmed settlement reconciliations, late orders (OF7), contracts ending soon and contracts at risk
(CT5), from the portfolios the user may see. The queue is worked where it is (issue 27): each row's call is
logged from it (`log_call`), and the row that is done leaves it."""

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import add_days, cint, flt, get_datetime, getdate, nowdate

from account_manager import reasons
from account_manager.account_manager.report.columns import column
from account_manager.contract_performance import MEASURED_FIELDS, measures
from account_manager.erp import sales
from account_manager.permissions import check_manager_filter, not_permitted, visible_owners
from account_manager.rules.collection import call_outcome_of_step


def execute(filters: dict | None = None):
	return get_columns(), get_data(frappe._dict(filters or {}))


def get_columns() -> list[dict]:
	return [
		column(_("Due"), "due_date", "Date", 110),
		column(_("Client"), "party_name", "Data", 200),
		# the row's buttons (Log Call, New Offer, Send), drawn by the report's script: in sight at 1440 px
		column(_("Actions", context="Follow-up Queue"), "actions", "Data", 330),
		column(_("Why"), "reason", "Data", 280),
		column(_("Source"), "source", "Data", 130),
		column(_("Client Card"), "client_card", "Link", 110, "Client Card"),
		column(_("Document"), "document", "Dynamic Link", 140, "document_type"),
		column(_("Account Manager"), "account_manager", "Link", 170, "User"),
	]


def get_data(filters) -> list[dict]:
	check_manager_filter(filters.get("account_manager"))  # filters narrow, never widen
	until = getdate(filters.to_date or add_days(nowdate(), 7))
	rows = []
	for source in SOURCES:
		rows.extend(source(filters, until))
	return sorted(rows, key=lambda r: (getdate(r["due_date"] or until), r["party_name"] or ""))


def planned_contacts(filters, until) -> list[dict]:
	# "is set" too: Frappe compares an empty date as 0001-01-01, and a card with no contact planned is no row
	conditions = [["next_contact_date", "is", "set"], ["next_contact_date", "<=", until]]
	if filters.account_manager:
		conditions.append(["account_manager", "=", filters.account_manager])
	# get_list: the user's portfolio only
	cards = frappe.get_list(
		"Client Card",
		filters=conditions,
		fields=[
			"name",
			"party_name",
			"account_manager",
			"next_contact_date",
			"next_contact_reason",
			"next_contact_reason_code",
		],
	)
	return [
		{
			"due_date": card.next_contact_date,
			"client_card": card.name,
			"party_name": card.party_name,
			"account_manager": card.account_manager,
			"source": _("Planned Contact"),
			"reason": reasons.render(card.next_contact_reason_code, card.next_contact_reason),
			"document_type": "Client Card",
			"document": card.name,
		}
		for card in cards
	]


def open_offers(filters, until) -> list[dict]:
	"""Offers sent (or in negotiation) without an answer for the follow-up age of the settings."""
	days = cint(frappe.db.get_single_value("Account Manager Settings", "offer_follow_up_days")) or 3
	conditions = {"status": ("in", ["Sent", "Negotiation"]), "sent_on": ("<=", add_days(until, -days))}
	if filters.account_manager:
		conditions["account_manager"] = filters.account_manager
	offers = frappe.get_list(
		"Commercial Offer",
		filters=conditions,
		fields=["name", "client_card", "party_name", "account_manager", "sent_on", "status", "channel"],
	)
	# an offer followed up by a call is due again the follow-up days after that call
	followed_up = last_calls([offer.name for offer in offers])
	for offer in offers:
		# an offer marked sent without its time (set by hand) counts from today, as before
		since = [get_datetime(when) for when in (offer.sent_on, followed_up.get(offer.name)) if when]
		offer.due_date = getdate(add_days(max(since) if since else nowdate(), days))
	return [
		{
			"due_date": offer.due_date,
			"client_card": offer.client_card,
			"party_name": offer.party_name,
			"account_manager": offer.account_manager,
			"source": _("Open Offer"),
			"reason": _("{0} offer {1} since {2}: ask for an answer").format(
				_(offer.channel), _(offer.status).lower(), frappe.format_value(getdate(offer.sent_on), "Date")
			),
			"document_type": "Commercial Offer",
			"document": offer.name,
			"status": offer.status,
		}
		for offer in offers
		if offer.due_date <= until
	]


def last_calls(offers: list[str]) -> dict:
	"""Offer -> the time of its last follow-up call (a Client Call naming it, made after it was sent)."""
	if not offers:
		return {}
	call = frappe.qb.DocType("Client Call")
	rows = (
		frappe.qb.from_(call)
		.select(call.commercial_offer, Max(call.call_time))
		.where(call.commercial_offer.isin(offers) & (call.purpose == "Follow-up"))
		.groupby(call.commercial_offer)
		.run()
	)
	return {offer: get_datetime(when) for offer, when in rows}


def collection_steps(filters, until) -> list[dict]:
	"""Steps of open collection plans that are due by the date."""
	conditions = [
		["Collection Plan", "status", "=", "Open"],
		["Collection Plan Step", "status", "in", ["Pending", "Due"]],
		["Collection Plan Step", "due_date", "<=", until],
	]
	if filters.account_manager:
		conditions.append(["Collection Plan", "account_manager", "=", filters.account_manager])
	steps = frappe.get_list(
		"Collection Plan",
		filters=conditions,
		fields=[
			"name",
			"customer",
			"customer_name",
			"account_manager",
			"`tabCollection Plan Step`.due_date as due_date",
			"`tabCollection Plan Step`.action as action",
			"`tabCollection Plan Step`.name as step",
		],
	)
	cards = cards_of([s.customer for s in steps])
	return [
		{
			"due_date": step.due_date,
			"client_card": cards.get(step.customer),
			"party_name": step.customer_name,
			"account_manager": step.account_manager,
			"source": _("Collection"),
			"reason": _("Collection step: {0}").format(_(step.action, context="Collection Plan Step")),
			"document_type": "Collection Plan",
			"document": step.name,
			"step": step.step,
		}
		for step in steps
	]


def reconciliations(filters, until) -> list[dict]:
	"""Settlement reconciliations not yet sent, or sent and not answered."""
	conditions = {"status": ("in", ["Draft", "Sent"]), "to_date": ("<=", until)}
	if filters.account_manager:
		conditions["account_manager"] = filters.account_manager
	rows = frappe.get_list(
		"Settlement Reconciliation",
		filters=conditions,
		fields=["name", "customer", "customer_name", "account_manager", "to_date", "status"],
	)
	cards = cards_of([r.customer for r in rows])
	return [
		{
			"due_date": getdate(row.to_date),
			"client_card": cards.get(row.customer),
			"party_name": row.customer_name,
			"account_manager": row.account_manager,
			"source": _("Reconciliation"),
			"reason": _("Settlement statement to {0} ({1})").format(
				frappe.format_value(getdate(row.to_date), "Date"),
				_("send it") if row.status == "Draft" else _("ask for confirmation"),
			),
			"document_type": "Settlement Reconciliation",
			"document": row.name,
			"status": row.status,
		}
		for row in rows
	]


def late_orders(filters, until) -> list[dict]:
	"""Sales Orders past their delivery date and not delivered in full: the client is told before they ask."""
	owners = [filters.account_manager] if filters.account_manager else visible_owners()
	return [
		{
			"due_date": getdate(order.delivery_date),
			"client_card": order.client_card,
			"party_name": order.customer_name,
			"account_manager": order.account_manager,
			"source": _("Late Order"),
			"reason": _("Late order: tell the client (due {0}, {1}% delivered)").format(
				frappe.format_value(getdate(order.delivery_date), "Date"), flt(order.per_delivered, 0)
			),
			"document_type": "Sales Order",
			"document": order.name,
		}
		for order in sales.late_orders(getdate(nowdate()), owners=owners)
	]


def contracts_ending(filters, until) -> list[dict]:
	"""Signed contracts ending within the renewal days of Account Manager Settings (CT5): time to draft the
	next one (Renew on the contract)."""
	days = cint(frappe.db.get_single_value("Account Manager Settings", "contract_renewal_days")) or 30
	conditions = {
		"docstatus": 1,
		"party_type": "Customer",
		"end_date": ("between", [getdate(nowdate()), add_days(max(until, getdate(nowdate())), days)]),
	}
	if filters.account_manager:
		conditions["account_manager"] = filters.account_manager
	renewed = set(
		frappe.get_all(
			"Contract", filters={"docstatus": ("<", 2), "renewal_of": ("is", "set")}, pluck="renewal_of"
		)
	)
	return [
		{
			"due_date": add_days(getdate(contract.end_date), -days),
			"client_card": contract.client_card,
			"party_name": contract.party_name,
			"account_manager": contract.account_manager,
			"source": _("Contract", context="Follow-up Queue"),
			"reason": _("Contract ends on {0}: draft its renewal").format(
				frappe.format_value(getdate(contract.end_date), "Date")
			),
			"document_type": "Contract",
			"document": contract.name,
		}
		# get_list: the contracts of the user's portfolios only
		for contract in frappe.get_list(
			"Contract",
			filters=conditions,
			fields=["name", "client_card", "party_name", "account_manager", "end_date"],
		)
		if contract.name not in renewed
	]


def contracts_at_risk(filters, until) -> list[dict]:
	"""Running contracts at risk (CT5): a fulfilment deadline passed or near with the checklist not done,
	orders or payments late, turnover behind the committed pace (Contract Performance has the figures)."""
	conditions = {"docstatus": 1, "party_type": "Customer", "status": "Active"}
	if filters.account_manager:
		conditions["account_manager"] = filters.account_manager
	# get_list: the contracts of the user's portfolios only
	contracts = frappe.get_list(
		"Contract",
		filters=conditions,
		fields=list(MEASURED_FIELDS),
	)
	if not contracts:
		return []
	measured = measures(contracts)
	today = getdate(nowdate())
	return [
		{
			"due_date": min(getdate(c.fulfilment_deadline), today) if c.fulfilment_deadline else today,
			"client_card": c.client_card,
			"party_name": frappe.db.get_value("Customer", c.party_name, "customer_name") or c.party_name,
			"account_manager": c.account_manager,
			"source": _("Contract", context="Follow-up Queue"),
			"reason": _("Contract at risk: {0}").format(measured[c.name]["why"]),
			"document_type": "Contract",
			"document": c.name,
		}
		for c in contracts
		if measured[c.name]["risks"]
	]


def cards_of(customers: list[str]) -> dict[str, str]:
	if not customers:
		return {}
	return dict(
		frappe.get_all(
			"Client Card",
			filters={"party_type": "Customer", "party": ("in", list(set(customers)))},
			fields=["party", "name"],
			as_list=True,
		)
	)


# Each source gives rows of whom to contact by a date.
SOURCES = [
	planned_contacts,
	open_offers,
	collection_steps,
	reconciliations,
	late_orders,
	contracts_ending,
	contracts_at_risk,
]


# -- working the queue ---------------------------------------------------------------------------------

# the purpose of a call made for a row of the queue, by the row's document
CALL_PURPOSE = {
	"Collection Plan": "Collection",
	"Settlement Reconciliation": "Reconciliation",
	"Commercial Offer": "Follow-up",
}


# the outcomes of a call that meets the planned contact it was made for (a "call back" or no answer does not)
PLANNED_CONTACT_MET = ("Reached", "Interested", "Not Interested", "Offer Made", "Agreed")


def meet_planned_contact(client_card: str):
	"""The planned contact of the card took place and the call planned none after it: the card leaves the
	queue (with a Version of the change, as the call's own change of the card)."""
	from account_manager.utils import set_audited

	if frappe.db.get_value("Client Card", client_card, "next_contact_date"):
		set_audited(
			frappe.get_doc("Client Card", client_card),
			{"next_contact_date": None, "next_contact_reason": None},
		)


@frappe.whitelist(methods=["POST"])
def log_call(
	client_card: str,
	outcome: str,
	notes: str | None = None,
	next_contact_date: str | None = None,
	document_type: str | None = None,
	document: str | None = None,
	step: str | None = None,
	request_key: str | None = None,
) -> dict:
	"""Log the call made for a row of the queue, in one go: the Client Call (its purpose from the row; a
	call about an offer names it), and for a collection step the step's outcome, which closes the step
	(`outcome` is then one of the step's outcomes, and the call's follows from it). The done row leaves the
	queue: the step is closed, the planned contact is met, the offer is due again only after the follow-up
	days. `request_key` makes a repeat harmless (account_manager.api.log_call)."""
	from account_manager import api

	plan = None
	call_outcome = outcome
	if document_type == "Collection Plan":
		plan = frappe.get_doc("Collection Plan", document) if document else None
		card = plan and frappe.db.get_value(
			"Client Card", {"party_type": "Customer", "party": plan.customer}, "name"
		)
		if not plan or card != client_card or not any(s.name == step for s in plan.steps):
			not_permitted(_("This collection step is not a step of the client's plan."))
		plan.check_permission("write")
		options = frappe.get_meta("Collection Plan Step").get_options("outcome").split("\n")
		if outcome not in options or not outcome:
			frappe.throw(
				_("{0} is not a known outcome.").format(frappe.bold(outcome)), title=_("Invalid Outcome")
			)
		call_outcome = call_outcome_of_step(outcome)
	fields = {
		"purpose": CALL_PURPOSE.get(document_type, "Follow-up"),
		"outcome": call_outcome,
		"notes": notes,
		"next_contact_date": next_contact_date or None,
	}
	if document_type == "Commercial Offer" and document:
		fields["commercial_offer"] = document  # the call checks that it is the client's offer
	logged = api.log_call(client_card=client_card, request_key=request_key, **fields)
	if document_type == "Client Card" and not next_contact_date and call_outcome in PLANNED_CONTACT_MET:
		meet_planned_contact(client_card)
	if plan:
		plan.reload()
		row = next(s for s in plan.steps if s.name == step)
		if row.status not in ("Done", "Cancelled"):
			plan.log_outcome(step, outcome, notes)
	return logged
