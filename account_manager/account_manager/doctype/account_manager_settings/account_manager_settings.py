# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from account_manager.account_manager.doctype.collection_plan.collection_plan import validate_template
from account_manager.translations import accounting_terms


class AccountManagerSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from account_manager.account_manager.doctype.collection_step_template.collection_step_template import (
			CollectionStepTemplate,
		)
		from account_manager.account_manager.doctype.segment_terms_standard.segment_terms_standard import (
			SegmentTermsStandard,
		)
		from account_manager.account_manager.doctype.serving_warehouse.serving_warehouse import (
			ServingWarehouse,
		)

		accounting_terms_on_erpnext: DF.Check
		card_review_days: DF.Int
		contract_renewal_days: DF.Int
		contract_standards: DF.Table[SegmentTermsStandard]
		contracts_in_use: DF.Check
		collection_steps: DF.Table[CollectionStepTemplate]
		offer_email_template: DF.Link | None
		offer_follow_up_days: DF.Int
		offer_valid_days: DF.Int
		offer_print_format: DF.Link | None
		overdue_tolerance_days: DF.Int
		production_role: DF.Link | None
		self_claim_customers: DF.Check
		self_claim_potential_clients: DF.Check
		serving_warehouses: DF.Table[ServingWarehouse]
	# end: auto-generated types

	def validate(self):
		self.validate_serving_warehouses()
		validate_template(self.collection_steps)
		self.validate_accounting_terms()

	def on_update(self):
		if self.accounting_terms_changed():
			accounting_terms.apply(bool(self.accounting_terms_on_erpnext))

	def accounting_terms_changed(self) -> bool:
		before = self.get_doc_before_save()
		return cint(self.accounting_terms_on_erpnext) != cint(before and before.accounting_terms_on_erpnext)

	def validate_accounting_terms(self):
		"""ERPNext's labels are the whole site's: only a System Manager opts in to the app's terms."""
		if not self.accounting_terms_changed():
			return
		if "System Manager" not in frappe.get_roles():
			frappe.throw(
				_("Only a System Manager can change how ERPNext's own screens read."),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)

	def validate_serving_warehouses(self):
		for row in self.serving_warehouses:
			company, is_group = frappe.db.get_value("Warehouse", row.warehouse, ["company", "is_group"]) or (
				None,
				0,
			)
			if company != row.company:
				frappe.throw(
					_("Row {0}: Warehouse {1} belongs to company {2}, not to {3}.").format(
						row.idx, frappe.bold(row.warehouse), frappe.bold(company), frappe.bold(row.company)
					),
					title=_("Invalid Warehouse"),
				)
			if is_group:
				frappe.throw(
					_("Row {0}: Warehouse {1} is a group; choose a warehouse that holds stock.").format(
						row.idx, frappe.bold(row.warehouse)
					),
					title=_("Invalid Warehouse"),
				)
