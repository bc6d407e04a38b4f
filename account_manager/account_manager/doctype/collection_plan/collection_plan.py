# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Collection Plan (DR2): one open plan per customer with overdue debt, with dated steps from the
template in Account Manager Settings; each due step becomes a ToDo for the owning manager once; a
step is closed by its logged outcome; the plan closes itself when the ledger shows nothing overdue."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_link_to_form, getdate, nowdate

from erpnext.accounts.doctype.sales_invoice.sales_invoice import create_dunning

from account_manager import batches, ownership
from account_manager.concurrency import done_already, exactly_once, lock
from account_manager.erp import receivables
from account_manager.rules.collection import (
	DEFAULT_STEPS,
	DUNNING,
	ESCALATION,
	is_due,
	is_settled,
	needs_plan,
	plan_steps,
)
from account_manager.utils import refuse_duplicate, users_with_roles

OPEN, CLOSED = "Open", "Closed"


class DuplicateCollectionPlanError(frappe.ValidationError):
	pass


class CollectionPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from account_manager.account_manager.doctype.collection_plan_step.collection_plan_step import (
			CollectionPlanStep,
		)

		account_manager: DF.Link | None
		close_reason: DF.Data | None
		closed_on: DF.Date | None
		company: DF.Link
		customer: DF.Link
		customer_name: DF.Data | None
		last_checked_on: DF.Date | None
		oldest_overdue_days: DF.Int
		open_key: DF.Data | None
		overdue: DF.Currency
		overdue_at_start: DF.Currency
		start_date: DF.Date | None
		status: DF.Literal["Open", "Closed"]
		steps: DF.Table[CollectionPlanStep]
	# end: auto-generated types

	def before_validate(self):
		ownership.guard_unchanged(
			self, ["customer", "company", "account_manager"], _("the plan is the collection job's.")
		)
		if self.is_new() or self.has_value_changed("customer"):
			ownership.derive_owner(self, owning_manager(self.customer))
		if not self.start_date:
			self.start_date = nowdate()
		if self.is_new() and not self.steps:
			self.set_steps_from_template()

	def validate(self):
		self.open_key = f"{self.company}::{self.customer}" if self.status == OPEN else None
		self.validate_single_open_plan()
		self.close_steps_with_outcome()

	def validate_single_open_plan(self):
		if not self.open_key:
			return
		other = frappe.db.get_value(
			"Collection Plan", {"open_key": self.open_key, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			refuse_duplicate(
				self,
				other,
				_("{0} already has an open collection plan: {1}"),
				_("Duplicate Collection Plan"),
				DuplicateCollectionPlanError,
			)

	def set_steps_from_template(self):
		for step in plan_steps(getdate(self.start_date), step_template()):
			self.append(
				"steps",
				{
					"day": step.day,
					"action": step.action,
					"due_date": step.due_date,
					"status": "Pending",
					"instructions": step_instructions().get((step.day, step.action)),
				},
			)

	def close_steps_with_outcome(self):
		"""A step with a logged outcome is done: who and when are recorded, its ToDo is closed."""
		for step in self.steps:
			if step.outcome and step.status not in ("Done", "Cancelled"):
				step.status = "Done"
				step.done_on = nowdate()
				step.done_by = frappe.session.user
				if step.todo:
					close_todo(step.todo)

	@frappe.whitelist()
	@exactly_once
	def log_outcome(self, step: str, outcome: str, notes: str | None = None):
		"""Log the outcome of a step (by its row name) and so close it."""
		self.check_permission("write")
		lock(self)
		row = next((s for s in self.steps if s.name == step), None)
		if not row:
			frappe.throw(_("Step {0} is not a step of this plan.").format(frappe.bold(step)))
		options = frappe.get_meta("Collection Plan Step").get_options("outcome").split("\n")
		if not outcome or outcome not in options:
			frappe.throw(
				_("{0} is not a known outcome.").format(frappe.bold(outcome)), title=_("Invalid Outcome")
			)
		if row.outcome == outcome and (row.outcome_notes or None) == (notes or None):
			done_already(
				_("The outcome {0} of the step was logged").format(_(outcome)),
				self.modified_by,
				self.modified,
			)
			return
		row.outcome = outcome
		row.outcome_notes = notes
		self.save()

	def close(self, reason: str):
		self.status = CLOSED
		self.closed_on = nowdate()
		self.close_reason = reason
		for step in self.steps:
			if step.status in ("Pending", "Due"):
				step.status = "Cancelled"
				if step.todo:
					close_todo(step.todo)
		self.save(ignore_permissions=True)


def on_doctype_update():
	frappe.db.add_index("Collection Plan", ["customer", "status"])


def step_template() -> list[tuple[int, str]]:
	rows = frappe.get_all(
		"Collection Step Template",
		filters={"parenttype": "Account Manager Settings", "parentfield": "collection_steps"},
		fields=["day", "action"],
		order_by="idx asc",
	)
	return [(r.day, r.action) for r in rows] or list(DEFAULT_STEPS)


def validate_template(rows) -> None:
	"""Account Manager Settings: every collection step is on day 1 or later, once per day and action."""
	seen = set()
	for row in rows:
		if cint(row.day) < 1:
			frappe.throw(
				_(
					"Row {0}: a collection step is on day 1 (the day the plan opens) or later, not {1}."
				).format(row.idx, row.day),
				title=_("Invalid Collection Step"),
			)
		if (cint(row.day), row.action) in seen:
			frappe.throw(
				_("Row {0}: {1} on day {2} is already in the template.").format(
					row.idx, _(row.action, context=row.doctype), row.day
				),
				title=_("Invalid Collection Step"),
			)
		seen.add((cint(row.day), row.action))


def step_instructions() -> dict:
	rows = frappe.get_all(
		"Collection Step Template",
		filters={"parenttype": "Account Manager Settings", "parentfield": "collection_steps"},
		fields=["day", "action", "instructions"],
	)
	return {(r.day, r.action): r.instructions for r in rows if r.instructions}


def owning_manager(customer: str) -> str | None:
	return frappe.db.get_value(
		"Client Card", {"party_type": "Customer", "party": customer}, "account_manager"
	) or frappe.db.get_value("Customer", customer, "account_manager")


def close_todo(todo: str):
	if frappe.db.get_value("ToDo", todo, "status") == "Open":
		frappe.db.set_value("ToDo", todo, "status", "Closed")


# -- the daily job ---------------------------------------------------------------------------------


def run_collection(today=None) -> list[str]:
	"""Daily (hooks.py): open plans for new overdue debt, close the paid ones, turn due steps into
	ToDos. One scan of the ledger finds the customers to look at; they are handled in batches across the
	workers (batches.run). Running it twice on a day creates nothing new. Returns the plans opened when
	the batches ran here (the demo: batches.inline)."""
	today = getdate(today or nowdate())
	opened = []
	for company in frappe.get_all("Company", pluck="name"):
		overdue = receivables.overdue_customers(company, today)
		planned = frappe.get_all(
			"Collection Plan", filters={"company": company, "status": OPEN}, pluck="customer"
		)
		opened += batches.run(
			_("Collection plans of {0}").format(company),
			"account_manager.account_manager.doctype.collection_plan.collection_plan.collect",
			sorted(set(planned) | set(overdue)),
			company=company,
			today=str(today),
		)
	return opened


def collect(customers: list[str], company: str, today: str) -> list[str]:
	"""A batch of the daily collection: each customer's open plan brought up to date (closed when paid),
	or a plan opened for new overdue debt. Idempotent: a customer with an open plan gets no second."""
	today = getdate(today)
	balances = receivables.party_balances(customers, company, today)
	plans = dict(
		frappe.get_all(
			"Collection Plan",
			filters={"company": company, "status": OPEN, "customer": ("in", customers)},
			fields=["customer", "name"],
			as_list=True,
		)
	)

	def handle(customer):
		if not frappe.db.exists("Customer", customer):
			batches.skip(customer, _("the customer no longer exists (deleted or merged)"))
			return None
		if customer in plans:
			update_plan(frappe.get_doc("Collection Plan", plans[customer]), balances[customer], today)
			return None
		if needs_plan(balances[customer].overdue):
			plan = open_plan(customer, company, balances[customer], today)
			return plan.name if plan else None
		return None

	return batches.for_each(customers, handle)


def open_plan(customer: str, company: str, balance, today):
	plan = frappe.get_doc(
		{
			"doctype": "Collection Plan",
			"customer": customer,
			"company": company,
			"start_date": today,
			"overdue_at_start": balance.overdue,
			"overdue": balance.overdue,
			"oldest_overdue_days": balance.oldest_overdue_days,
			"last_checked_on": today,
		}
	)
	try:
		plan.insert(ignore_permissions=True)
	except DuplicateCollectionPlanError:
		return None
	create_due_tasks(plan, today)
	return plan


def update_plan(plan, balance, today):
	if is_settled(balance.overdue):
		plan.overdue = 0
		plan.oldest_overdue_days = 0
		plan.last_checked_on = today
		plan.close(_("Overdue debt paid"))
		return
	if (plan.overdue, plan.oldest_overdue_days) != (balance.overdue, balance.oldest_overdue_days):
		plan.overdue = balance.overdue
		plan.oldest_overdue_days = balance.oldest_overdue_days
		plan.last_checked_on = today
		plan.save(ignore_permissions=True)
	create_due_tasks(plan, today)


def create_due_tasks(plan, today):
	"""A ToDo for each due step that has none yet (escalations also to every Sales Head)."""
	changed = False
	for step in plan.steps:
		if step.todo or step.status != "Pending" or not is_due(getdate(step.due_date), today):
			continue
		if step.action == DUNNING:
			step.dunning = draft_dunning(plan, today)
		description = step_description(plan, step)
		step.todo = make_todo(plan, step, plan.account_manager, description)
		if step.action == ESCALATION:
			for head in users_with_roles(["Sales Head"]):
				if head != plan.account_manager:
					make_todo(plan, step, head, description)
		step.status = "Due"
		changed = True
	if changed:
		plan.save(ignore_permissions=True)


def step_description(plan, step) -> str:
	amount = frappe.format_value(plan.overdue, "Currency")
	if step.action == DUNNING and step.dunning:
		text = _("Collection of {0} from {1}: review and send Dunning {2}").format(
			amount, plan.customer_name, step.dunning
		)
	elif step.action == ESCALATION:
		text = _("Collection of {0} from {1}: escalated to the Sales Head").format(amount, plan.customer_name)
	else:
		text = _("Collection of {0} from {1}: {2}").format(amount, plan.customer_name, _(step.action))
	if step.instructions:
		text += f" — {step.instructions}"
	return text


def make_todo(plan, step, user: str | None, description: str) -> str | None:
	if not user:
		return None
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": "Collection Plan",
			"reference_name": plan.name,
			"date": step.due_date,
			"description": description,
			"priority": "High" if step.action == ESCALATION else "Medium",
		}
	).insert(ignore_permissions=True)
	return todo.name


def draft_dunning(plan, today) -> str | None:
	"""A draft ERPNext Dunning for the customer's overdue invoices, for the manager to review and send."""
	invoices = receivables.overdue_invoices(plan.customer, plan.company, today)
	if not invoices:
		return None
	try:
		dunning = None
		for invoice in invoices:
			dunning = create_dunning(invoice, target_doc=dunning, ignore_permissions=True)
		dunning.insert(ignore_permissions=True)
		return dunning.name
	except frappe.ValidationError:
		frappe.log_error(title=_("Collection Plan {0}: no Dunning drafted").format(plan.name))
		return None
