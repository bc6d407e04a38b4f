"""OF6: a call the telephone system records becomes the client's Client Call.

Any telephony integration writes ERPNext's Call Log (a row when the phone rings, updated when the call
ends). When the call has ended, the number of the other side is matched to a contact (or a lead) of a
client card, spelt however it was typed (+48, spaces, dashes); the Client Call is the card owner's (the
call counts for the owner's quota, and it never lands in the list of a manager who took a call of
another manager's client), or, for a client nobody holds, of the user who took the call. Direction,
time and duration come from the Call Log; the manager adds purpose and outcome (report Calls Without
Outcome). A number no card knows is given to the user who took it, who makes it a New Prospect in one
click (api.prospect_from_call)."""

import frappe
from frappe import _
from frappe.desk.form.assign_to import close_all_assignments
from frappe.query_builder import CustomFunction
from frappe.utils import format_datetime, get_datetime, get_fullname, now_datetime

from erpnext.telephony.doctype.call_log.call_log import END_CALL_STATUSES

from account_manager.api import new_prospect_card
from account_manager.concurrency import exactly_once, lock_row
from account_manager.erp.contacts import party_contact_rows
from account_manager.permissions import not_permitted, visible_owners
from account_manager.rules import phone
from account_manager.utils import assign, set_audited

# a call that ended without a conversation: its outcome is known without the manager
NOT_ANSWERED = ("No Answer", "Busy", "Failed")
RegexpReplace = CustomFunction("REGEXP_REPLACE", ["text", "pattern", "replacement"])


def on_update(doc, method=None):
	"""Call Log on_update (also run on insert): once the call has ended, its Client Call."""
	if doc.status not in END_CALL_STATUSES:
		return
	savepoint = "am_call_log"
	frappe.db.savepoint(savepoint)
	try:
		record_call(doc)
	except Exception:
		# never stop the telephone system's record; nothing of the app is half-written
		frappe.db.rollback(save_point=savepoint)
		frappe.log_error(title=_("Client Call for Call Log {0} failed").format(doc.name))


def record_call(doc):
	existing = frappe.db.get_value("Client Call", {"call_log": doc.name}, ["name", "duration"], as_dict=True)
	if existing:
		if doc.duration and doc.duration != existing.duration:  # the integration sends it later
			set_audited(frappe.get_doc("Client Call", existing.name), {"duration": doc.duration})
		return
	number = other_party_number(doc)
	taker = call_taker(doc)
	card = card_for_number(number, prefer=taker)
	if card:
		make_client_call(doc, card, taker, number)
	elif taker and number:
		tell_about_unknown_number(doc, number, taker)


def other_party_number(doc) -> str | None:
	return doc.get("from") if doc.type == "Incoming" else doc.get("to")


def call_taker(doc) -> str | None:
	"""The user who took (or made) the call: the Call Log's employee user, else the user of the employee
	who received it."""
	if doc.employee_user_id:
		return doc.employee_user_id
	if doc.call_received_by:
		return frappe.db.get_value("Employee", doc.call_received_by, "user_id")
	return None


def cards_for_number(number: str | None) -> list[frappe._dict]:
	"""Client cards whose contacts (or whose lead) have the number, in any spelling."""
	tail = phone.national_tail(number)
	if len(tail) < phone.NATIONAL_LENGTH:
		return []
	parties = set()
	query, contact_phone, link = party_contact_rows("Contact Phone")
	rows = (
		query.select(contact_phone.phone, link.link_doctype, link.link_name)
		.where(RegexpReplace(contact_phone.phone, "[^0-9]", "").like(f"%{tail}"))
		.run(as_dict=True)
	)
	parties.update((r.link_doctype, r.link_name) for r in rows if phone.same_number(r.phone, number))
	lead = frappe.qb.DocType("Lead")
	for field in ("phone", "mobile_no"):
		rows = (
			frappe.qb.from_(lead)
			.select(lead.name, lead[field].as_("number"))
			.where(RegexpReplace(lead[field], "[^0-9]", "").like(f"%{tail}"))
			.run(as_dict=True)
		)
		parties.update(("Lead", r.name) for r in rows if phone.same_number(r.number, number))
	if not parties:
		return []
	card = frappe.qb.DocType("Client Card")
	condition = None
	for party_type, party in parties:
		term = (card.party_type == party_type) & (card.party == party)
		condition = term if condition is None else condition | term
	return (
		frappe.qb.from_(card)
		.select(card.name, card.account_manager)
		.where(condition)
		.orderby(card.creation)
		.run(as_dict=True)
	)


