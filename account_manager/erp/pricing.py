"""Prices for offer lines from ERPNext's own pricing (OF1, CB5): the client's price list, item prices,
pricing rules and margins, exactly as a Quotation for that client would get them.

Many offers at once (a campaign, OF5) price within `shared_quotes()`: customers that ERPNext cannot tell
apart when it prices them (the same price list, currency, customer group, territory and sales partner,
and named by no Item Price or Pricing Rule of their own) share one Quotation's prices. Any other client,
a lead or a prospect, is priced by a Quotation of its own, as outside it."""

import copy
from contextlib import contextmanager

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
	shared = getattr(frappe.local, SHARED, None)
	key = shared.key(party_type, party, company, transaction_date, price_list, lines) if shared else None
	if key is None:
		return _quote(party_type, party, company, transaction_date, price_list, lines)
	# ERPNext checks that the user may read the customer it prices for: so for each client, as before (on
	# the customer as client_price_list read it; the portfolio rule reads its owner from the database)
	ptype = "select" if frappe.only_has_select_perm(party_type) else "read"
	frappe.has_permission(party_type, ptype, frappe.get_cached_doc(party_type, party), throw=True)
	if key not in shared.quotes:
		shared.quotes[key] = _quote(party_type, party, company, transaction_date, price_list, lines)
	return copy.deepcopy(shared.quotes[key])


def _quote(party_type, party, company, transaction_date, price_list, lines):
	"""quote_lines without the shared prices: one unsaved Quotation for this client."""
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


# -- many offers at once ---------------------------------------------------------------------------

SHARED = "account_manager_shared_quotes"
# what ERPNext reads of a Customer when it prices a Quotation's lines: the currency and the price list
# (party details), the customer group, territory and sales partner (pricing rules' conditions); the
# customer itself only for an Item Price or Pricing Rule naming it, and in a Pricing Rule's condition
PRICING_FIELDS = ("default_currency", "customer_group", "territory", "default_sales_partner")


class SharedQuotes:
	"""The prices of one run of many offers, by pricing context."""

	def __init__(self):
		self.quotes = {}
		self._named = None
		self._conditional = None

	def key(self, party_type, party, company, transaction_date, price_list, lines) -> tuple | None:
		"""The client's pricing context, or None when it must be priced on its own."""
		if party_type != "Customer" or not party or self.conditional() or party in self.named():
			return None
		customer = frappe.db.get_value("Customer", party, PRICING_FIELDS, as_dict=True)
		if not customer:
			return None
		return (
			party_type,
			company,
			str(transaction_date),
			price_list,
			*(customer[f] or "" for f in PRICING_FIELDS),
			tuple((line["item_code"], flt(line["qty"]), line.get("warehouse") or "") for line in lines),
		)

	def named(self) -> set[str]:
		"""The customers whose prices may be their own: named by an Item Price or a selling Pricing Rule."""
		if self._named is None:
			self._named = set(
				frappe.get_all(
					"Item Price", filters={"customer": ("is", "set")}, pluck="customer", distinct=True
				)
			) | set(
				frappe.get_all(
					"Pricing Rule",
					filters={"customer": ("is", "set"), "selling": 1},
					pluck="customer",
					distinct=True,
				)
			)
		return self._named

	def conditional(self) -> bool:
		"""Whether an enabled selling Pricing Rule has a condition: it may look at anything of the client,
		so then every client is priced on its own."""
		if self._conditional is None:
			self._conditional = any(
				(condition or "").strip()
				for condition in frappe.get_all(
					"Pricing Rule", filters={"selling": 1, "disable": 0}, pluck="condition"
				)
			)
		return self._conditional


@contextmanager
def shared_quotes():
	"""Within: customers of the same pricing context are priced once (see the module's text)."""
	previous = getattr(frappe.local, SHARED, None)
	setattr(frappe.local, SHARED, previous or SharedQuotes())
	try:
		yield
	finally:
		setattr(frappe.local, SHARED, previous)
