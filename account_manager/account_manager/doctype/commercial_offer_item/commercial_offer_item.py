# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CommercialOfferItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		alternative_available_qty: DF.Float
		alternative_item: DF.Link | None
		alternatives: DF.SmallText | None
		amount: DF.Currency
		available_qty: DF.Float
		discount_percentage: DF.Percent
		expected_date: DF.Date | None
		expected_source: DF.Literal["", "Purchase Order", "Material Request", "Work Order", "Lead Time"]
		expected_source_name: DF.Data | None
		item_code: DF.Link
		item_name: DF.Data | None
		material_request: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		price_list_rate: DF.Currency
		pricing_rules: DF.SmallText | None
		qty: DF.Float
		rate: DF.Currency
		replaced_item: DF.Link | None
		shortfall_qty: DF.Float
		uom: DF.Link | None
		verdict: DF.Literal["", "In Stock", "Partly", "Out of Stock", "Not a Stock Item"]
		warehouse: DF.Link | None
	# end: auto-generated types

	pass
