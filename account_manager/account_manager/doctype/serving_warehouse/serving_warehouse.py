# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ServingWarehouse(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company: DF.Link
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		warehouse: DF.Link
	# end: auto-generated types

	pass
