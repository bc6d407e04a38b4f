"""doc_events of ERPNext's Purchase Receipt: goods that arrive may serve offers that were short (OS6)."""

from frappe import _

from account_manager.overrides.back_in_stock import notify_back_in_stock


def on_submit(doc, method=None):
	if doc.is_return:
		return
	arrived = [row.item_code for row in doc.items if row.qty > 0]
	notify_back_in_stock(arrived, doc.company, _("Purchase Receipt {0}").format(doc.name))
