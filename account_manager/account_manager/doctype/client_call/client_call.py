# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_to_date, flt, get_datetime, getdate, now_datetime

from account_manager import ownership, reasons
from account_manager.permissions import is_bound
from account_manager.utils import set_audited

# Outcomes that mean the client was actually talked to (a "no answer" is not a contact)
CONTACT_OUTCOMES = ("Reached", "Call Back", "Interested", "Not Interested", "Offer Made", "Agreed")


class ClientCall(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link | None
		call_log: DF.Link | None
		call_time: DF.Datetime
		client_card: DF.Link
		commercial_offer: DF.Link | None
		direction: DF.Literal["Outgoing", "Incoming"]
		duration: DF.Duration | None
		next_contact_date: DF.Date | None
		notes: DF.SmallText | None
		offer_made: DF.Check
		outcome: DF.Literal[
			"", "Reached", "No Answer", "Call Back", "Interested", "Not Interested", "Offer Made", "Agreed"
		]
		party_name: DF.Data | None
		phone: DF.Data | None
		purpose: DF.Literal[
			"Prospecting", "Offer", "Follow-up", "Collection", "Reconciliation", "Greeting", "Complaint"
		]
		request_key: DF.Data | None
	# end: auto-generated types

	def before_validate(self):
		# the caller: a manager logs their own calls (the quota counts them), and cannot move them
		if self.is_new():
			if is_bound():
				ownership.derive_owner(self, frappe.session.user)
			self.account_manager = self.account_manager or frappe.session.user
		else:
			ownership.guard_unchanged(self, ["account_manager"], _("a call is the caller's."))
		if self.outcome == "Offer Made":
			self.offer_made = 1

	def validate(self):
		self.validate_call_time()
		self.validate_duration()
		self.validate_client_card()
		self.validate_links_of_the_client()
		self.validate_outcome()

	def validate_call_time(self):
		# a minute of slack for clocks of phones and browsers
		if get_datetime(self.call_time) > add_to_date(now_datetime(), minutes=1):
			frappe.throw(
				_("A call cannot be logged in the future ({0}).").format(
					frappe.format_value(self.call_time, "Datetime")
				),
				title=_("Invalid Call Time"),
			)

	def validate_duration(self):
		if flt(self.duration) < 0:
			frappe.throw(_("The duration of a call cannot be negative."), title=_("Invalid Duration"))

	def validate_client_card(self):
		# a call of the telephone system is attributed by the server (overrides.call_log)
		if not self.flags.ignore_permissions and not frappe.has_permission(
			"Client Card", "read", doc=self.client_card
		):
			frappe.throw(
				_("You cannot log a call for client card {0}: it is not in your portfolio.").format(
					frappe.bold(self.client_card)
				),
				exc=frappe.PermissionError,
			)
		if self.next_contact_date and getdate(self.next_contact_date) < getdate(self.call_time):
			frappe.throw(_("The next contact cannot be before the call."), title=_("Invalid Next Contact"))

	def validate_links_of_the_client(self):
		"""A call's offer and Call Log are its own client's: an offer of another card (another manager's
		phone offer, whose sending would then record no call for its owner) is refused (CB14, OF2)."""
		if self.commercial_offer:
			offer_card = frappe.db.get_value("Commercial Offer", self.commercial_offer, "client_card")
			if offer_card != self.client_card:
				frappe.throw(
					_(
						"Offer {0} is not an offer to this client: a call records only its own client's offer."
					).format(frappe.bold(self.commercial_offer)),
					title=_("Not Permitted"),
					exc=frappe.PermissionError,
				)
		if self.call_log:
			party = frappe.db.get_value("Client Card", self.client_card, ["party_type", "party"])
			linked = frappe.get_all(
				"Dynamic Link",
				filters={
					"parenttype": "Call Log",
					"parent": self.call_log,
					"link_doctype": ("in", ["Customer", "Lead", "Prospect"]),
				},
				fields=["link_doctype", "link_name"],
				as_list=True,
			)
			if linked and tuple(party) not in {tuple(row) for row in linked}:
				frappe.throw(
					_("Call Log {0} is not a call of this client.").format(frappe.bold(self.call_log)),
					title=_("Not Permitted"),
					exc=frappe.PermissionError,
				)

	def validate_outcome(self):
		"""A call the manager logs has its outcome; one the telephone system recorded gets it later."""
		if not self.outcome and not self.call_log:
			frappe.throw(_("Choose the outcome of the call."), title=_("Outcome Missing"))

	def on_update(self):
		self.update_client_card()

	def update_client_card(self):
		"""The call moves the card's last and next contact (CB7 follow-up queue)."""
		card = frappe.db.get_value(
			"Client Card", self.client_card, ["last_contact_date", "next_contact_date"], as_dict=True
		)
		values = {}
		call_date = getdate(self.call_time)
		if self.outcome in CONTACT_OUTCOMES and (
			not card.last_contact_date or getdate(card.last_contact_date) < call_date
		):
			values["last_contact_date"] = call_date
		if (
			not self.next_contact_date
			and not self.flags.new_card
			and self.outcome in CONTACT_OUTCOMES
			and self.outcome != "Call Back"
			and card.next_contact_date
			and getdate(card.next_contact_date) <= call_date
		):
			# the planned contact took place and no next one is planned: it leaves the follow-up queue
			values["next_contact_date"] = None
			values["next_contact_reason"] = None
		if self.next_contact_date:
			values["next_contact_date"] = self.next_contact_date
			# a code, rendered in the reader's language when read (reasons)
			values.update(
				reasons.reason_values(reasons.call_reason(self.purpose, call_date, self.notes, self.outcome))
			)
		if values:
			set_audited(frappe.get_doc("Client Card", self.client_card), values)  # the card's Version
