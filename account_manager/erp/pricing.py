"""Prices for offer lines from ERPNext's own pricing (OF1, CB5): the client's price list, item prices,
pricing rules and margins, exactly as a Quotation for that client would get them."""

import frappe
from frappe.utils import flt

from erpnext.accounts.party import get_default_price_list


def client_price_list(party_type: str, party: str, proposed_price_list: str | None = None) -> str | None:
	"""The client's price type: the Customer's default price list (or its group's); for a lead or a
	prospect the one proposed on the card; else the selling default."""
	price_list = None
	if party_type == "Customer" and party:
		price_list = get_default_price_list(frappe.get_cached_doc("Customer", party))
	else:
		price_list = proposed_price_list
	return price_list or frappe.db.get_single_value("Selling Settings", "selling_price_list")


def quote_lines(
	party_type: str,
	party: str,
	company: str,
	transaction_date,
	price_list: str | None,
	lines: list[dict],
) -> tuple[frappe._dict, list[frappe._dict]]:
	"""Price lines [{item_code, qty, warehouse?}] through an unsaved ERPNext Quotation for the client:
	returns ({price_list, currency}, [{price_list_rate, discount_percentage, rate, pricing_rules}])."""
	quotation = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": party_type,
			"party_name": party,
			"company": company,
			"transaction_date": transaction_date,
			"order_type": "Sales",
			"selling_price_list": price_list,
			"items": [
				{"item_code": line["item_code"], "qty": flt(line["qty"]), "warehouse": line.get("warehouse")}
				for line in lines
			],
		}
	)
	quotation.run_method("set_missing_values")
	quotation.run_method("calculate_taxes_and_totals")
	header = frappe._dict(price_list=quotation.selling_price_list, currency=quotation.currency)
	return header, [
		frappe._dict(
			price_list_rate=row.price_list_rate,
			discount_percentage=row.discount_percentage,
			rate=row.rate,
			pricing_rules=row.pricing_rules,
		)
		for row in quotation.items
	]
