# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_months, cint, flt, get_link_to_form, getdate, nowdate

from erpnext.crm.doctype.lead.lead import _make_customer
from erpnext.crm.doctype.prospect.prospect import make_customer

from account_manager import card_flags, ownership, reasons
from account_manager.cards import check_account_manager
from account_manager.concurrency import done_already, exactly_once, lock, recent_change
from account_manager.debt import describe_reason, tolerance_of
from account_manager.erp import receivables, sales
from account_manager.erp.contacts import linked_contacts
from account_manager.permissions import is_bound, may_name_party, not_permitted
from account_manager.rules import fulfilment
from account_manager.rules.debt import debt_verdict
from account_manager.rules.scoring import (
	WARNING_SIGNS,
	card_timeliness,
	reliability_from_history,
	reliability_from_warning_signs,
)
from account_manager.utils import default_company, notify, users_with_roles

# Terms ERPNext keeps on the Customer: the card shows and edits them there, never keeps a copy.
CUSTOMER_TERMS = {"price_list": "default_price_list", "payment_terms": "payment_terms"}
PARTY_NAME_FIELDS = {"Customer": "customer_name", "Lead": "company_name", "Prospect": "company_name"}
# What a timely card has filled in (CB2); "contacts" means at least one contact person of the party.
REQUIRED_FOR_TIMELINESS = ("segment", "needs", "purchase_level", "focus", "next_contact_date", "contacts")


class DuplicateClientCardError(frappe.ValidationError):
	pass


def _virtual(fieldname: str) -> property:
	"""A virtual field kept in the document's own values: Frappe serialises a virtual field through a
	property of that name (without one it would evaluate the field's options as code)."""
	return property(
		lambda self: self.__dict__.get(fieldname),
		lambda self, value: self.__dict__.__setitem__(fieldname, value),
	)


def latest(doctype: str, filters: dict, fields: list[str], date_field: str) -> list[dict]:
	"""The client's latest records of a kind as the card lists them: newest first, at most 20."""
	return frappe.get_all(doctype, filters=filters, fields=fields, order_by=f"{date_field} desc", limit=20)


PROPOSED_FIELDS = (
	"proposed_price_list",
	"proposed_payment_terms",
	"proposed_credit_limit",
	"proposed_overdue_tolerance_days",
)


