# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class JobRunBatch(Document):
	pass


def on_doctype_update():
	# batches.resume_job_runs reads the batches still to run every five minutes
	frappe.db.add_index("Job Run Batch", ["status", "attempts"])
