# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Settlement Reconciliation (CB4): a client's statement of account for a period, built from the
General Ledger (opening balance, every invoice, payment, credit note and journal entry, closing
balance), e-mailed to the client's accounts contact, and its outcome: Confirmed, or Disputed with the
client's figure and the difference."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_months, flt, get_first_day, get_last_day, get_link_to_form, getdate, nowdate

from account_manager import batches, ownership
from account_manager.account_manager.doctype.collection_plan.collection_plan import owning_manager
from account_manager.concurrency import done_already, exactly_once, lock, recent_email
from account_manager.erp import statements
from account_manager.erp.contacts import linked_contacts
from account_manager.permissions import check_party, is_bound
from account_manager.utils import email_document, refuse_duplicate

DRAFT, SENT, CONFIRMED, DISPUTED = "Draft", "Sent", "Confirmed", "Disputed"
PRINT_FORMAT = "Settlement Statement"


class DuplicateReconciliationError(frappe.ValidationError):
	pass


class SettlementReconciliation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from account_manager.account_manager.doctype.settlement_reconciliation_entry.settlement_reconciliation_entry import (
			SettlementReconciliationEntry,
		)

		account_manager: DF.Link | None
		answered_on: DF.Date | None
		client_closing_balance: DF.Currency
		closing_balance: DF.Currency
		company: DF.Link
		contact: DF.Link | None
		currency: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		difference: DF.Currency
		dispute_notes: DF.SmallText | None
		email_id: DF.Data | None
		entries: DF.Table[SettlementReconciliationEntry]
		from_date: DF.Date
		opening_balance: DF.Currency
		sent_on: DF.Datetime | None
		status: DF.Literal["Draft", "Sent", "Confirmed", "Disputed"]
		to_date: DF.Date
		total_credit: DF.Currency
		total_debit: DF.Currency
	# end: auto-generated types

	def before_validate(self):
		if self.is_new() or self.has_value_changed("customer"):
			# a statement is of a client of the user's portfolios, and belongs to the client's owner
			if is_bound() and not self.flags.ignore_permissions:
				check_party("Customer", self.customer)
			ownership.derive_owner(self, owning_manager(self.customer) if self.customer else None)
		else:
			ownership.guard_unchanged(
				self, ["account_manager"], _("a statement belongs to its client's owner.")
			)
		if self.company:
			self.currency = frappe.get_cached_value("Company", self.company, "default_currency")

	def validate(self):
		self.validate_period()
		self.validate_unique_period()
		self.validate_status_change()
		self.set_contact()
		if self.status == DRAFT:
			self.build_statement()

	def validate_period(self):
		start, end, today = getdate(self.from_date), getdate(self.to_date), getdate(nowdate())
		if start > end:
			frappe.throw(
				_("The period cannot end ({0}) before it starts ({1}).").format(
					frappe.bold(frappe.format_value(end, "Date")),
					frappe.bold(frappe.format_value(start, "Date")),
				),
				title=_("Invalid Period"),
			)
		if end > today:
			frappe.throw(
				_("The period ends on {0}, in the future: a statement covers days that have passed.").format(
					frappe.bold(frappe.format_value(end, "Date"))
				),
				title=_("Invalid Period"),
			)

	def validate_unique_period(self):
		other = frappe.db.get_value(
			"Settlement Reconciliation",
			{
				"customer": self.customer,
				"company": self.company,
				"from_date": self.from_date,
				"to_date": self.to_date,
				"name": ("!=", self.name or ""),
			},
		)
		if other:
			refuse_duplicate(
				self,
				other,
				_("{0} already has a settlement reconciliation for this period: {1}"),
				_("Duplicate Reconciliation"),
				DuplicateReconciliationError,
			)

	def validate_status_change(self):
		before = None if self.is_new() else self.get_doc_before_save()
		old = before.status if before else DRAFT
		allowed = {
			DRAFT: {DRAFT, SENT},
			SENT: {SENT, CONFIRMED, DISPUTED},
			DISPUTED: {DISPUTED, SENT, CONFIRMED},
		}
		if self.status not in allowed.get(old, {old}):
			frappe.throw(
				_("A reconciliation in status {0} cannot become {1}.").format(
					_(old, context=self.doctype), _(self.status, context=self.doctype)
				),
				title=_("Invalid Status"),
			)
		if self.status == DISPUTED:
			self.client_closing_balance = parse_amount(self.client_closing_balance)
			self.difference = flt(self.client_closing_balance - self.closing_balance, 2)
		elif self.status == CONFIRMED:
			self.client_closing_balance = self.closing_balance
			self.difference = 0

	def set_contact(self):
		if not self.contact:
			self.contact = accounts_contact(self.customer)
		self.email_id = frappe.db.get_value("Contact", self.contact, "email_id") if self.contact else None

	def build_statement(self):
		"""Fill the statement from the ledger (while the reconciliation is a draft)."""
		statement = (
			self.flags.statement
			or statements.statements([self.customer], self.company, self.from_date, self.to_date)[
				self.customer
			]
		)
		for field in ("opening_balance", "total_debit", "total_credit", "closing_balance"):
			self.set(field, statement[field])
		self.set("entries", [])
		for entry in statement.entries:
			self.append("entries", {**entry, "currency": self.currency})

	# -- actions ---------------------------------------------------------------------------------

	@frappe.whitelist()
	@exactly_once
	def send_to_client(self) -> str:
		"""E-mail the statement (PDF of the print format) to the accounts contact; status Sent. Sent again
		within a minute or two (a double click, a retry), it is sent once."""
		self.check_permission("write")
		lock(self)
		repeat = recent_email(self.doctype, self.name)
		if repeat:
			done_already(_("Reconciliation {0} was sent").format(self.name), repeat.owner, repeat.creation)
			return repeat.name
		if self.status not in (DRAFT, SENT, DISPUTED):
			frappe.throw(_("A confirmed reconciliation is not sent again."), title=_("Already Confirmed"))
		if self.status == DRAFT:
			self.build_statement()
		self.set_contact()
		if not self.email_id:
			frappe.throw(
				_(
					"{0} has no accounts contact with an e-mail address: choose one in Accounts Contact."
				).format(frappe.bold(self.customer_name or self.customer)),
				title=_("No Recipient"),
			)
		period = _("{0} to {1}").format(
			frappe.format_value(self.from_date, "Date"), frappe.format_value(self.to_date, "Date")
		)
		subject = _("Settlement reconciliation {0}: {1}").format(period, self.customer_name)
		body = _(
			"please find attached the statement of your account with {0} for {1}: "
			"closing balance {2}. Please confirm it, or reply with your figure."
		).format(
			self.company,
			period,
			frappe.format_value(self.closing_balance, "Currency", currency=self.currency),
		)
		content = "<br><br>".join((_("Dear Sir or Madam,"), body, _("Kind regards")))
		name = email_document(
			self.doctype,
			self.name,
			self.email_id,
			subject,
			content,
			print_format=PRINT_FORMAT,
			attachments=[
				{
					"print_format_attachment": 1,
					"doctype": self.doctype,
					"name": self.name,
					"print_format": PRINT_FORMAT,
				}
			],
		)
		self.status = SENT
		self.sent_on = frappe.utils.now_datetime()
		self.save()
		return name

	@frappe.whitelist()
	@exactly_once
	def confirm(self):
		"""The client confirmed the closing balance."""
		self.check_permission("write")
		lock(self)
		if self.status == CONFIRMED:
			done_already(
				_("Reconciliation {0} was confirmed").format(self.name), self.modified_by, self.modified
			)
			return
		self.status = CONFIRMED
		self.answered_on = nowdate()
		self.save()

	@frappe.whitelist()
	@exactly_once
	def dispute(self, client_closing_balance, notes: str | None = None):
		"""The client disputes it: record the client's closing balance and the difference."""
		self.check_permission("write")
		figure = parse_amount(client_closing_balance)
		lock(self)
		if self.status == DISPUTED and flt(self.client_closing_balance, 2) == figure:
			done_already(
				_("Reconciliation {0} was disputed").format(self.name), self.modified_by, self.modified
			)
			return
		self.status = DISPUTED
		self.client_closing_balance = figure
		self.dispute_notes = notes or self.dispute_notes
		self.answered_on = nowdate()
		self.save()


