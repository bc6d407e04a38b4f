# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

from frappe.model.document import Document


class SegmentTermsStandard(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		max_credit_limit: DF.Currency
		max_discount_percent: DF.Percent
		max_payment_days: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		segment: DF.Literal["A", "B", "C"]
	# end: auto-generated types

	pass
