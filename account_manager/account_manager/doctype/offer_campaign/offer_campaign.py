# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

"""One offer or promotion to many clients (OF5). The lines, the proposal and the Email Template are given
once; the campaign job makes a Commercial Offer per client with that client's own prices and stock
verdicts and e-mails it with its PDF (a promotion: the text and its attachment, without lines). Who was
sent it, who was skipped and why are on the campaign's recipients; a run stopped midway is run again and
sends only to those still pending or failed."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_to_date, cint, now_datetime, strip_html
from frappe.utils.background_jobs import get_queue, is_job_enqueued

from account_manager import debt, ownership
from account_manager.concurrency import (
	done_already,
	exactly_once,
	insert_with_key,
	lock,
	made_with_key,
	recent_change,
)
from account_manager.erp import pricing, stock
from account_manager.erp.contacts import linked_contacts
from account_manager.rules import outreach as rule
from account_manager.utils import default_company, email_document, set_audited

SETTINGS = "Account Manager Settings"
QUEUE_THRESHOLD = 10  # more recipients than this: a background job, fewer: at once with progress
JOB_TIMEOUT = 3600
RESUME_AFTER_MINUTES = 5  # a campaign job that stopped is queued again once its campaign is this quiet
RESULT_FIELDS = ("status", "reason", "email", "commercial_offer", "sent_on")


class NoRecipientsError(frappe.ValidationError):
	pass


class TemplateRenderError(frappe.ValidationError):
	pass


class OfferCampaign(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from account_manager.account_manager.doctype.offer_campaign_item.offer_campaign_item import (
			OfferCampaignItem,
		)
		from account_manager.account_manager.doctype.offer_campaign_recipient.offer_campaign_recipient import (
			OfferCampaignRecipient,
		)

		account_manager: DF.Link | None
		attachment: DF.Attach | None
		company: DF.Link
		email_template: DF.Link
		failed_count: DF.Int
		items: DF.Table[OfferCampaignItem]
		kind: DF.Literal["Offer", "Promotion"]
		naming_series: DF.Literal["OC-.YYYY.-.#####"]
		proposal: DF.TextEditor | None
		recipients: DF.Table[OfferCampaignRecipient]
		sent_count: DF.Int
		skipped_count: DF.Int
		status: DF.Literal["Draft", "Queued", "Sending", "Sent", "Partly Sent", "Nothing Sent"]
		title: DF.Data
		valid_till: DF.Date | None
	# end: auto-generated types

	def before_validate(self):
		self.company = self.company or default_company()
		if self.is_new():
			# the campaign is its sender's: a manager never makes one in another's name
			ownership.derive_owner(self, frappe.session.user)
		elif not self.flags.ignore_permissions and ownership.changed_fields(self, ["account_manager"]):
			ownership.refuse(
				_("You may not change {0}: {1}").format(
					ownership.label(self, "account_manager"), _("a campaign stays with its sender.")
				)
			)

	def validate(self):
		self.validate_content()
		self.validate_recipients()
		self.update_counts()

	def validate_content(self):
		if self.kind == rule.PROMOTION and self.items:
			frappe.throw(
				_("A promotion has no item lines: choose the kind Offer to offer items."),
				title=_("Promotion With Lines"),
			)
		if self.kind == rule.PROMOTION and not strip_html(self.proposal or "").strip():
			frappe.throw(_("Write the promotion's text."), title=_("Promotion Without Text"))

	def validate_recipients(self):
		"""Each client once, and only clients of the sender's portfolios (judged on the cards as stored)."""
		repeated = rule.duplicates([row.client_card for row in self.recipients])
		if repeated:
			frappe.throw(
				_("A client is named more than once: {0}.").format(", ".join(map(frappe.bold, repeated))),
				title=_("Client Named Twice"),
			)
		before = self.get_doc_before_save()
		stored = {row.name: row for row in (before.recipients if before else [])}
		current = {row.name: row.client_card for row in self.recipients}
		for name, row in stored.items():
			if row.status != rule.PENDING and current.get(name) != row.client_card:
				frappe.throw(
					_("{0}: a client the campaign was sent to or skipped stays on it.").format(
						frappe.bold(row.party_name or row.client_card)
					),
					title=_("Client Already Decided"),
				)
		for row in self.recipients:
			if not frappe.db.exists("Client Card", row.client_card) or not frappe.has_permission(
				"Client Card", "read", doc=row.client_card
			):
				frappe.throw(
					_("Row {0}: {1} is not in your portfolio, or does not exist.").format(
						row.idx, frappe.bold(row.client_card)
					),
					title=_("Not Permitted"),
					exc=frappe.PermissionError,
				)
			# what was sent and why a client was skipped are the job's to write, never a request's
			kept = stored.get(row.name)
			for field in RESULT_FIELDS:
				row.set(field, kept.get(field) if kept else None)
			row.status = row.status or rule.PENDING

	def update_counts(self):
		tally = rule.counts([row.status or rule.PENDING for row in self.recipients])
		self.sent_count, self.skipped_count, self.failed_count = (
			tally[rule.SENT],
			tally[rule.SKIPPED],
			tally[rule.FAILED],
		)

	# -- sending ---------------------------------------------------------------------------------------

	@frappe.whitelist()
	@exactly_once(retry=False)  # a campaign of more than ten clients commits each client as its job goes
	def send(self) -> str:
		"""Send the campaign to every recipient still pending or failed: in the background when there are
		many (progress shown as it goes), else at once. Returns the campaign's status."""
		self.check_permission("write")
		lock(self)  # the recipients as a parallel sending left them
		if self.status in ("Queued", "Sending") and is_job_enqueued(self.job_id()):
			frappe.throw(_("The campaign is being sent already."), title=_("Already Sending"))
		# else a job that was stopped (a worker killed midway): sending again resumes it
		todo = rule.still_to_send([row.status for row in self.recipients])
		sent = None if todo else recent_change(self.doctype, self.name, ("sent_count",))
		if sent:  # by a parallel or a repeated call, a moment ago
			done_already(_("Campaign {0} was sent").format(self.name), sent.owner, sent.creation)
			return self.status
		if not todo:
			frappe.throw(
				_("Nobody to send it to: add clients to the campaign's recipients.")
				if not self.recipients
				else _("Every client of the campaign was sent it or skipped already."),
				title=_("No Recipients"),
				exc=NoRecipientsError,
			)
		if self.kind == rule.OFFER and not self.items and not strip_html(self.proposal or "").strip():
			frappe.throw(_("Give the offer item lines or a proposal text."), title=_("Nothing to Offer"))
		self.check_template(self.recipients[todo[0]])
		self.save()
		self.db_set("status", "Queued")
		if len(todo) > QUEUE_THRESHOLD:
			self.enqueue()
			return "Queued"
		# a few clients at once, in this request's transaction: their records and queued e-mails are
		# committed together at its end (nothing leaves before: e-mails go through the Email Queue)
		run_campaign(self.name, commit_each=False)
		self.reload()
		return self.status

	def job_id(self) -> str:
		return job_id(self.name)

	def enqueue(self):
		frappe.enqueue(
			run_campaign,
			queue="long",
			timeout=JOB_TIMEOUT,
			campaign=self.name,
			job_id=self.job_id(),
			deduplicate=True,
			enqueue_after_commit=True,
		)

	def template(self):
		return frappe.get_cached_doc("Email Template", self.email_template)

	def render(self, doc, party_name: str) -> tuple[str, str]:
		"""The e-mail's subject and body for one client. Jinja gets `doc` (the offer; for a promotion the
		campaign), `offer`, `campaign` and `party_name`."""
		template = self.template()
		sender = doc.sender_name() if doc.doctype == "Commercial Offer" else None
		sender = (
			sender or frappe.db.get_value("User", frappe.session.user, "full_name") or frappe.session.user
		)
		context = {
			"doc": doc,
			"offer": doc,
			"campaign": self,
			"party_name": party_name,
			"sender_name": sender,
		}
		try:
			return (
				frappe.render_template(template.subject, context),
				frappe.render_template(template.response_html or template.response or "", context),
			)
		except Exception as e:
			frappe.clear_last_message()
			frappe.throw(
				_("Email Template {0} fails to render for {1}: {2}").format(
					frappe.bold(template.name), frappe.bold(party_name), strip_html(str(e))
				),
				title=_("Template Error"),
				exc=TemplateRenderError,
			)

	def check_template(self, row):
		"""Render the template once before anything is sent, so that a broken template sends nothing."""
		self.render(self, row.party_name or row.client_card)

	# -- one client ------------------------------------------------------------------------------------

	def decide(self, row) -> tuple[dict, str | None, str | None, str | None]:
		"""(card, contact, e-mail, skip reason or None) of one client as of now: the same decision for the
		preview and the run."""
		card = frappe.db.get_value(
			"Client Card", row.client_card, ["party_type", "party", "party_name"], as_dict=True
		)
		contact, email = offer_contact(card.party_type, card.party)
		reason = rule.skip_reason(
			rule.Recipient(
				email=email,
				unsubscribed=bool(email) and unsubscribed(email, self, row.client_card, card),
				overdue_beyond_tolerance=card.party_type == "Customer"
				and overdue_beyond_tolerance(card.party, self.company),
			)
		)
		return card, contact, email, reason

	@frappe.whitelist()
	def preview(self) -> dict:
		"""What Send Campaign would do now, before anything is sent: the clients it sends to and those it
		skips, each with why (no e-mail contact, unsubscribed, debt overdue beyond the tolerance), and how
		many were decided by an earlier run (never sent again). Writes nothing."""
		self.check_permission("read")
		todo = [self.recipients[i] for i in rule.still_to_send([row.status for row in self.recipients])]
		send, skip = [], []
		with debt.shared_status(customers_of([row.client_card for row in todo]), self.company):
			for row in todo:
				card, _contact, email, reason = self.decide(row)
				client = {"client_card": row.client_card, "party_name": card.party_name, "email": email}
				if reason:
					skip.append(
						{**client, "code": reason, "reason": _(reason, context="Offer Campaign Recipient")}
					)
				else:
					send.append(client)
		outcome = rule.preview(
			[(c["client_card"], None) for c in send] + [(c["client_card"], c["code"]) for c in skip]
		)
		return {
			"send": send,
			"skip": skip,
			"reasons": [
				{"code": code, "reason": _(code, context="Offer Campaign Recipient"), "count": count}
				for code, count in outcome.reasons().items()
			],
			"decided_before": len(self.recipients) - len(todo),
		}

	def send_to(self, row) -> dict:
		"""Decide and send for one client; returns the values of its recipient row."""
		card, contact, email, reason = self.decide(row)
		if reason:
			# Frappe's own "Unsubscribed" means something else: the app's reasons carry their context
			return {
				"status": rule.SKIPPED,
				"reason": _(reason, context="Offer Campaign Recipient"),
				"email": email,
			}
		if self.kind == rule.PROMOTION:
			self.send_promotion(row, card, email)
			return {"status": rule.SENT, "reason": None, "email": email, "sent_on": now_datetime()}
		offer = self.send_offer(row, contact, email)
		return {
			"status": rule.SENT,
			"reason": None,
			"email": email,
			"commercial_offer": offer.name,
			"sent_on": offer.sent_on,
		}

	def send_offer(self, row, contact: str | None, email: str):
		"""A Commercial Offer for the client, priced and checked for stock as any offer, e-mailed with its
		PDF. An offer of this campaign sent to the client before (a run stopped after sending) is kept."""
		sent = frappe.db.get_value(
			"Commercial Offer",
			{"offer_campaign": self.name, "client_card": row.client_card, "sent_on": ("is", "set")},
			["name", "sent_on"],
			as_dict=True,
		)
		if sent:
			return sent
		offer = frappe.get_doc(
			{
				"doctype": "Commercial Offer",
				"client_card": row.client_card,
				"offer_campaign": self.name,
				"channel": "E-mail",
				"company": self.company,
				"contact_person": contact,
				"contact_email": email,
				"valid_till": self.valid_till,
				"proposal": self.proposal,
				"email_template": self.email_template,
				"items": [{"item_code": d.item_code, "qty": d.qty} for d in self.items],
				# made as sent (Draft -> Sent), so that it is priced and checked once, in one save
				"status": "Sent",
				"sent_on": now_datetime(),
				"sent_by": frappe.session.user,  # signed by its sender, a deputy too
			}
		)
		offer.flags.sending = True
		offer.insert()
		self.render(offer, offer.party_name)  # a template failing for this client fails here, plainly
		offer.email(email, self.email_template)
		return offer

	def send_promotion(self, row, card, email: str):
		"""The promotion's text and attachment by e-mail, on the campaign's timeline and the client card's
		(a Communication of the campaign, not of an offer: counted apart from the offers)."""
		subject, content = self.render(self, card.party_name)
		attachments = []
		if self.attachment:
			attachments = frappe.get_all(
				"File",
				filters={
					"file_url": self.attachment,
					"attached_to_doctype": self.doctype,
					"attached_to_name": self.name,
				},
				pluck="name",
				limit=1,
			)
		name = email_document(
			self.doctype,
			self.name,
			email,
			subject,
			content,
			email_template=self.email_template,
			attachments=attachments,
		)
		communication = frappe.get_doc("Communication", name)
		communication.add_link("Client Card", row.client_card)
		communication.save(ignore_permissions=True)


