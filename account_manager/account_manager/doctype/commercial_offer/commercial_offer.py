# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.mapper import get_mapped_doc
from frappe.translate import print_language
from frappe.utils import add_days, cint, flt, get_link_to_form, getdate, now_datetime, nowdate

from account_manager import batches, ownership
from account_manager.concurrency import (
	RETRYABLE,
	assigned_already,
	done_already,
	exactly_once,
	lock,
	recent_change,
	recent_email,
)
from account_manager.debt import show_warning
from account_manager.erp import pricing, stock
from account_manager.permissions import not_permitted
from account_manager.rules import availability as rule
from account_manager.rules.templates import empty_fields
from account_manager.utils import (
	assign,
	email_document,
	keep_server_fields,
	render_email_template,
	set_audited,
	users_with_roles,
)

OPEN_STATUSES = ("Draft", "Sent", "Negotiation")
OFFER_PRINT_FORMAT = "Commercial Offer"  # the app's print format, unless the settings name another
# status -> the statuses it may move to by hand (Expired is set by the daily job)
NEXT_STATUSES = {
	"Draft": ("Sent", "Rejected"),
	"Sent": ("Negotiation", "Accepted", "Rejected"),
	"Negotiation": ("Sent", "Accepted", "Rejected"),
	"Accepted": ("Negotiation",),
	"Rejected": ("Negotiation",),
	"Expired": ("Negotiation",),
}
SETTINGS = "Account Manager Settings"
LOGISTICS_ROLE = "Logistics Manager"
DEFAULT_VALID_DAYS = 14  # Account Manager Settings' "Offers Valid For (Days)" when it is not set


class OfferStatusError(frappe.ValidationError):
	pass


class NoRecipientError(frappe.ValidationError):
	pass


