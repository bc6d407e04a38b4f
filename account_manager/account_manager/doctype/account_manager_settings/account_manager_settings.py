# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

from frappe.model.document import Document


class AccountManagerSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from account_manager.account_manager.doctype.collection_step_template.collection_step_template import (
			CollectionStepTemplate,
		)

		card_review_days: DF.Int
		collection_steps: DF.Table[CollectionStepTemplate]
		overdue_tolerance_days: DF.Int
	# end: auto-generated types

	def validate(self):
		from account_manager.account_manager.doctype.collection_plan.collection_plan import validate_template

		validate_template(self.collection_steps)