def run_campaign(campaign: str, commit_each: bool = True):
	"""The campaign job: each client still pending or failed is decided and sent in a transaction of its
	own (committed at once), so a job stopped midway (its worker killed, the database restarted) leaves
	those sent recorded as sent, and running it again (`resume_campaigns`, or *Send* again) sends only to
	the rest. A client that fails is recorded with the reason and the job goes on. `commit_each=False`:
	a request sending to a few clients keeps them in its own transaction (all or nothing)."""
	doc = frappe.get_doc("Offer Campaign", campaign)
	doc.db_set("status", "Sending")
	todo = rule.still_to_send([row.status for row in doc.recipients])
	customers = customers_of([doc.recipients[i].client_card for i in todo])
	# the same lines for everyone: checked for stock once, and priced once per pricing context (clients
	# ERPNext prices alike; a client with prices of its own is priced on its own); the customers' debts
	# read together, once for the skip rule and the offers' warnings
	with (
		pricing.shared_quotes(),
		stock.shared_checks(),
		debt.shared_status(customers, doc.company),
	):
		for done, index in enumerate(todo):
			row = doc.recipients[index]
			frappe.publish_progress(
				100 * done / len(todo),
				title=_("Sending {0}").format(doc.title),
				description=row.party_name or row.client_card,
			)
			# a locking read of the client's line: a parallel sending (a double click, a job and a click)
			# waits for the one sending to it, then finds it sent
			current = frappe.db.get_value(
				row.doctype,
				row.name,
				["status", "reason", "commercial_offer", "sent_on"],
				as_dict=True,
				for_update=True,
			)
			if current and current.status != row.status:
				row.update(current)
				continue
			savepoint = f"campaign_{row.name}"
			frappe.db.savepoint(savepoint)
			try:
				values = doc.send_to(row)
			except Exception as e:
				frappe.db.rollback(save_point=savepoint)
				frappe.clear_last_message()
				reason = strip_html(str(e)).strip() or type(e).__name__
				values = {"status": rule.FAILED, "reason": reason[:500]}
			row.update(values)
			row.db_update()
			if commit_each:
				frappe.db.commit()  # nosemgrep: a resumable job records each client it sent to at once
	tally = rule.counts([row.status for row in doc.recipients])
	set_audited(  # the outcome on the campaign's timeline, under the sender's name
		doc,
		{
			"status": rule.campaign_status([row.status for row in doc.recipients]),
			"sent_count": tally[rule.SENT],
			"skipped_count": tally[rule.SKIPPED],
			"failed_count": tally[rule.FAILED],
		},
	)
	if commit_each:
		frappe.db.commit()  # nosemgrep: the outcome, seen at once by whoever has the campaign open
	frappe.publish_progress(100, title=_("Sending {0}").format(doc.title))