def parse_amount(value) -> float:
	"""The client's figure as a number; a clear message when it is not one."""
	if isinstance(value, bool) or value in (None, ""):
		frappe.throw(_("Enter the client's closing balance."), title=_("Figure Missing"))
	if isinstance(value, int | float):
		return flt(value, 2)
	text = str(value).strip().replace(" ", "").replace("\u00a0", "")
	if text.count(",") == 1 and "." not in text:
		text = text.replace(",", ".")  # a decimal comma, as in Poland
	try:
		return flt(float(text), 2)
	except ValueError:
		frappe.throw(
			_("The client's closing balance must be a number, not {0}.").format(
				frappe.bold(frappe.utils.escape_html(str(value)))
			),
			title=_("Not a Number"),
		)


def on_doctype_update():
	frappe.db.add_unique(
		"Settlement Reconciliation",
		["company", "customer", "from_date", "to_date"],
		constraint_name="unique_customer_period",
	)


def accounts_contact(customer: str) -> str | None:
	"""The client's billing contact with an e-mail, else its primary contact, else any with an e-mail."""
	contacts, contact, link = linked_contacts()
	return (
		contacts.select(contact.name)
		.where(
			(link.link_doctype == "Customer")
			& (link.link_name == customer)
			& contact.email_id.isnotnull()
			& (contact.email_id != "")
		)
		.orderby(contact.is_billing_contact, order=frappe.qb.desc)
		.orderby(contact.is_primary_contact, order=frappe.qb.desc)
		.orderby(contact.creation)
		.limit(1)
		.run(pluck=True)
		or [None]
	)[0]


