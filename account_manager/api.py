"""Whitelisted methods for the desk and for integrators over REST (/api/method/account_manager.api.*).

Those that only read (`@whitelisted_read`, which applies `replica_read`) may be answered by the site's
read replica (docs/replica.md)."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from account_manager import reasons
from account_manager.concurrency import done_already, exactly_once, lock_row, recent_email
from account_manager.debt import approve_order, request_approval
from account_manager.erp.stock import check_availability as check
from account_manager.kpi import progress
from account_manager.permissions import (
	can_see_party,
	check_desk_user,
	check_manager_filter,
	check_party,
	is_bound,
	not_permitted,
	party_owner,
)
from account_manager.replica import whitelisted_read
from account_manager.utils import default_company, email_document, render_email_template


@whitelisted_read
def client_status(party_type: str, party: str) -> dict:
	"""Live receivables, scores and debt verdict of a client, from its Client Card.

	Returns {outstanding, overdue, oldest_overdue_days, credit_limit, credit_used, reliability_score,
	timeliness_score, owner, blocked, reasons, ...}. The caller must be allowed to read the card."""
	if party_type not in ("Customer", "Lead", "Prospect"):
		frappe.throw(_("Party Type must be Customer, Lead or Prospect."), title=_("Invalid Party Type"))
	# "does not exist", "has no card" and "not yours" get one and the same answer: a caller learns nothing
	# of a party it may not see
	card_name = frappe.db.get_value("Client Card", {"party_type": party_type, "party": party})
	if card_name:
		card = frappe.get_doc("Client Card", card_name)
		visible = frappe.has_permission("Client Card", "read", doc=card)
	else:  # a party without its card yet: its status all the same, to whoever may see the party
		visible = frappe.db.exists(party_type, party) and can_see_party(party_type, party)
		card = unsaved_card(party_type, party) if visible else None
	if not visible:
		not_permitted(
			_("{0} {1} is not a client of your portfolio, or does not exist.").format(
				_(party_type), frappe.bold(party)
			)
		)
	return card.get_status()


def unsaved_card(party_type: str, party: str):
	"""The card a party would have, for its live status (nothing is saved)."""
	card = frappe.new_doc("Client Card")
	card.update({"party_type": party_type, "party": party, "account_manager": party_owner(party_type, party)})
	card.company = default_company()
	card.load_customer_terms()
	return card


@frappe.whitelist()
@exactly_once
def send_greeting(client_card: str, contact: str, email_template: str) -> str:
	"""E-mail a greeting from an Email Template to a contact of the client; it lands on the card's timeline.
	The same greeting again within a minute or two (a double click, a retry) is sent once."""
	card = frappe.get_doc("Client Card", client_card)
	card.check_permission("write")
	lock_row("Client Card", card.name)  # parallel greetings of the client wait for each other
	linked = frappe.db.exists(
		"Dynamic Link",
		{
			"parenttype": "Contact",
			"parent": contact,
			"link_doctype": card.party_type,
			"link_name": card.party,
		},
	)
	if not linked:
		frappe.throw(
			_("{0} is not a contact of {1}.").format(frappe.bold(contact), frappe.bold(card.party_name))
		)
	contact_doc = frappe.get_doc("Contact", contact)
	if not contact_doc.email_id:
		frappe.throw(_("{0} has no e-mail address.").format(frappe.bold(contact_doc.full_name or contact)))
	subject, content = render_email_template(
		email_template, {"contact": contact_doc, "client_card": card, "party_name": card.party_name}
	)
	repeat = recent_email("Client Card", card.name, contact_doc.email_id)
	if repeat:
		done_already(
			_("The greeting was sent to {0}").format(contact_doc.email_id), repeat.owner, repeat.creation
		)
		return repeat.name
	return email_document("Client Card", card.name, contact_doc.email_id, subject, content)


@frappe.whitelist()
@exactly_once
def log_call(
	client_card: str | None = None,
	client_name: str | None = None,
	phone: str | None = None,
	request_key: str | None = None,
	**fields,
) -> dict:
	"""Log a Client Call. For a new number give `client_name` (and `phone`) instead of `client_card`:
	a Prospect and its client card are made on the spot, owned by the caller.

	Takes the Client Call fields as keyword arguments: direction, purpose, outcome, offer_made,
	duration (seconds), call_time, notes, next_contact_date, call_log. `request_key`, a key the caller
	makes once per call it logs (a UUID), makes a repeat harmless: the same key again (a retry after a
	timeout, a double click) answers with the call logged the first time, and logs nothing more."""
	fields.pop("cmd", None)
	fields.pop("request_key", None)
	if request_key:
		# one call of the card at a time while a key is checked: parallel repeats (a double click, a
		# retry) wait here, then find the first one's call instead of racing it to the unique key
		if client_card:
			frappe.db.get_value("Client Card", client_card, "name", for_update=True)
		logged = logged_call(request_key, for_update=True)
		if logged:
			return logged
	allowed = {df.fieldname for df in frappe.get_meta("Client Call").fields}
	unknown = sorted(set(fields) - allowed)
	if unknown:
		frappe.throw(_("Unknown Client Call fields: {0}").format(", ".join(unknown)), title=_("Invalid Call"))
	new_card = not client_card
	if new_card:
		if not client_name:
			frappe.throw(_("Give the client card, or the name of the new client."), title=_("Client Missing"))
		client_card = new_prospect_card(client_name, phone)
	call = frappe.get_doc(
		{
			"doctype": "Client Call",
			"client_card": client_card,
			"phone": phone,
			"request_key": request_key or None,
			**fields,
		}
	)
	# the new number's card waits in the queue to be worked: this call planned it, it did not meet it
	call.flags.new_card = new_card
	frappe.db.savepoint("log_call")  # a duplicate key leaves the transaction alive
	try:
		call.insert()
	except frappe.UniqueValidationError:
		# the same key logged at the same moment by a parallel request: that one is the call
		frappe.db.rollback(save_point="log_call")
		# a locking read: it sees the call the other request committed, which this one's snapshot does not
		logged = logged_call(request_key, for_update=True) if request_key else None
		if not logged:
			raise
		return logged
	return {"name": call.name, "client_card": client_card}


def logged_call(request_key: str, for_update: bool = False) -> dict | None:
	"""The call the user logged with this request key; a key another user used is refused."""
	call = frappe.db.get_value(
		"Client Call",
		{"request_key": request_key},
		["name", "client_card", "owner"],
		as_dict=True,
		for_update=for_update,
	)
	if not call:
		return None
	if call.owner != frappe.session.user:
		frappe.throw(
			_("This request key was used for another call: make a new key for each call you log."),
			title=_("Request Key Used"),
		)
	return {"name": call.name, "client_card": call.client_card}


def new_prospect_card(client_name: str, phone: str | None = None) -> str:
	"""A Prospect for a number that is not a client yet, with its card owned by the calling manager."""
	frappe.has_permission("Client Card", "create", throw=True)
	prospect = frappe.get_doc({"doctype": "Prospect", "company_name": client_name})
	prospect.flags.client_card = True  # its card is made here, owned by the caller
	prospect.insert(ignore_permissions=True)
	card = frappe.get_doc(
		{
			"doctype": "Client Card",
			"party_type": "Prospect",
			"party": prospect.name,
			"account_manager": frappe.session.user if is_bound() else None,  # the Sales Head's: the pool
			**(reasons.reason_values(reasons.new_number_reason(phone)) if phone else {}),
			# a new number of the caller's own is in their queue today (who is it, what do they need); one
			# the Sales Head logged goes to the pool, into no manager's queue
			**({"next_contact_date": nowdate()} if phone and is_bound() else {}),
		}
	)
	card.insert()
	return card.name


@whitelisted_read
def manager_progress(user: str | None = None, date: str | None = None) -> dict:
	"""Today's (or the date's) calls, e-mail offers and phone offers of a manager against the daily
	quotas of their KPI plan: {calls: {actual, target, met}, email_offers: ..., phone_offers: ...}."""
	check_desk_user()
	user = user or frappe.session.user
	check_manager_filter(user)
	return progress(user, getdate(date or nowdate()))


@whitelisted_read
def check_availability(items: str | list, customer: str | None = None, company: str | None = None) -> list:
	"""The out-of-stock rule for lines that need no offer yet (OS1-OS3).

	`items`: [{"item_code": ..., "qty": ...}] (a JSON string over REST). Returns per line {item_code, qty,
	available_qty, verdict, expected_date, expected_source, alternatives: [{item_code, available_qty}]}.
	Stock is counted over the warehouses serving clients of the company (the customer's card's company,
	else the user's default company)."""
	if not frappe.has_permission("Item", "read"):
		frappe.throw(_("You may not read items."), exc=frappe.PermissionError)
	items = frappe.parse_json(items) if isinstance(items, str) else items
	if not isinstance(items, list) or not items:
		frappe.throw(_('Give the items as a list: [{"item_code": "...", "qty": 1}].'), title=_("No Items"))
	if customer:
		check_party("Customer", customer)  # "not there" and "not yours" answer alike
		company = company or frappe.db.get_value(
			"Client Card", {"party_type": "Customer", "party": customer}, "company"
		)
	company = company or default_company()
	if not company or not frappe.db.exists("Company", company):
		frappe.throw(
			_("Company {0} does not exist.").format(frappe.bold(company or "")), exc=frappe.DoesNotExistError
		)
	return [
		{
			"item_code": line["item_code"],
			"qty": line["qty"],
			"available_qty": line["available_qty"],
			"verdict": line["verdict"],
			"expected_date": line["expected_date"],
			"expected_source": line["expected_source"],
			"alternatives": [
				{"item_code": a["item_code"], "available_qty": a["available_qty"]}
				for a in line["alternatives"]
			],
		}
		for line in check(items, company)
	]


@frappe.whitelist(methods=["POST"])
@exactly_once
def request_goods(offer: str) -> str | None:
	"""Raise the goods request of a Commercial Offer (OS4): one Material Request for the shortfall of its
	short lines; calling it again makes no second one. Returns the Material Request's name."""
	return frappe.get_doc("Commercial Offer", offer).request_goods()


@frappe.whitelist(methods=["POST"])
@exactly_once
def approve_debt_order(sales_order: str) -> dict:
	"""The Sales Head lets a draft Sales Order of a client in debt be submitted (DR1); who and when
	are recorded on the order. Refused to anyone without the Sales Head role."""
	return approve_order(sales_order)


@frappe.whitelist(methods=["POST"])
@exactly_once
def request_debt_approval(sales_order: str) -> list[str]:
	"""A manager asks the Sales Head to approve a draft Sales Order of a client in debt (DR1): the order
	is assigned to every Sales Head with the reasons. Returns the Sales Heads asked."""
	return request_approval(sales_order)