class CommercialOffer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from account_manager.account_manager.doctype.commercial_offer_item.commercial_offer_item import (
			CommercialOfferItem,
		)

		account_manager: DF.Link | None
		channel: DF.Literal["E-mail", "Phone", "Meeting"]
		client_card: DF.Link
		company: DF.Link
		contact_email: DF.Data | None
		contact_person: DF.Link | None
		currency: DF.Link | None
		email_template: DF.Link | None
		items: DF.Table[CommercialOfferItem]
		naming_series: DF.Literal["CO-.YYYY.-.#####"]
		party: DF.DynamicLink | None
		party_name: DF.Data | None
		party_type: DF.Data | None
		price_list: DF.Link | None
		proposal: DF.TextEditor | None
		sent_by: DF.Link | None
		sent_on: DF.Datetime | None
		status: DF.Literal["Draft", "Sent", "Negotiation", "Accepted", "Rejected", "Expired"]
		total: DF.Currency
		transaction_date: DF.Date
		valid_till: DF.Date | None
	# end: auto-generated types

	# -- validation ------------------------------------------------------------------------------

	def before_validate(self):
		self.set_missing_values()

	def _validate_links(self):
		"""A line's unknown item gets the offer's own message before Frappe's link check answers "Could not
		find" (Frappe v16 checks a line's Link before any controller method of a new document)."""
		if not self.flags.ignore_links and self._action != "cancel":
			stock.refuse_unknown_items([{"item_code": d.item_code} for d in self.items])
		super()._validate_links()

	def validate(self):
		self.validate_client_card()
		self.validate_dates()
		self.validate_status_change()
		self.update_availability()
		self.set_prices()
		self.calculate_totals()
		self.warn_about_debt()

	def warn_about_debt(self):
		"""The debt rule (DR1): a client over its credit limit or overdue beyond its tolerance gets a
		warning on every offer (the order will need the Sales Head's approval)."""
		if self.party_type == "Customer" and self.status in OPEN_STATUSES:
			show_warning(self, self.party)

	def set_missing_values(self):
		if not self.client_card:
			return
		card = frappe.db.get_value(
			"Client Card",
			self.client_card,
			["party_type", "party", "party_name", "account_manager", "company", "proposed_price_list"],
			as_dict=True,
		)
		if not card:
			return
		self.party_type, self.party, self.party_name = card.party_type, card.party, card.party_name
		if self.is_new() or self.has_value_changed("client_card"):
			ownership.derive_owner(self, card.account_manager)  # the client's owner, never one typed in
		else:
			ownership.guard_unchanged(self, ["account_manager"], _("an offer belongs to its client's owner."))
		self.company = self.company or card.company
		# who signs the offer is whoever sends it (a deputy for a manager on leave): the send's to write
		if not self.flags.sending:
			keep_server_fields(self, ["sent_by"])
		self.transaction_date = self.transaction_date or nowdate()
		self.price_list = pricing.client_price_list(card.party_type, card.party, card.proposed_price_list)
		if self.is_new():
			self.set_defaults(card)
		if self.contact_person and not self.contact_email:
			self.contact_email = frappe.db.get_value("Contact", self.contact_person, "email_id")

	def set_defaults(self, card):
		"""A new offer fills itself in: the client's contact for offers (the decision maker with an e-mail
		first), Valid Till from the settings' days, the settings' Email Template. What is given stays."""
		defaults = offer_defaults_of(card.party_type, card.party, self.transaction_date)
		if not self.contact_person and not self.contact_email:
			self.contact_person, self.contact_email = defaults.contact_person, defaults.contact_email
		self.valid_till = self.valid_till or defaults.valid_till
		self.email_template = self.email_template or defaults.email_template

	def validate_client_card(self):
		if not self.client_card or not frappe.db.exists("Client Card", self.client_card):
			frappe.throw(
				_("Client Card {0} does not exist.").format(frappe.bold(self.client_card or "")),
				title=_("Unknown Client"),
				exc=frappe.LinkValidationError,
			)
		if not frappe.has_permission("Client Card", "read", doc=self.client_card):
			frappe.throw(
				_("You may not make offers to the client of {0}: it is not in your portfolio.").format(
					frappe.bold(self.client_card)
				),
				exc=frappe.PermissionError,
			)

	def validate_dates(self):
		if self.valid_till and getdate(self.valid_till) < getdate(self.transaction_date):
			frappe.throw(_("Valid Till cannot be before the offer's date."), title=_("Invalid Date"))

	def validate_status_change(self):
		before = self.get_doc_before_save()
		old = before.status if before else "Draft"
		if self.status == old or self.flags.status_by_system:
			return
		if self.status not in NEXT_STATUSES.get(old, ()):
			frappe.throw(
				_("An offer cannot go from {0} to {1}.").format(
					frappe.bold(_(old, context=self.doctype)),
					frappe.bold(_(self.status, context=self.doctype)),
				),
				title=_("Invalid Status"),
				exc=OfferStatusError,
			)

	def update_availability(self):
		"""Per line (OS1-OS3): available quantity, verdict, expected date and source, alternatives."""
		if not self.items:
			return
		results = stock.check_availability(
			[{"item_code": d.item_code, "qty": d.qty, "warehouse": d.warehouse} for d in self.items],
			self.company,
		)
		for row, result in zip(self.items, results, strict=True):
			row.update(availability_fields(result))

	def set_prices(self):
		"""Lines that are new or whose item or quantity changed get ERPNext's price for the client
		(price list, pricing rules). A rate set by hand stays: on an unchanged line, or given with a
		new line (then only the price list rate is filled in)."""
		previous = self.get_doc_before_save()
		before = {d.name: d for d in (previous.items if previous else [])}
		to_price = [
			d
			for d in self.items
			if d.name not in before
			or (before[d.name].item_code, flt(before[d.name].qty)) != (d.item_code, flt(d.qty))
		]
		if not to_price and self.currency:
			return
		header, prices = pricing.quote_lines(
			self.party_type,
			self.party,
			self.company,
			self.transaction_date,
			self.price_list,
			[{"item_code": d.item_code, "qty": d.qty, "warehouse": d.warehouse} for d in to_price],
		)
		self.price_list, self.currency = header.price_list, header.currency
		for row, price in zip(to_price, prices, strict=True):
			if row.name not in before and flt(row.rate):
				row.price_list_rate = price.price_list_rate
			else:
				row.update(price)

	def calculate_totals(self):
		for row in self.items:
			row.amount = flt(flt(row.qty) * flt(row.rate), row.precision("amount"))
		self.total = sum(flt(row.amount) for row in self.items)

	# -- actions ---------------------------------------------------------------------------------

	@frappe.whitelist()
	@exactly_once
	def request_goods(self) -> str | None:
		"""OS4: one ERPNext Material Request (Purchase) for the shortfall of the short lines that have
		none yet, naming the client and the offer, assigned to the Logistics Managers. Running it again
		makes nothing new. Returns the request's name (the existing one when nothing was missing)."""
		self.check_permission("write")
		# one goods request of this offer at a time: a second call (a double click, a retry, another
		# user) waits for the first here, then finds its request instead of making one more
		# (a locking read: it sees the lines' requests as committed since, which this transaction's
		# snapshot, taken before the first call committed, does not)
		lock(self)
		self.update_availability()
		lines = [d for d in self.items if d.verdict in rule.SHORT and not self.live_request(d)]
		if not lines:
			existing = [d.material_request for d in self.items if self.live_request(d)]
			if not existing:
				frappe.msgprint(_("Every line is available: there is nothing to request."))
			return existing[0] if existing else None
		logistics = sorted(users_with_roles([LOGISTICS_ROLE]))
		if not logistics:
			frappe.throw(
				_("No user has the role {0}: nobody would receive the request for goods.").format(
					frappe.bold(_(LOGISTICS_ROLE))
				),
				title=_("No Logistics Manager"),
			)

		frappe.db.savepoint("goods_request")
		try:
			request = stock.make_goods_request(self, lines)
			assign(
				"Material Request",
				request.name,
				logistics,
				_("Goods for {0}, offer {1}: {2}").format(
					self.party_name,
					self.name,
					", ".join(f"{d.item_code} × {flt(d.shortfall_qty)}" for d in lines),
				),
			)
			for row in lines:
				row.material_request = request.name
			self.save()
		except RETRYABLE:
			# MariaDB ended the transaction (a deadlock drops its savepoints too): nothing of it stays, and
			# exactly_once runs the request again
			raise
		except Exception:
			frappe.db.rollback(save_point="goods_request")
			self.reload()
			raise
		return request.name

	@staticmethod
	def live_request(row) -> bool:
		return bool(
			row.material_request
			and frappe.db.get_value("Material Request", row.material_request, "docstatus") != 2
		)

	@frappe.whitelist()
	@exactly_once
	def ask_production(self, message: str) -> list[str]:
		"""OS5: assign the offer, with the message, to the users of the production consultation role."""
		self.check_permission("write")
		lock(self)  # one consultation at a time: a parallel one finds the first one's assignments
		if not (message or "").strip():
			frappe.throw(_("Write what production should look at."), title=_("Message Missing"))
		role = frappe.db.get_single_value(SETTINGS, "production_role") or "Manufacturing User"
		users = sorted(users_with_roles([role]))
		if not users:
			frappe.throw(
				_("No user has the role {0} set for production consultations in {1}.").format(
					frappe.bold(role), get_link_to_form(SETTINGS, SETTINGS)
				),
				title=_("Nobody to Ask"),
			)
		asked = assigned_already(self.doctype, self.name, users)
		if asked:
			done_already(
				_("Production was asked about offer {0}").format(self.name), asked.owner, asked.creation
			)
			return users
		assign(self.doctype, self.name, users, message)
		return users

	@frappe.whitelist()
	@exactly_once
	def use_alternative(self, row: str, item_code: str | None = None):
		"""OS3: put the proposed (or a named) alternative on the line instead of the item asked for."""
		self.check_permission("write")
		lock(self)
		line = next((d for d in self.items if d.name == row), None)
		if not line:
			frappe.throw(_("Line {0} is not in this offer.").format(frappe.bold(row)))
		if line.replaced_item and line.item_code == (item_code or line.item_code):
			done_already(
				_("{0} replaced {1} in offer {2}").format(line.item_code, line.replaced_item, self.name),
				self.modified_by,
				self.modified,
			)
			return
		item_code = item_code or line.alternative_item
		offered = [a.split(":")[0] for a in (line.alternatives or "").splitlines()]
		if not item_code or item_code not in offered:
			frappe.throw(
				_("{0} is not an alternative of {1}.").format(
					frappe.bold(item_code or ""), frappe.bold(line.item_code)
				),
				title=_("Not an Alternative"),
			)
		line.replaced_item = line.replaced_item or line.item_code
		line.item_code = item_code
		line.item_name = frappe.db.get_value("Item", item_code, "item_name")
		line.material_request = None
		self.save()

	@frappe.whitelist()
	@exactly_once
	def send(self, recipients: str | None = None, email_template: str | None = None, request_goods: int = 0):
		"""Send the offer: by e-mail from an Email Template with the offer's PDF (on the timeline), or
		record a phone or meeting offer as made. Optionally raise the goods request first. The same offer
		sent again to the same recipients within a minute or two (a double click, a retry) is sent once."""
		self.check_permission("write")
		lock(self)
		if self.channel == "E-mail":
			repeat = recent_email(self.doctype, self.name, recipients or self.contact_email)
		else:  # made by phone or at a meeting: recorded as made a moment ago
			repeat = recent_change(self.doctype, self.name, ("sent_on",))
		if repeat:
			done_already(_("Offer {0} was sent").format(self.name), repeat.owner, repeat.creation)
			return
		if self.status not in OPEN_STATUSES:
			frappe.throw(
				_("An offer in status {0} cannot be sent.").format(
					frappe.bold(_(self.status, context=self.doctype))
				),
				exc=OfferStatusError,
			)
		if cint(request_goods):
			self.request_goods()
		self.mark_sender()
		if self.channel == "E-mail":
			self.email(recipients, email_template)
		elif self.channel == "Phone":
			self.log_phone_offer()
		self.sent_on = now_datetime()
		if self.status == "Draft":
			self.status = "Sent"
		self.save()

	def mark_sender(self):
		"""The offer is signed by its sender: the deputy who sends it for a manager on leave, not the
		manager (the e-mail's signature and the PDF read `sent_by`)."""
		self.sent_by = frappe.session.user
		self.flags.sending = True

	def sender_name(self) -> str:
		user = self.sent_by or self.account_manager
		return (frappe.db.get_value("User", user, "full_name") or user or "") if user else ""

	def log_phone_offer(self):
		"""A phone offer is made in a call: record it as a Client Call that made an offer (OF1, OF2), unless
		the call that made it is logged already."""
		# a locking read: it sees the call a parallel sending committed
		if frappe.db.get_value("Client Call", {"commercial_offer": self.name}, "name", for_update=True):
			return
		frappe.get_doc(
			{
				"doctype": "Client Call",
				"client_card": self.client_card,
				"purpose": "Offer",
				"outcome": "Offer Made",
				"offer_made": 1,
				"commercial_offer": self.name,
				"notes": _("Offer {0} made by phone").format(self.name),
			}
		).insert()

	def email(self, recipients: str | None, email_template: str | None):
		recipients = recipients or self.contact_email
		if not recipients:
			frappe.throw(
				_("Whom to send it to? Set a contact person with an e-mail address, or give recipients."),
				title=_("No Recipient"),
				exc=NoRecipientError,
			)
		template_name = (
			email_template
			or self.email_template
			or frappe.db.get_single_value(SETTINGS, "offer_email_template")
		)
		if not template_name:
			frappe.throw(
				_("Choose an Email Template on the offer or set the Offer Email Template in {0}.").format(
					get_link_to_form(SETTINGS, SETTINGS)
				),
				title=_("No Email Template"),
			)
		self.check_template_fields(template_name)
		# the e-mail and its PDF in the client's language, whoever sends it; signed by the sender
		language = client_language(self.party_type, self.party)
		with print_language(language):
			subject, content = render_email_template(
				template_name,
				{
					"doc": self,
					"offer": self,
					"party_name": self.party_name,
					"sender_name": self.sender_name(),
				},
			)
		email_document(
			self.doctype,
			self.name,
			recipients,
			subject,
			content,
			print_format=frappe.db.get_single_value(SETTINGS, "offer_print_format") or OFFER_PRINT_FORMAT,
			email_template=template_name,
			print_language=language,
		)

	def check_template_fields(self, template_name: str):
		"""An e-mail never renders an empty field of the offer ("valid till ." without a date): the fields
		the template reads must be filled in first (a field read only under `{% if %}` may be empty)."""
		template = frappe.get_cached_doc("Email Template", template_name)
		source = "\n".join(filter(None, [template.subject, template.response_html or template.response]))
		values = {df.fieldname: self.get(df.fieldname) for df in self.meta.fields}
		values["name"] = self.name
		missing = empty_fields(source, values, names=("doc", "offer"))
		if missing:
			frappe.throw(
				_(
					"Email Template {0} uses {1} of the offer, which is empty: fill it in before sending."
				).format(
					frappe.bold(template_name),
					", ".join(frappe.bold(_(self.meta.get_label(f))) for f in missing),
				),
				title=_("Empty Field in the E-mail"),
			)

	@frappe.whitelist()
	@exactly_once
	def set_status(self, status: str):
		self.check_permission("write")
		lock(self)
		if self.status == status:
			done_already(
				_("Offer {0} was set to {1}").format(self.name, _(status, context=self.doctype)),
				self.modified_by,
				self.modified,
			)
			return
		self.status = status
		self.save()