class ClientCard(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from account_manager.account_manager.doctype.client_card_competitor.client_card_competitor import (
			ClientCardCompetitor,
		)
		from account_manager.account_manager.doctype.client_card_event.client_card_event import (
			ClientCardEvent,
		)
		from account_manager.account_manager.doctype.client_card_holiday.client_card_holiday import (
			ClientCardHoliday,
		)

		account_manager: DF.Link | None
		company: DF.Link
		competitors: DF.Table[ClientCardCompetitor]
		credit_limit: DF.Currency
		debt_blocked: DF.Check
		discount_scheme: DF.SmallText | None
		events: DF.Table[ClientCardEvent]
		faster_lead_times: DF.Check
		has_email_contact: DF.Check
		focus: DF.Literal["", "Price", "Quality", "Lead Time", "Range", "Service"]
		individual_service: DF.Check
		is_key_account: DF.Check
		last_contact_date: DF.Date | None
		last_reviewed_on: DF.Date | None
		monthly_volume: DF.Currency
		naming_series: DF.Literal["CC-.#####"]
		needs: DF.SmallText | None
		negotiation_notes: DF.TextEditor | None
		next_contact_date: DF.Date | None
		next_contact_reason: DF.SmallText | None
		next_contact_reason_code: DF.SmallText | None
		overdue_tolerance_days: DF.Int
		party: DF.DynamicLink
		party_name: DF.Data | None
		party_type: DF.Literal["Customer", "Lead", "Prospect"]
		payment_terms: DF.Link | None
		price_list: DF.Link | None
		proposed_credit_limit: DF.Currency
		proposed_overdue_tolerance_days: DF.Int
		proposed_payment_terms: DF.Link | None
		proposed_price_list: DF.Link | None
		purchase_level: DF.Literal["", "Small", "Medium", "Large"]
		reliability_score: DF.Int
		segment: DF.Literal["", "A", "B", "C"]
		special_conditions: DF.SmallText | None
		timeliness_score: DF.Int
		trade_holidays: DF.Table[ClientCardHoliday]
		ws_asks_long_credit: DF.Check
		ws_avoids_signing: DF.Check
		ws_bad_references: DF.Check
		ws_no_tax_id: DF.Check
		ws_unverifiable_address: DF.Check
		ws_young_company: DF.Check
	# end: auto-generated types

	price_list = _virtual("price_list")
	payment_terms = _virtual("payment_terms")
	credit_limit = _virtual("credit_limit")
	reliability_score = _virtual("reliability_score")

	# -- loading ---------------------------------------------------------------------------------

	def load_from_db(self):
		super().load_from_db()
		self.load_customer_terms()
		# the reason the app wrote, in the reader's language (reasons)
		if self.get(reasons.CODE_FIELD):
			self.next_contact_reason = reasons.render(self.get(reasons.CODE_FIELD), self.next_contact_reason)

	def onload(self):
		status = self.get_status()
		self.reliability_score = status["reliability_score"]
		self.set_onload("receivables", status)
		self.set_onload("contacts", party_contacts(self.party_type, self.party))
		self.set_onload("complaints", self.get_complaints())
		self.set_onload("orders", self.get_orders())
		self.set_onload("product_requests", self.get_product_requests())

	def load_customer_terms(self):
		if self.party_type != "Customer" or not self.party:
			return
		values = (
			frappe.db.get_value("Customer", self.party, list(CUSTOMER_TERMS.values()), as_dict=True) or {}
		)
		for field, customer_field in CUSTOMER_TERMS.items():
			self.set(field, values.get(customer_field))
		self.set("credit_limit", own_credit_limit(self.party, self.company))

	# -- validation ------------------------------------------------------------------------------

	def before_validate(self):
		self.set_missing_values()

	def validate(self):
		self.validate_party()
		self.validate_client_in_portfolio()
		ownership.guard_owner(self)
		self.validate_owner_role()
		ownership.guard_card_terms(self)
		self.guard_review_date()
		self.validate_unique_party()
		self.validate_warning_signs()
		self.validate_terms()
		self.update_timeliness_score()
		self.push_customer_terms()
		self.keep_reason_code()

	def keep_reason_code(self):
		"""A reason typed over the app's own is the manager's words: shown as typed, its code dropped."""
		code = self.get(reasons.CODE_FIELD)
		if code and (self.next_contact_reason or "") != reasons.render(code):
			self.set(reasons.CODE_FIELD, None)

	def guard_review_date(self):
		"""The review date feeds the manager's card timeliness score: Mark Reviewed sets it with the server's
		date; a manager does not type it (nor on a new card)."""
		if self.flags.marking_reviewed:
			return
		if self.is_new():
			if self.last_reviewed_on and is_bound() and not self.flags.ignore_permissions:
				ownership.refuse(
					_("You may not set {0}: press Mark Reviewed.").format(
						ownership.label(self, "last_reviewed_on")
					)
				)
			return
		ownership.guard_unchanged(self, ["last_reviewed_on"], _("press Mark Reviewed."))

	def set_missing_values(self):
		if not self.company:
			self.company = default_company()
		if self.is_new() and not self.account_manager:
			# the customer's manager; else a manager's own new card; else the Sales Head's unassigned pool
			if self.party_type == "Customer" and self.party:
				self.account_manager = frappe.db.get_value("Customer", self.party, "account_manager")
			if not self.account_manager and is_bound():
				self.account_manager = frappe.session.user
		if self.is_new():
			# a new card takes the customer's terms as they stand; only the Sales Head gives others
			given = {field: self.get(field) for field in (*CUSTOMER_TERMS, *ownership.CARD_TERMS)}
			self.load_customer_terms()
			ownership.guard_card_terms(self, given)
			for field, value in given.items():
				if value not in (None, ""):
					self.set(field, value)

	def validate_party(self):
		if not self.party or not frappe.db.exists(self.party_type, self.party):
			frappe.throw(
				_("{0} {1} does not exist: a client card needs an existing party.").format(
					_(self.party_type), frappe.bold(self.party or "")
				),
				title=_("Unknown Party"),
				exc=frappe.LinkValidationError,
			)
		self.party_name = frappe.db.get_value(self.party_type, self.party, PARTY_NAME_FIELDS[self.party_type])
		if not self.party_name and self.party_type == "Lead":
			self.party_name = frappe.db.get_value("Lead", self.party, "lead_name")
		self.party_name = self.party_name or self.party

	def validate_client_in_portfolio(self):
		"""Records about a client need the client: a manager's card names a customer of their portfolios,
		or a lead or prospect nobody holds (the pool), never another manager's client."""
		if not is_bound() or self.flags.ignore_permissions:
			return
		if (
			not self.is_new()
			and not self.has_value_changed("party")
			and not self.has_value_changed("party_type")
		):
			return
		if self.party_type == "Customer":
			owner = frappe.db.get_value("Customer", self.party, "account_manager")
			visible = bool(owner) and may_name_party("Customer", self.party)
		else:
			visible = may_name_party(self.party_type, self.party)
		if not visible:
			not_permitted(
				_("{0} {1} is not in your portfolio, or does not exist.").format(
					_(self.party_type), frappe.bold(self.party)
				)
			)

	def validate_owner_role(self):
		"""A client's owner is an Account Manager (the Sales Head's assignment, a Data Import row)."""
		if self.flags.ignore_permissions or not self.account_manager:
			return
		if self.is_new() or self.has_value_changed("account_manager"):
			check_account_manager(self.account_manager)

	def on_update(self):
		before = self.get_doc_before_save()
		if before and before.account_manager != self.account_manager and self.account_manager:
			ownership.move_client(self, before.account_manager, self.account_manager)
		# the list's e-mail and debt flags (a new card, a tolerance changed)
		card_flags.refresh([self.name])
		self.update(frappe.db.get_value(self.doctype, self.name, card_flags.FLAGS, as_dict=True))

	def validate_unique_party(self):
		other = frappe.db.get_value(
			"Client Card",
			{"party_type": self.party_type, "party": self.party, "name": ("!=", self.name)},
		)
		if other:
			frappe.throw(
				_("{0} {1} already has a client card: {2}").format(
					_(self.party_type), frappe.bold(self.party), get_link_to_form("Client Card", other)
				),
				title=_("Duplicate Client Card"),
				exc=DuplicateClientCardError,
			)

	def validate_warning_signs(self):
		for fieldname in WARNING_SIGNS:
			if self.get(fieldname) not in (None, "", 0, 1, "0", "1", True, False):
				frappe.throw(
					_("{0} is a checklist item: it takes 0 (no) or 1 (yes), not {1}.").format(
						frappe.bold(_(self.meta.get_label(fieldname), context=self.doctype)),
						frappe.bold(self.get(fieldname)),
					),
					title=_("Invalid Warning Sign"),
				)
			self.set(fieldname, cint(self.get(fieldname)))

	def validate_terms(self):
		for fieldname in ("credit_limit", "proposed_credit_limit", "monthly_volume"):
			if flt(self.get(fieldname)) < 0:
				frappe.throw(
					_("{0} cannot be negative.").format(
						frappe.bold(_(self.meta.get_label(fieldname), context=self.doctype))
					),
					title=_("Invalid Value"),
				)
		if self.overdue_tolerance_days is not None and cint(self.overdue_tolerance_days) < 0:
			frappe.throw(_("Overdue Tolerance (Days) cannot be negative."), title=_("Invalid Value"))

	def update_timeliness_score(self):
		score = self.get_timeliness()
		self.timeliness_score = score.score

	def get_timeliness(self):
		filled = {field: bool(self.get(field)) for field in REQUIRED_FOR_TIMELINESS if field != "contacts"}
		filled["contacts"] = bool(party_contacts(self.party_type, self.party, limit=1))
		review_days = cint(frappe.db.get_single_value("Account Manager Settings", "card_review_days")) or 30
		return card_timeliness(
			filled,
			getdate(self.last_reviewed_on) if self.last_reviewed_on else None,
			getdate(nowdate()),
			review_days,
		)

	def push_customer_terms(self):
		"""Write the terms and the owner to the ERPNext Customer, where they live."""
		if self.party_type != "Customer":
			return
		customer = frappe.get_doc("Customer", self.party)
		changed = False
		for field, customer_field in CUSTOMER_TERMS.items():
			if (self.get(field) or None) != (customer.get(customer_field) or None):
				customer.set(customer_field, self.get(field))
				changed = True
		if customer.account_manager != self.account_manager:
			customer.account_manager = self.account_manager
			changed = True
		row = next((r for r in customer.credit_limits if r.company == self.company), None)
		if flt(self.credit_limit) != flt(row.credit_limit if row else 0):
			if row:
				row.credit_limit = flt(self.credit_limit)
			else:
				customer.append(
					"credit_limits", {"company": self.company, "credit_limit": flt(self.credit_limit)}
				)
			changed = True
		if changed:
			# the right to change these terms is the card's (permlevel 1), checked before we get here
			customer.flags.ignore_permissions = True
			customer.flags.from_client_card = True  # the card being saved needs no save back (one Version)
			customer.save()

	# -- actions ---------------------------------------------------------------------------------

	@frappe.whitelist()
	@exactly_once
	def mark_reviewed(self):
		self.check_permission("write")
		lock(self)
		if str(self.last_reviewed_on or "") == nowdate():
			done_already(
				_("Client card {0} was marked reviewed").format(self.name), self.modified_by, self.modified
			)
			return
		self.last_reviewed_on = nowdate()
		self.flags.marking_reviewed = True
		self.save()

	@frappe.whitelist()
	@exactly_once
	def convert_to_customer(self) -> str:
		"""Make the ERPNext Customer of this lead or prospect with the card's proposed terms (CB3). A repeat
		(a parallel or a retried call) answers with the customer the first one made."""
		self.check_permission("write")
		loaded_as = self.party_type
		lock(self)
		if loaded_as != "Customer" and self.party_type == "Customer":  # converted meanwhile
			done_already(
				_("Client card {0} was converted to customer {1}").format(self.name, self.party),
				self.modified_by,
				self.modified,
			)
			return self.party
		converted = self.party_type == "Customer" and recent_change(self.doctype, self.name, ("party_type",))
		if converted:  # by a parallel or a repeated call, a moment ago
			done_already(
				_("Client card {0} was converted to customer {1}").format(self.name, self.party),
				converted.owner,
				converted.creation,
			)
			return self.party
		if self.party_type == "Customer":
			frappe.throw(
				_("{0} is already a customer: there is nothing to convert.").format(frappe.bold(self.party)),
				title=_("Already a Customer"),
			)
		customer = make_customer_from(self.party_type, self.party)
		customer.account_manager = self.account_manager
		customer.flags.client_card = self.name  # this card becomes the customer's (cards.card_for_new_party)
		customer.default_price_list = self.proposed_price_list
		# the debt rule's terms are the Sales Head's: a manager's proposal waits on the card for them
		terms_by_head = not is_bound()
		if terms_by_head:
			customer.payment_terms = self.proposed_payment_terms
			if flt(self.proposed_credit_limit):
				customer.append(
					"credit_limits", {"company": self.company, "credit_limit": self.proposed_credit_limit}
				)
		customer.flags.ignore_permissions = True
		customer.insert()

		self.party_type, self.party = "Customer", customer.name
		self.proposed_price_list = None
		if terms_by_head:
			self.proposed_payment_terms = None
			self.proposed_credit_limit = 0
		self.load_customer_terms()
		self.save()
		notify_new_customer(customer, self)
		if not terms_by_head and (self.proposed_payment_terms or flt(self.proposed_credit_limit)):
			frappe.msgprint(
				_("The proposed payment terms and credit limit wait for the Sales Head to apply them."),
				title=_("Terms Proposed"),
			)
		return customer.name

	@frappe.whitelist()
	@exactly_once
	def apply_proposed_terms(self):
		"""The Sales Head applies the terms a manager proposed (price list, payment terms, credit limit,
		overdue tolerance): they become the client's terms, on the ERPNext Customer for a customer."""
		if not ownership.may_assign_owners():
			ownership.refuse(_("Only the Sales Head can apply proposed terms."))
		self.check_permission("write")
		proposed_when_loaded = any(self.get(field) for field in PROPOSED_FIELDS)
		lock(self)  # the proposals as a parallel call left them: applied once
		proposals = {
			"price_list": self.proposed_price_list,
			"payment_terms": self.proposed_payment_terms,
			"credit_limit": flt(self.proposed_credit_limit) or None,
			"overdue_tolerance_days": cint(self.proposed_overdue_tolerance_days) or None,
		}
		proposals = {field: value for field, value in proposals.items() if value}
		if not proposals and proposed_when_loaded:  # applied meanwhile, by a parallel call
			done_already(
				_("The proposed terms of client card {0} were applied").format(self.name),
				self.modified_by,
				self.modified,
			)
			return {}
		applied = None if proposals else recent_change(self.doctype, self.name, PROPOSED_FIELDS)
		if applied:  # by a parallel or a repeated call, a moment ago
			done_already(
				_("The proposed terms of client card {0} were applied").format(self.name),
				applied.owner,
				applied.creation,
			)
			return {}
		if not proposals:
			frappe.throw(_("There are no proposed terms to apply."), title=_("Nothing Proposed"))
		if self.party_type != "Customer":
			frappe.throw(
				_("Convert the {0} into a customer first: terms are a customer's.").format(
					_(self.party_type)
				),
				title=_("Not a Customer"),
			)
		self.update(proposals)
		self.proposed_price_list = self.proposed_payment_terms = None
		self.proposed_credit_limit = 0
		self.proposed_overdue_tolerance_days = 0
		self.save()
		return proposals

	# -- live status -----------------------------------------------------------------------------

	def get_status(self) -> dict:
		"""The client's live receivables, scores and debt verdict (the `client_status` contract)."""
		if self.party_type == "Customer":
			balance = receivables.party_balances([self.party], self.company)[self.party]
			limit = receivables.credit_limit(self.party, self.company)
		else:
			balance, limit = receivables.empty_balance(), 0.0
		reliability = self.get_reliability(balance)
		tolerance = self.get_overdue_tolerance()
		verdict = debt_verdict(
			balance.outstanding, balance.overdue, balance.oldest_overdue_days, limit, tolerance
		)
		return {
			"client_card": self.name,
			"party_type": self.party_type,
			"party": self.party,
			"company": self.company,
			"outstanding": balance.outstanding,
			"overdue": balance.overdue,
			"oldest_overdue_days": balance.oldest_overdue_days,
			"last_payment_date": balance.last_payment_date,
			"credit_limit": limit,
			"credit_used": balance.outstanding,
			"credit_used_percent": flt(100 * balance.outstanding / limit, 1) if limit else None,
			"reliability_score": reliability.score,
			"reliability": {"basis": reliability.basis, "parts": reliability.parts},
			"timeliness_score": cint(self.timeliness_score),
			"owner": self.account_manager,
			"overdue_tolerance_days": tolerance,
			"blocked": verdict.blocked,
			"reasons": [describe_reason(r) for r in verdict.reasons],
		}

	def get_reliability(self, balance=None):
		if self.party_type == "Customer":
			history = receivables.invoice_history([self.party], self.company)[self.party]
			if history:
				balance = balance or receivables.party_balances([self.party], self.company)[self.party]
				limit = receivables.credit_limit(self.party, self.company)
				return reliability_from_history(history, getdate(nowdate()), limit, balance.outstanding)
		return reliability_from_warning_signs({sign: cint(self.get(sign)) for sign in WARNING_SIGNS})

	def get_overdue_tolerance(self) -> int:
		return tolerance_of(self.overdue_tolerance_days)

	def get_complaints(self) -> list[dict]:
		if self.party_type != "Customer":
			return []
		return latest(
			"Issue",
			{"customer": self.party},
			["name", "subject", "status", "priority", "opening_date"],
			"opening_date",
		)

	def get_orders(self) -> dict:
		"""The client's Sales Orders past their delivery date and not delivered in full, and how our
		deliveries of the last twelve months kept their dates (OF7)."""
		if self.party_type != "Customer" or not self.party:
			return {}
		today = getdate(nowdate())
		record = fulfilment.record(
			[
				(getdate(o.delivery_date), getdate(o.delivered_on) if o.delivered_on else None)
				# orders due in the last twelve months, and those delivered ahead of a later date
				for o in sales.fulfilment(
					add_months(today, -12), add_months(today, 12), customers=[self.party]
				)
			],
			today,
		)
		late = [
			{
				"name": o.name,
				"delivery_date": o.delivery_date,
				"per_delivered": o.per_delivered,
				"days_late": fulfilment.days_late(getdate(o.delivery_date), None, today),
			}
			for o in sales.late_orders(today, customers=[self.party])
		]
		return {"late": late, "record": vars(record)}

	def get_product_requests(self) -> list[dict]:
		"""The client's requests for goods the company does not carry, and what became of them (CB16)."""
		return latest(
			"Product Request",
			{"client_card": self.name},
			["name", "description", "status", "item", "creation"],
			"creation",
		)


def on_doctype_update():
	frappe.db.add_unique("Client Card", ["party_type", "party"], constraint_name="unique_party")


def own_credit_limit(customer: str, company: str) -> float:
	"""The credit limit set on the customer itself for the company (what the card edits)."""
	return flt(
		frappe.db.get_value(
			"Customer Credit Limit",
			{"parenttype": "Customer", "parent": customer, "company": company},
			"credit_limit",
		)
	)


def party_contacts(party_type: str, party: str, limit: int | None = None) -> list[dict]:
	"""ERPNext Contacts linked to the party, decision makers first."""
	if not party:
		return []
	contacts, contact, link = linked_contacts()
	query = (
		contacts.select(
			contact.name,
			contact.full_name,
			contact.designation,
			contact.email_id,
			contact.phone,
			contact.mobile_no,
			contact.birthday,
			contact.is_decision_maker,
			contact.is_primary_contact,
		)
		.where((link.link_doctype == party_type) & (link.link_name == party))
		.orderby(contact.is_decision_maker, order=frappe.qb.desc)
		.orderby(contact.full_name)
	)
	if limit:
		query = query.limit(limit)
	return query.run(as_dict=True)


def make_customer_from(party_type: str, party: str):
	if party_type == "Lead":
		return _make_customer(party, ignore_permissions=True)

	return make_customer(party)


def notify_new_customer(customer, card):
	"""Tell accounts and logistics that a new client has arrived (CB3)."""
	users = users_with_roles(["Accounts User", "Logistics Manager"])
	if not users:
		return
	notify(
		users,
		"Customer",
		customer.name,
		_("New client {0} from {1}, account manager {2}").format(
			customer.customer_name, card.name, card.account_manager
		),
	)
