"""doc_events of ERPNext's Stock Entry: goods that arrive may serve offers that were short (OS6)."""

from frappe import _

from account_manager.overrides.back_in_stock import notify_back_in_stock


def on_submit(doc, method=None):
	arrived = [row.item_code for row in doc.items if row.t_warehouse]
	notify_back_in_stock(arrived, doc.company, _("Stock Entry {0}").format(doc.name))
