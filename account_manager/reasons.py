"""Why a client is to be contacted next (the card's *Why*, the Follow-up Queue's reason), in the reader's
language (issue 27 item 4).

A reason the app writes (a call that set the next contact, a new number calling) is stored as a code with
its parameters in `next_contact_reason_code`, and rendered with `_()` when it is read: a Polish reader sees
Polish whoever logged the call, and in whatever language. The text in `next_contact_reason` stays (the
desk's search and older readers use it); a reason the manager types by hand has no code and is shown as
typed. The notes of a call are the manager's own words, shown as written."""

import json

import frappe
from frappe import _

CALL, NEW_NUMBER = "call", "new_number"
CODE_FIELD = "next_contact_reason_code"


def encode(code: str, **params) -> str:
	return json.dumps({"code": code, **params}, sort_keys=True, default=str)


def call_reason(purpose: str | None, call_date, notes: str | None, outcome: str | None) -> str:
	return encode(CALL, purpose=purpose or "", date=str(call_date), notes=notes or "", outcome=outcome or "")


def new_number_reason(phone: str) -> str:
	return encode(NEW_NUMBER, phone=phone)


def render(code: str | None, text: str | None = None) -> str:
	"""The reason in the session's language: from its code when it has one, else the stored text."""
	try:
		data = json.loads(code) if code else None
	except ValueError:
		data = None
	if not isinstance(data, dict):
		return text or ""
	if data.get("code") == CALL:
		return _("{0} call of {1}: {2}").format(
			_(data.get("purpose") or "", context="Client Call"),
			frappe.format_value(data.get("date"), "Date"),
			data.get("notes") or _(data.get("outcome") or "", context="Client Call"),
		)
	if data.get("code") == NEW_NUMBER:
		return _("New number: {0}").format(data.get("phone") or "")
	return text or ""


def reason_values(code: str) -> dict:
	"""The card's values for a reason the app writes: its code, and its text in the writer's language."""
	return {CODE_FIELD: code, "next_contact_reason": render(code)}