def availability_fields(result: dict) -> dict:
	"""A line's availability fields from the out-of-stock rule's answer for it (OS1-OS3)."""
	best = rule.best_alternative(result["alternatives"])
	return {
		"available_qty": result["available_qty"],
		"verdict": result["verdict"],
		"shortfall_qty": result["shortfall_qty"],
		"expected_date": result["expected_date"],
		"expected_source": result["expected_source"],
		"expected_source_name": result["expected_source_name"],
		"alternative_item": best["item_code"] if best else None,
		"alternative_available_qty": best["available_qty"] if best else 0,
		"alternatives": "\n".join(
			f"{a['item_code']}: {flt(a['available_qty'])}" for a in result["alternatives"]
		)
		or None,
	}


def client_language(party_type: str | None, party: str | None) -> str:
	"""The language the client reads: the Customer's (or Lead's) own, else the site's, which the company's
	desk uses (System Settings)."""
	language = None
	if party_type in ("Customer", "Lead") and party:
		language = frappe.db.get_value(party_type, party, "language")
	return language or frappe.db.get_single_value("System Settings", "language") or "en"


def offer_defaults_of(party_type: str, party: str, transaction_date=None) -> frappe._dict:
	"""What a new offer to the client starts with: {contact_person, contact_email, valid_till,
	email_template}."""
	from account_manager.account_manager.doctype.offer_campaign.offer_campaign import offer_contact

	contact_person, contact_email = offer_contact(party_type, party)
	days = frappe.db.get_single_value(SETTINGS, "offer_valid_days")
	days = DEFAULT_VALID_DAYS if days is None or days == "" else cint(days)
	return frappe._dict(
		contact_person=contact_person,
		contact_email=contact_email,
		valid_till=add_days(getdate(transaction_date or nowdate()), days) if days > 0 else None,
		email_template=frappe.db.get_single_value(SETTINGS, "offer_email_template"),
	)