def customers_of(client_cards: list[str]) -> list[str]:
	"""The Customers of the cards (a lead or prospect has no ledger to read)."""
	if not client_cards:
		return []
	return frappe.get_all(
		"Client Card",
		filters={"name": ("in", client_cards), "party_type": "Customer"},
		pluck="party",
	)


def job_id(campaign: str) -> str:
	return f"offer_campaign::{campaign}"


def resume_campaigns() -> list[str]:
	"""Every few minutes (hooks.py, beside resume_job_runs): a campaign job that stopped midway — its
	worker killed, the database restarted under it — left the campaign Queued or Sending with no job
	queued or running for it (RQ's view); it is queued again, as its sender (who last changed it), and
	sends only to the clients still pending or failed. A campaign changed in the last minutes is left
	alone (its job may be about to be queued). Returns the campaigns queued again."""
	# RQ's own clean-up, which its workers run every ten minutes: a job whose worker died (no heartbeat
	# for a minute and a half) is marked failed, so that it no longer counts as running
	get_queue("long").started_job_registry.cleanup()
	quiet_since = add_to_date(now_datetime(), minutes=-RESUME_AFTER_MINUTES)
	stopped = frappe.get_all(
		"Offer Campaign",
		filters={"status": ("in", ("Queued", "Sending")), "modified": ("<", quiet_since)},
		fields=["name", "modified_by"],
		order_by="modified",
	)
	resumed = []
	user = frappe.session.user
	for row in stopped:
		if is_job_enqueued(job_id(row.name)):
			continue  # still running (or waiting for a worker)
		try:
			frappe.set_user(row.modified_by)
			frappe.get_doc("Offer Campaign", row.name).enqueue()
		finally:
			frappe.set_user(user)
		resumed.append(row.name)
	return resumed