def card_for_number(number: str | None, prefer: str | None = None) -> frappe._dict | None:
	"""The card of the number: of the user who took the call if one is theirs, else one that has an
	owner, else any."""
	cards = cards_for_number(number)
	for choose in (lambda c: prefer and c.account_manager == prefer, lambda c: c.account_manager, bool):
		for card in cards:
			if choose(card):
				return card
	return None


def make_client_call(doc, card, taker: str | None, number: str | None):
	call = frappe.get_doc(
		{
			"doctype": "Client Call",
			"client_card": card.name,
			# the client's owner's call: it counts for their quota and shows in their list only
			"account_manager": card.account_manager or taker,
			"call_time": min(get_datetime(doc.start_time or doc.creation or now_datetime()), now_datetime()),
			"direction": "Outgoing" if doc.type == "Outgoing" else "Incoming",
			"duration": doc.duration,
			"phone": number,
			"call_log": doc.name,
			"outcome": "No Answer" if doc.status in NOT_ANSWERED else None,
		}
	)
	call.flags.ignore_permissions = True  # the telephone system's record, attributed by the server
	call.insert()
	return call


def tell_about_unknown_number(doc, number: str, taker: str):
	"""The user who took a call from a number no card knows gets a ToDo: make it a New Prospect."""
	assign(
		"Call Log",
		doc.name,
		[taker],
		_("Call from an unknown number {0}: make it a New Prospect (report Calls Without Outcome).").format(
			number
		),
	)


@frappe.whitelist()
@exactly_once
def prospect_from_call(call_log: str, client_name: str) -> dict:
	"""One click on a call from an unknown number: a Prospect with the number as its contact, its client
	card (the caller's), and the call as the card's Client Call. For the user who took the call, their
	deputy and the Sales Head."""
	if not frappe.db.exists("Call Log", call_log):
		not_permitted()
	doc = frappe.get_doc("Call Log", call_log)
	taker = call_taker(doc)
	owners = visible_owners()
	if owners is not None and taker not in owners:
		not_permitted()
	# one at a time per call, and a locking read: it sees the client call a parallel request committed
	lock_row("Call Log", call_log)
	existing = frappe.db.get_value(
		"Client Call",
		{"call_log": call_log},
		["name", "client_card", "owner", "creation"],
		as_dict=True,
		for_update=True,
	)
	if existing:
		frappe.throw(
			_("This call is already Client Call {0}, logged by {1} on {2}.").format(
				frappe.bold(existing.name), get_fullname(existing.owner), format_datetime(existing.creation)
			),
			title=_("Already Logged"),
		)
	client_name = (client_name or "").strip()
	if not client_name:
		frappe.throw(_("Give the name of the new client."), title=_("Client Missing"))
	number = other_party_number(doc)
	card = frappe.get_doc("Client Card", new_prospect_card(client_name, number))
	if number:
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": client_name,
				"phone_nos": [{"phone": number, "is_primary_phone": 1}],
				"links": [{"link_doctype": "Prospect", "link_name": card.party}],
			}
		)
		# ERPNext links a new contact's earlier calls and commits on its own: the call is linked here,
		# in this transaction
		contact.flags.ignore_auto_link_call_log = True
		contact.insert(ignore_permissions=True)  # the contact of the caller's new card
	call = make_client_call(doc, card, taker, number)
	if number:
		doc.add_link(link_type="Contact", link_name=contact.name)
	doc.add_link(link_type="Prospect", link_name=card.party)
	doc.save(ignore_permissions=True)
	close_all_assignments("Call Log", call_log, ignore_permissions=True)
	return {"client_card": card.name, "client_call": call.name}