def readable_card(client_card: str):
	"""The client card, when the user may read it; "not there" and "not yours" answer alike."""
	card = frappe.db.get_value(
		"Client Card",
		client_card,
		["name", "party_type", "party", "company", "proposed_price_list"],
		as_dict=True,
	)
	if not card or not frappe.has_permission("Client Card", "read", doc=client_card):
		not_permitted(
			_("Client card {0} is not in your portfolio, or does not exist.").format(
				frappe.bold(client_card or "")
			)
		)
	return card


@frappe.whitelist()
def offer_defaults(client_card: str, transaction_date: str | None = None) -> dict:
	"""What a new offer to the card's client starts with, for the form before it is saved: the contact
	for offers and its e-mail, Valid Till, the Email Template (the save sets the same)."""
	card = readable_card(client_card)
	return offer_defaults_of(card.party_type, card.party, transaction_date)


@frappe.whitelist()
def quote_line(
	client_card: str,
	item_code: str,
	qty: float = 1,
	warehouse: str | None = None,
	company: str | None = None,
	transaction_date: str | None = None,
) -> dict:
	"""An offer line as the save will make it, while it is typed: ERPNext's price for the client (price
	list, pricing rules) and the out-of-stock rule's verdict, expected date and alternative."""
	card = readable_card(client_card)
	qty = flt(qty) or 1
	line = {"item_code": item_code, "qty": qty, "warehouse": warehouse}
	stock.refuse_unknown_items([line])
	company = company or card.company or frappe.defaults.get_user_default("Company")
	transaction_date = transaction_date or nowdate()
	header, (price,) = pricing.quote_lines(
		card.party_type,
		card.party,
		company,
		transaction_date,
		pricing.client_price_list(card.party_type, card.party, card.proposed_price_list),
		[line],
	)
	(result,) = stock.check_availability([line], company)
	return {
		**price,
		**availability_fields(result),
		"amount": flt(qty * flt(price.rate)),
		"price_list": header.price_list,
		"currency": header.currency,
	}