# -- the facts the skip rule needs ---------------------------------------------------------------------


def offer_contact(party_type: str, party: str) -> tuple[str | None, str | None]:
	"""The client's contact for offers: its decision maker with an e-mail address, else its primary contact
	with one, else the first one made with one; for a lead without contacts, the lead's own e-mail. A new
	offer takes it too (Commercial Offer)."""
	contacts, contact, link = linked_contacts()
	row = (
		contacts.select(contact.name, contact.email_id)
		.where(
			(link.link_doctype == party_type)
			& (link.link_name == party)
			& contact.email_id.isnotnull()
			& (contact.email_id != "")
			& (contact.unsubscribed == 0)
		)
		.orderby(contact.is_decision_maker, order=frappe.qb.desc)
		.orderby(contact.is_primary_contact, order=frappe.qb.desc)
		.orderby(contact.creation)
		.limit(1)
		.run()
	)
	if row:
		return row[0][0], row[0][1]
	if party_type == "Lead":
		return None, frappe.db.get_value("Lead", party, "email_id") or None
	return None, None


def unsubscribed(email: str, campaign, client_card: str, card) -> bool:
	"""Whether the address asked not to be written to (Frappe's Email Unsubscribe): everywhere, or from
	this client's card, its party, or this campaign."""
	unsubscribe = frappe.qb.DocType("Email Unsubscribe")
	references = [
		("Client Card", client_card),
		(card.party_type, card.party),
		(campaign.doctype, campaign.name),
	]
	condition = unsubscribe.global_unsubscribe == 1
	for doctype, name in references:
		condition |= (unsubscribe.reference_doctype == doctype) & (unsubscribe.reference_name == name)
	return bool(
		frappe.qb.from_(unsubscribe)
		.select(unsubscribe.name)
		.where((unsubscribe.email == email) & condition)
		.limit(1)
		.run()
	)


