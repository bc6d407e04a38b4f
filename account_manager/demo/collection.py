"""The demo's collection plans (the daily job run on the demo's overdue clients) and last month's
settlement reconciliations."""

from datetime import datetime, time

import frappe
from frappe.utils import add_months, flt, get_first_day

from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection
from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
	draft_monthly_reconciliations,
)
from account_manager.demo.data import MANAGERS
from account_manager.demo.utils import acting_as
from account_manager.rules.collection import CALL


class Collections:
	"""Part of :class:`account_manager.demo.Demo`."""

	def run_collection(self):
		"""The daily collection job as it would have run two weeks ago and today; the managers logged the
		outcome of the first reminder calls."""

		before = frappe.db.count("Collection Plan")
		if not frappe.db.exists(
			"Collection Plan", {"company": self.company, "start_date": ("<", self.today)}
		):
			run_collection(self.day(-15))
		run_collection(self.today)
		self.created("Collection Plan", frappe.db.count("Collection Plan") - before)
		outcomes = ("Promised to Pay", "No Answer", "Refused")
		for i, name in enumerate(
			frappe.get_all(
				"Collection Plan",
				filters={"company": self.company, "status": "Open"},
				pluck="name",
				order_by="customer",
			)
		):
			plan = frappe.get_doc("Collection Plan", name)
			step = next(
				(s for s in plan.steps if s.status == "Due" and not s.outcome and s.action == CALL), None
			)
			if step and plan.account_manager in MANAGERS:
				with acting_as(plan.account_manager):
					plan.log_outcome(
						step.name,
						outcomes[i % len(outcomes)],
						"Klient obiecał przelew do końca tygodnia" if i % len(outcomes) == 0 else None,
					)

	def make_reconciliations(self):
		"""Last month's statements from the monthly job; one client confirmed, one disputed."""

		self.created("Settlement Reconciliation", len(draft_monthly_reconciliations(self.today)))
		from_date = get_first_day(add_months(self.today, -1))
		answers = {"Budomex Sp. z o.o.": "confirm", "Inwest-Bau Sp. z o.o.": "dispute"}
		for client, answer in answers.items():
			name = frappe.db.get_value(
				"Settlement Reconciliation",
				{"customer": self.customers[client], "company": self.company, "from_date": from_date},
			)
			if not name:
				continue
			doc = frappe.get_doc("Settlement Reconciliation", name)
			if doc.status != "Draft":
				continue
			with acting_as(doc.account_manager):
				doc.status = "Sent"  # handed to the client (the demo sends no e-mail)
				doc.sent_on = datetime.combine(min(self.today, self.day(1 - self.today.day + 1)), time(10, 0))
				doc.save()
				if answer == "confirm":
					doc.confirm()
				else:
					doc.dispute(
						flt(doc.closing_balance) - 1290, "Klient nie ujął korekty do faktury IB/Z/0907"
					)