# -- making ERPNext documents from an accepted offer (OF3) -----------------------------------------


def _accepted_offer(source_name: str) -> CommercialOffer:
	offer = frappe.get_doc("Commercial Offer", source_name)
	offer.check_permission("read")
	if offer.status != "Accepted":
		frappe.throw(
			_("Only an accepted offer becomes a quotation or an order; {0} is {1}.").format(
				frappe.bold(offer.name), frappe.bold(_(offer.status, context="Commercial Offer"))
			),
			exc=OfferStatusError,
		)
	if not offer.items:
		frappe.throw(_("Offer {0} has no items to order.").format(frappe.bold(offer.name)))
	return offer


def _client_terms(offer, target):
	"""The client's terms from the card: price list, payment terms, special conditions."""
	card = frappe.get_doc("Client Card", offer.client_card)
	target.selling_price_list = offer.price_list or target.get("selling_price_list")
	if card.get("payment_terms"):
		target.payment_terms_template = card.payment_terms
	if card.special_conditions:
		target.terms = card.special_conditions


def _map(source_name: str, target_doctype: str, target_doc, set_party) -> Document:
	offer = _accepted_offer(source_name)

	def postprocess(source, target):
		set_party(source, target)
		_client_terms(source, target)
		target.commercial_offer = source.name
		target.run_method("set_missing_values")
		# the prices agreed in the offer stay, whatever the price list says today
		for row, line in zip(target.items, source.items, strict=True):
			row.price_list_rate, row.discount_percentage = line.price_list_rate, line.discount_percentage
			row.rate = line.rate
		target.run_method("calculate_taxes_and_totals")

	return get_mapped_doc(
		"Commercial Offer",
		offer.name,
		{
			"Commercial Offer": {"doctype": target_doctype, "field_no_map": ["status", "naming_series"]},
			"Commercial Offer Item": {
				"doctype": f"{target_doctype} Item",
				"field_map": {"uom": "uom", "warehouse": "warehouse"},
				"field_no_map": ["amount", "material_request", "pricing_rules"],
			},
		},
		target_doc,
		postprocess,
	)