def overdue_beyond_tolerance(customer: str, company: str) -> bool:
	from account_manager.debt import debt_status
	from account_manager.rules.debt import OVERDUE_BEYOND_TOLERANCE

	return any(r["code"] == OVERDUE_BEYOND_TOLERANCE for r in debt_status(customer, company)["reasons"])


# -- from the lists ------------------------------------------------------------------------------------


@frappe.whitelist()
@exactly_once
def make_campaign(
	client_cards: list[str] | str | None = None,
	title: str | None = None,
	kind: str = rule.OFFER,
	email_template: str | None = None,
	proposal: str | None = None,
	segment: str | None = None,
	not_offered_days: int | None = None,
	request_key: str | None = None,
) -> str:
	"""A draft campaign to the selected clients (Client Card list: Send Offer to Selected), or to the
	clients of the caller's portfolios chosen by a filter: a segment (A, B, C), and/or not sent an offer
	in the last N days. The clients must be in the caller's portfolios. Returns its name; the lines are
	added on the campaign. `request_key`, a key the caller makes once per campaign (a UUID), makes a repeat
	(a retry, a double click) answer with the campaign made the first time."""
	made = made_with_key("Offer Campaign", request_key)
	if made:
		return made
	if isinstance(client_cards, str):
		client_cards = frappe.parse_json(client_cards)
	if segment or cint(not_offered_days) > 0:
		client_cards = [*(client_cards or []), *filtered_cards(segment, cint(not_offered_days))]
	cards = list(dict.fromkeys(client_cards or []))
	if not cards:
		frappe.throw(_("Select the clients to send it to."), title=_("No Recipients"), exc=NoRecipientsError)
	doc = frappe.get_doc(
		{
			"doctype": "Offer Campaign",
			"title": title or _("Offer of {0}").format(frappe.utils.formatdate(frappe.utils.nowdate())),
			"kind": kind,
			"email_template": email_template or frappe.db.get_single_value(SETTINGS, "offer_email_template"),
			"proposal": proposal,
			"recipients": [{"client_card": card} for card in cards],
		}
	)
	return insert_with_key(doc, request_key)


