"""doc_events of ERPNext Sales Order: the debt warning and the Sales Head's approval (DR1).

ERPNext's own credit-limit check (SalesOrder.on_submit) still runs after these."""

from account_manager.debt import check_order_approval, debt_warning, keep_approval_untouched, show_warning


def onload(doc, method=None):
	"""The form learns whether a draft order waits for the Sales Head (its buttons and warning)."""
	if doc.docstatus == 0 and not doc.is_new() and not doc.get("debt_approved_by"):
		doc.set_onload("debt_warning", debt_warning(doc.customer, doc.company))


def validate(doc, method=None):
	keep_approval_untouched(doc)
	if doc.docstatus == 0 and not doc.get("debt_approved_by"):
		show_warning(doc, doc.customer)


def before_submit(doc, method=None):
	check_order_approval(doc)