@frappe.whitelist()
def make_quotation(source_name: str, target_doc=None):
	def set_party(source, target):
		target.quotation_to = source.party_type
		target.party_name = source.party
		target.transaction_date = nowdate()
		target.valid_till = (
			source.valid_till
			if source.valid_till and getdate(source.valid_till) >= getdate(nowdate())
			else None
		)

	return _map(source_name, "Quotation", target_doc, set_party)


@frappe.whitelist()
def make_sales_order(source_name: str, target_doc=None):
	def set_party(source, target):
		if source.party_type != "Customer":
			frappe.throw(
				_("{0} is a {1}: convert it to a customer on its client card first.").format(
					frappe.bold(source.party_name), _(source.party_type)
				),
				title=_("Not a Customer"),
			)
		target.customer = source.party
		target.transaction_date = nowdate()
		target.delivery_date = max(
			[getdate(nowdate()), *(getdate(d.expected_date) for d in source.items if d.expected_date)]
		)
		for row in target.items:
			row.delivery_date = target.delivery_date

	return _map(source_name, "Sales Order", target_doc, set_party)


# -- scheduler ---------------------------------------------------------------------------------------


def on_doctype_update():
	# expire_offers, daily: status in the open statuses and valid_till before today (the open offers past
	# their date, not every open offer); the follow-up queue and the workspace filter on status too
	frappe.db.add_index("Commercial Offer", ["status", "valid_till"])


def expire_offers() -> list[str]:
	"""Daily: an open offer past its Valid Till date becomes Expired (a second run finds none left), in
	batches across the workers. Each change leaves a Version on the offer; the offer is not re-priced or
	re-checked as a save would."""
	return batches.run(
		_("Expiring offers"),
		"account_manager.account_manager.doctype.commercial_offer.commercial_offer.expire",
		frappe.get_all(
			"Commercial Offer",
			filters={"status": ("in", OPEN_STATUSES), "valid_till": ("<", nowdate())},
			pluck="name",
			order_by="name",
		),
	)


def expire(names: list[str]) -> list[str]:
	"""A batch of offers expired; one answered or extended meanwhile is left as it is (idempotent)."""

	def handle(name):
		offer = frappe.db.get_value("Commercial Offer", name, ["status", "valid_till"], as_dict=True)
		if not offer:
			batches.skip(name, _("the offer no longer exists"))
			return None
		if (
			offer.status not in OPEN_STATUSES
			or not offer.valid_till
			or getdate(offer.valid_till) >= getdate()
		):
			return None
		set_audited(frappe.get_doc("Commercial Offer", name), {"status": "Expired"})
		return name

	return batches.for_each(names, handle)
