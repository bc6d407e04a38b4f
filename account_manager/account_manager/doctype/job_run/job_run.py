# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

from frappe.model.document import Document


class JobRun(Document):
	"""A scheduler job run in batches across the workers (account_manager.batches): written by the
	scheduler and its workers only, read by the Sales Head."""

	pass
