"""OS6: goods that arrive (a Purchase Receipt, a Stock Entry into a warehouse) may serve offers that were
short: the owner of each open offer with such a line, now available in full, is told."""

import frappe
from frappe import _
from frappe.utils import flt, nowdate

from account_manager.account_manager.doctype.commercial_offer.commercial_offer import OPEN_STATUSES
from account_manager.erp import stock
from account_manager.rules import availability as rule


def notify_back_in_stock(item_codes: list[str], company: str, reference: str):
	"""OS6: when goods arrive, the owner of each open offer with a short line of one of these items,
	now available in full, gets a ToDo naming the client and the offer; the line shows the new stock.
	Reads only the offers that have such lines, and never stops the stock document."""
	if not item_codes:
		return
	try:
		_notify_back_in_stock(item_codes, company, reference)
	except Exception:
		frappe.log_error(title=_("Back-in-stock reminders failed for {0}").format(reference))


def _notify_back_in_stock(item_codes: list[str], company: str, reference: str):
	offer, line = frappe.qb.DocType("Commercial Offer"), frappe.qb.DocType("Commercial Offer Item")
	item = frappe.qb.DocType("Item")
	rows = (
		frappe.qb.from_(line)
		.join(offer)
		.on((offer.name == line.parent) & (line.parenttype == "Commercial Offer"))
		.join(item)
		.on(item.name == line.item_code)
		.select(
			line.name,
			line.item_code,
			line.qty,
			line.warehouse,
			offer.name.as_("offer"),
			offer.party_name,
			offer.account_manager,
		)
		.where(
			line.item_code.isin(list(set(item_codes)))
			& line.verdict.isin(list(rule.SHORT))
			& (line.qty > 0)
			& offer.status.isin(OPEN_STATUSES)
			& (offer.company == company)
			& (item.disabled == 0)
		)
		.run(as_dict=True)
	)
	if not rows:
		return
	results = stock.check_availability(
		[{"item_code": r.item_code, "qty": r.qty, "warehouse": r.warehouse} for r in rows], company
	)
	for row, result in zip(rows, results, strict=True):
		# a cache of the stock verdict (from Bin, recomputed on every save), not a business field: no Version
		frappe.db.set_value(
			"Commercial Offer Item",
			row.name,
			{"available_qty": result["available_qty"], "verdict": result["verdict"]},
			update_modified=False,
		)
		if result["verdict"] != rule.IN_STOCK or not row.account_manager:
			continue
		description = _("{0} is back in stock ({1} available, {2}): tell {3} about offer {4}.").format(
			row.item_code, flt(result["available_qty"]), reference, row.party_name, row.offer
		)
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": row.account_manager,
				"reference_type": "Commercial Offer",
				"reference_name": row.offer,
				"description": description,
				"priority": "High",
				"date": nowdate(),
				"assigned_by": frappe.session.user,
			}
		).insert(ignore_permissions=True)