def filtered_cards(segment: str | None, not_offered_days: int) -> list[str]:
	"""The caller's own clients (get_list applies the portfolio rule) of the segment and/or without an
	offer sent in the last `not_offered_days` days."""
	filters = {"segment": segment} if segment else {}
	if not_offered_days > 0:
		since = frappe.utils.add_days(now_datetime(), -not_offered_days)
		offered = frappe.get_all(
			"Commercial Offer", filters={"sent_on": (">=", since)}, pluck="client_card", distinct=True
		)
		if offered:
			filters["name"] = ("not in", offered)
	return frappe.get_list("Client Card", filters=filters, pluck="name", order_by="name")


def promotions_sent(managers: list[str], start, end) -> dict[tuple[str, object], int]:
	"""{(manager, day): clients sent a promotion}: counted apart from the e-mail offers of the quota."""
	from frappe.query_builder.functions import Count, Date

	from account_manager.kpi import day_bounds

	if not managers:
		return {}
	low, high = day_bounds(start, end)
	comm = frappe.qb.DocType("Communication")
	rows = (
		frappe.qb.from_(comm)
		.select(comm.user, Date(comm.communication_date), Count("*"))
		.where(
			(comm.reference_doctype == "Offer Campaign")
			& (comm.communication_type == "Communication")
			& (comm.sent_or_received == "Sent")
			& comm.user.isin(managers)
			& comm.communication_date.between(low, high)
		)
		.groupby(comm.user, Date(comm.communication_date))
		.run()
	)
	return {(user, frappe.utils.getdate(day)): cint(n) for user, day, n in rows}
