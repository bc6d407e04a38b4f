"""The Follow-up Queue's reasons written before they were codes (issue 27): a card's reason that a call
wrote gets the code of that call (its latest call setting the card's next contact date), one a new number
wrote gets the number's code; shown from then on in the reader's language. A reason typed by hand stays as
typed."""

import re

import frappe

from account_manager import reasons

# "New number: {0}" as the app's languages wrote it
NEW_NUMBER = re.compile(r"^(?:New number|Nowy numer): (.+)$")


def execute():
	card = frappe.qb.DocType("Client Card")
	cards = (
		frappe.qb.from_(card)
		.select(card.name, card.next_contact_date, card.next_contact_reason)
		.where(
			card.next_contact_reason.isnotnull()
			& (card.next_contact_reason != "")
			& (card.next_contact_reason_code.isnull() | (card.next_contact_reason_code == ""))
		)
		.run(as_dict=True)
	)
	for row in cards:
		code = code_of(row)
		if code:
			frappe.db.set_value("Client Card", row.name, reasons.CODE_FIELD, code, update_modified=False)


def code_of(row) -> str | None:
	number = NEW_NUMBER.match(row.next_contact_reason or "")
	if number:
		return reasons.new_number_reason(number.group(1))
	if not row.next_contact_date:
		return None
	call = frappe.get_all(
		"Client Call",
		filters={"client_card": row.name, "next_contact_date": row.next_contact_date},
		fields=["purpose", "call_time", "notes", "outcome"],
		order_by="call_time desc",
		limit=1,
	)
	if not call:
		return None
	call = call[0]
	# only a reason that call wrote (its notes, or its outcome when it had none, end the text)
	ending = call.notes or ""
	if ending and not (row.next_contact_reason or "").endswith(ending):
		return None
	return reasons.call_reason(call.purpose, frappe.utils.getdate(call.call_time), call.notes, call.outcome)