# -- the monthly job ---------------------------------------------------------------------------------


def previous_month_period(today=None) -> tuple:
	"""(first day, last day) of the month before `today`'s: the period reconciled this month."""
	start = get_first_day(add_months(getdate(today or nowdate()), -1))
	return start, get_last_day(start)


def draft_monthly_reconciliations(today=None) -> list[str]:
	"""Monthly (hooks.py): a draft reconciliation of last month for every active customer of every
	company, in batches across the workers (batches.run). Running it again creates nothing new. Returns
	the reconciliations made when the batches ran here (the demo: batches.inline)."""
	from_date, to_date = previous_month_period(today)
	made = []
	for company in frappe.get_all("Company", pluck="name"):
		customers = statements.active_customers(company, from_date, to_date)
		existing = set(
			frappe.get_all(
				"Settlement Reconciliation",
				filters={"company": company, "from_date": from_date, "to_date": to_date},
				pluck="customer",
			)
		)
		made += batches.run(
			_("Settlement reconciliations of {0}").format(company),
			"account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation.draft_reconciliations",
			[c for c in customers if c not in existing],
			company=company,
			from_date=str(from_date),
			to_date=str(to_date),
		)
	return made


def draft_reconciliations(customers: list[str], company: str, from_date: str, to_date: str) -> list[str]:
	"""A batch of the monthly drafting: the customers' statements read together, a draft each.
	Idempotent: a customer who has the period's reconciliation gets no second."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	present = [c for c in customers if frappe.db.exists("Customer", c)]
	for customer in set(customers) - set(present):
		batches.skip(customer, _("the customer no longer exists (deleted or merged)"))
	built = statements.statements(present, company, from_date, to_date)

	def handle(customer):
		doc = frappe.get_doc(
			{
				"doctype": "Settlement Reconciliation",
				"customer": customer,
				"company": company,
				"from_date": from_date,
				"to_date": to_date,
			}
		)
		doc.flags.statement = built[customer]
		try:
			doc.insert(ignore_permissions=True)  # the scheduler's draft, for the client's owner
		except DuplicateReconciliationError:
			return None
		return doc.name

	return batches.for_each(present, handle)
