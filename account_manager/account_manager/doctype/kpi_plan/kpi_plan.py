# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_link_to_form, getdate

from account_manager.rules.kpi import month_end, month_start, previous_month, weekend_days, working_days
from account_manager.utils import default_company

TARGET_FIELDS = (
	"calls_per_day",
	"email_offers_per_day",
	"phone_offers_per_day",
	"new_client_contracts",
	"new_prospects",
	"turnover",
)


class DuplicateKPIPlanError(frappe.ValidationError):
	pass


class KPIPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		account_manager: DF.Link
		calls_per_day: DF.Int
		company: DF.Link
		email_offers_per_day: DF.Int
		holiday_list: DF.Link | None
		month: DF.Date
		new_client_contracts: DF.Int
		new_prospects: DF.Int
		phone_offers_per_day: DF.Int
		turnover: DF.Currency
		working_days: DF.Int
	# end: auto-generated types

	def autoname(self):
		self.month = month_start(getdate(self.month))
		self.name = f"{self.month:%Y-%m} {self.account_manager}"

	def before_validate(self):
		self.month = month_start(getdate(self.month))
		self.company = self.company or default_company()
		if not self.holiday_list and self.company:
			self.holiday_list = frappe.get_cached_value("Company", self.company, "default_holiday_list")

	def validate(self):
		self.keep_manager()
		self.validate_targets()
		self.validate_unique()
		self.working_days = len(self.get_working_days())

	def keep_manager(self):
		"""A plan is its manager's for good (the field is set once): giving it to another is refused as a
		permission, before Frappe's own set-once check."""
		if not self.is_new() and self.has_value_changed("account_manager"):
			frappe.throw(
				_("A KPI plan stays with its manager: make a new plan for {0}.").format(
					frappe.bold(self.account_manager)
				),
				title=_("Not Permitted"),
				exc=frappe.PermissionError,
			)

	def validate_targets(self):
		for field in TARGET_FIELDS:
			if (self.get(field) or 0) < 0:
				frappe.throw(
					_("The target {0} cannot be negative.").format(
						frappe.bold(_(self.meta.get_label(field), context=self.doctype))
					),
					title=_("Invalid Target"),
				)

	def validate_unique(self):
		other = frappe.db.get_value(
			"KPI Plan", {"account_manager": self.account_manager, "month": self.month}
		)
		if other and (other != self.name or self.flags.in_insert):
			frappe.throw(
				_("{0} already has a KPI plan for {1}: {2}").format(
					frappe.bold(self.account_manager),
					f"{self.month:%m.%Y}",
					get_link_to_form("KPI Plan", other),
				),
				title=_("Duplicate KPI Plan"),
				exc=DuplicateKPIPlanError,
			)

	def get_working_days(self):
		return working_days(self.month, holidays_of(self.holiday_list, self.month))

	@frappe.whitelist()
	def copy_from_last_month(self):
		"""Take the targets of the manager's plan for the month before."""
		last = frappe.db.get_value(
			"KPI Plan",
			{"account_manager": self.account_manager, "month": previous_month(getdate(self.month))},
			TARGET_FIELDS,
			as_dict=True,
		)
		if not last:
			frappe.throw(
				_("{0} has no KPI plan for the month before.").format(frappe.bold(self.account_manager))
			)
		self.update(last)


def on_doctype_update():
	# kpi.plans_for, the workspace's quotas and validate_unique: account_manager (= or in) and month =
	frappe.db.add_index("KPI Plan", ["account_manager", "month"])


def holidays_of(holiday_list: str | None, month) -> set:
	"""Days off of the month from the Holiday List; Saturdays and Sundays when there is no list."""
	month = month_start(getdate(month))
	if not holiday_list:
		return weekend_days(month)
	return {
		getdate(day)
		for day in frappe.get_all(
			"Holiday",
			filters={"parent": holiday_list, "holiday_date": ("between", [month, month_end(month)])},
			pluck="holiday_date",
		)
	}
