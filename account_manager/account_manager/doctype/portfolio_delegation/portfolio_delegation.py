# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_link_to_form, getdate


class PortfolioDelegation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from_date: DF.Date
		from_user: DF.Link
		notes: DF.SmallText | None
		reason: DF.Literal["Leave", "Illness", "Other"]
		to_date: DF.Date
		to_user: DF.Link
	# end: auto-generated types

	def validate(self):
		self.validate_users()
		self.validate_dates()
		self.validate_overlap()

	def validate_users(self):
		if self.from_user == self.to_user:
			frappe.throw(_("A manager cannot be their own deputy."), title=_("Invalid Delegation"))
		if not frappe.db.get_value("User", self.to_user, "enabled"):
			frappe.throw(_("The deputy {0} is not an active user.").format(frappe.bold(self.to_user)))

	def validate_dates(self):
		if getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(
				_("The delegation ends ({0}) before it starts ({1}).").format(
					frappe.format_value(self.to_date, "Date"), frappe.format_value(self.from_date, "Date")
				),
				title=_("Invalid Dates"),
			)

	def validate_overlap(self):
		other = frappe.db.get_value(
			"Portfolio Delegation",
			{
				"from_user": self.from_user,
				"name": ("!=", self.name),
				"from_date": ("<=", self.to_date),
				"to_date": (">=", self.from_date),
			},
		)
		if other:
			frappe.throw(
				_("{0}'s portfolio is already delegated for part of this period: {1}").format(
					self.from_user, get_link_to_form("Portfolio Delegation", other)
				),
				title=_("Overlapping Delegation"),
			)


def on_doctype_update():
	# permissions.portfolio_owners, on every list, form, report and REST read of client data:
	# to_user = the user and from_date <= today and to_date >= today
	frappe.db.add_index("Portfolio Delegation", ["to_user", "from_date", "to_date"])
