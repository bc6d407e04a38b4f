"""Stock facts for the out-of-stock rule (OS1-OS4, OS6), read from ERPNext's own tables.

`check_availability` answers for any number of lines in a fixed number of queries (items, item
alternatives, analogue items, serving warehouses, line warehouses, Bin, open Purchase Orders, open
Material Requests, open Work Orders): every table is read once with `isin`, never once per line.
Many offers of the same lines at once (a campaign, OF5) check them once within `shared_checks()`."""

import copy
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import cint, flt, getdate, nowdate

from erpnext.stock.doctype.item.item import get_item_defaults

from account_manager.rules import availability as rule

SETTINGS = "Account Manager Settings"


class InvalidOfferLineError(frappe.ValidationError):
	pass


# -- where the client is served from ----------------------------------------------------------------


def serving_warehouses(company: str) -> list[str]:
	"""The warehouses whose stock counts for clients of the company: those set for it in Account
	Manager Settings, else every non-group, enabled warehouse of the company."""
	row = frappe.qb.DocType("Serving Warehouse")
	configured = (
		frappe.qb.from_(row)
		.select(row.warehouse)
		.where((row.parenttype == SETTINGS) & (row.parent == SETTINGS) & (row.company == company))
		.orderby(row.idx)
		.run(pluck=True)
	)
	if configured:
		return configured
	return frappe.get_all(
		"Warehouse", filters={"company": company, "is_group": 0, "disabled": 0}, pluck="name", order_by="name"
	)


def receiving_warehouse(item_code: str, company: str, line_warehouse: str | None = None) -> str | None:
	"""Where requested goods should arrive: the line's warehouse, the item's default warehouse for the
	company, else the first warehouse serving clients."""
	if line_warehouse:
		return line_warehouse
	default = (get_item_defaults(item_code, company) or {}).get("default_warehouse")
	if default and frappe.get_cached_value("Warehouse", default, "company") == company:
		return default
	warehouses = serving_warehouses(company)
	return warehouses[0] if warehouses else None


# -- the check ----------------------------------------------------------------------------------------


def check_availability(lines: list[dict], company: str, today=None) -> list[dict]:
	"""For each line {item_code, qty, warehouse?}: {item_code, qty, warehouse, available_qty, verdict,
	shortfall_qty, expected_date, expected_source, expected_source_name, alternatives: [{item_code,
	available_qty}]}. Bad lines (unknown, disabled or template item, quantity not above zero, a warehouse
	of another company) raise InvalidOfferLineError before anything is read from stock."""
	today = getdate(today or nowdate())
	shared = getattr(frappe.local, SHARED, None)
	lines_key = _lines_key(lines) if shared is not None else None
	if lines_key is None:
		return _check_availability(lines, company, today)
	key = (company, today, lines_key)
	if key not in shared:
		shared[key] = _check_availability(lines, company, today)
	return copy.deepcopy(shared[key])


def _lines_key(lines) -> tuple | None:
	try:
		key = tuple((line["item_code"], line["qty"], line.get("warehouse")) for line in lines)
		hash(key)
	except (TypeError, KeyError, AttributeError):
		return None  # not lines: checked (and refused) each time, never shared
	return key


def _check_availability(lines: list[dict], company: str, today) -> list[dict]:
	lines = [_clean_line(line, idx) for idx, line in enumerate(lines, 1)]
	if not lines:
		return []
	codes = list(dict.fromkeys(line["item_code"] for line in lines))
	items = _items(codes)
	_validate_lines(lines, items, company)
	stock = _Stock(codes, items, company, lines)
	results = [stock.check(line) for line in lines]
	short_codes = sorted({r["item_code"] for r in results if r["verdict"] in rule.SHORT})
	if short_codes:
		_add_expected_arrivals(
			results, items, expected_arrivals(short_codes, company, stock.warehouses), today
		)
	return results


SHARED = "account_manager_shared_stock_checks"


@contextmanager
def shared_checks():
	"""Within: the same lines of the same company are checked once, their verdicts shared (the stock of
	one moment, as for the offers made in one run)."""
	previous = getattr(frappe.local, SHARED, None)
	setattr(frappe.local, SHARED, previous if previous is not None else {})
	try:
		yield
	finally:
		setattr(frappe.local, SHARED, previous)


class _Stock:
	"""What check_availability reads once for all its lines: the serving and line warehouses, the
	items' alternatives and sibling variants, and the Bin balances of all of them."""

	def __init__(self, codes: list[str], items: dict, company: str, lines: list[dict]):
		self.items = items
		self.serving = serving_warehouses(company)
		self.warehouses = list(
			dict.fromkeys([*self.serving, *(line["warehouse"] for line in lines if line["warehouse"])])
		)
		self.pairs = _alternative_pairs(codes)
		templates = list({items[c].variant_of for c in codes if items[c].variant_of})
		self.candidates = _candidate_items(
			[code for pair in self.pairs for code in pair[:2] if code not in items], templates
		)
		self.siblings = {}
		for candidate in self.candidates.values():
			if candidate.variant_of:
				self.siblings.setdefault(candidate.variant_of, []).append(candidate.name)
		self.bins = _bin_balances([*codes, *self.candidates], self.warehouses)

	def available(self, item_code: str, warehouse: str | None) -> float:
		where = [warehouse] if warehouse else self.serving
		return flt(sum(self.bins.get((item_code, w), 0.0) for w in where))

	def check(self, line: dict) -> dict:
		"""The verdict of one line, with the alternatives in stock when it is short."""
		item = self.items[line["item_code"]]
		qty = line["qty"]
		avail = self.available(item.name, line["warehouse"]) if item.is_stock_item else 0.0
		verdict = rule.verdict(qty, avail, bool(item.is_stock_item))
		result = {
			"item_code": item.name,
			"qty": qty,
			"warehouse": line["warehouse"],
			"available_qty": avail,
			"verdict": verdict,
			"shortfall_qty": rule.shortfall(qty, avail) if item.is_stock_item else 0.0,
			"expected_date": None,
			"expected_source": None,
			"expected_source_name": None,
			"alternatives": [],
		}
		if verdict in rule.SHORT:
			result["alternatives"] = self.alternatives(item, line)
		return result

	def alternatives(self, item, line: dict) -> list[dict]:
		names = rule.alternative_items(
			item.name, self.pairs, item.variant_of, sorted(self.siblings.get(item.variant_of, []))
		)
		usable = [
			n for n in names if n in self.candidates or (n in self.items and not self.items[n].disabled)
		]
		return rule.rank_alternatives({n: self.available(n, line["warehouse"]) for n in usable}, line["qty"])


def _add_expected_arrivals(results: list[dict], items: dict, arrivals: dict, today) -> None:
	"""When the goods of each short line come (OS3): the earliest open document, else the lead time."""
	for result in results:
		if result["verdict"] not in rule.SHORT:
			continue
		found = arrivals.get(result["item_code"], {})
		expected = rule.expected_arrival(
			today,
			cint(items[result["item_code"]].lead_time_days),
			found.get(rule.PURCHASE_ORDER),
			found.get(rule.MATERIAL_REQUEST),
			found.get(rule.WORK_ORDER),
		)
		result.update(
			expected_date=expected.date,
			expected_source=expected.source,
			expected_source_name=expected.source_name,
		)


def refuse_unknown_items(lines: list[dict]) -> None:
	"""Row n: Item x does not exist, for the first line whose item is not in the database: the same answer
	as check_availability's, given before Frappe's own link check ("Could not find Row #n: Item: x"),
	which Frappe v16 makes for a line's Link with fetched fields and v15 lets through."""
	codes = [
		(idx, line["item_code"].strip())
		for idx, line in enumerate(lines, 1)
		if isinstance(line, dict) and isinstance(line.get("item_code"), str) and line["item_code"].strip()
	]
	if not codes:
		return
	known = {name.casefold() for name in _items(list({code for _idx, code in codes}))}
	for idx, code in codes:
		if code.casefold() not in known:
			frappe.throw(
				_("Row {0}: Item {1} does not exist.").format(idx, frappe.bold(code)),
				title=_("Invalid Item", context="Commercial Offer"),
				exc=InvalidOfferLineError,
			)


def _clean_line(line, idx: int) -> dict:
	if not isinstance(line, dict):
		frappe.throw(
			_("Row {0}: each line needs an item_code and a qty.").format(idx),
			title=_("Invalid Line"),
			exc=InvalidOfferLineError,
		)
	item_code = (line.get("item_code") or "").strip() if isinstance(line.get("item_code"), str) else None
	if not item_code:
		frappe.throw(
			_("Row {0}: Item is missing.").format(idx), title=_("Invalid Line"), exc=InvalidOfferLineError
		)
	try:
		qty = float(line.get("qty"))
	except (TypeError, ValueError):
		qty = 0.0
	if not qty > 0:
		frappe.throw(
			_("Row {0}: the quantity of {1} must be greater than zero.").format(idx, frappe.bold(item_code)),
			title=_("Invalid Quantity"),
			exc=InvalidOfferLineError,
		)
	return {"idx": idx, "item_code": item_code, "qty": qty, "warehouse": line.get("warehouse") or None}


def _validate_lines(lines: list[dict], items: dict, company: str):
	today = getdate(nowdate())
	for line in lines:
		item = items.get(line["item_code"])
		message = None
		if not item:
			message = _("Row {0}: Item {1} does not exist.")
		elif item.disabled or (item.end_of_life and getdate(item.end_of_life) <= today):
			message = _("Row {0}: Item {1} is disabled or has reached its end of life.")
		elif item.has_variants:
			message = _("Row {0}: Item {1} is a template; choose one of its variants.")
		if message:
			frappe.throw(
				message.format(line["idx"], frappe.bold(line["item_code"])),
				title=_("Invalid Item", context="Commercial Offer"),
				exc=InvalidOfferLineError,
			)
	given = list({line["warehouse"] for line in lines if line["warehouse"]})
	if not given:
		return
	found = {
		w.name: w
		for w in frappe.get_all(
			"Warehouse", filters={"name": ("in", given)}, fields=["name", "company", "is_group"]
		)
	}
	for line in lines:
		warehouse = line["warehouse"] and found.get(line["warehouse"])
		if not line["warehouse"]:
			continue
		if not warehouse:
			message = _("Row {0}: Warehouse {1} does not exist.").format(
				line["idx"], frappe.bold(line["warehouse"])
			)
		elif warehouse.company != company:
			message = _("Row {0}: Warehouse {1} belongs to company {2}, not to {3}.").format(
				line["idx"], frappe.bold(warehouse.name), frappe.bold(warehouse.company), frappe.bold(company)
			)
		elif warehouse.is_group:
			message = _("Row {0}: Warehouse {1} is a group; choose a warehouse that holds stock.").format(
				line["idx"], frappe.bold(warehouse.name)
			)
		else:
			continue
		frappe.throw(message, title=_("Invalid Warehouse"), exc=InvalidOfferLineError)


# -- one query each ----------------------------------------------------------------------------------

ITEM_FIELDS = (
	"name",
	"item_name",
	"disabled",
	"end_of_life",
	"has_variants",
	"variant_of",
	"is_stock_item",
	"lead_time_days",
	"stock_uom",
)


def _items(codes: list[str]) -> dict:
	return {
		i.name: i for i in frappe.get_all("Item", filters={"name": ("in", codes)}, fields=list(ITEM_FIELDS))
	}


def _alternative_pairs(codes: list[str]) -> list[tuple[str, str, bool]]:
	"""Item Alternative rows that touch the items, as (item, alternative, two_way)."""
	alt = frappe.qb.DocType("Item Alternative")
	rows = (
		frappe.qb.from_(alt)
		.select(alt.item_code, alt.alternative_item_code, alt.two_way)
		.where(alt.item_code.isin(codes) | (alt.alternative_item_code.isin(codes) & (alt.two_way == 1)))
		.run()
	)
	return [(item, alternative, bool(two_way)) for item, alternative, two_way in rows]


def _candidate_items(names: list[str], templates: list[str]) -> dict:
	"""Enabled, sellable items that may stand in: the named alternatives and the variants of templates."""
	if not names and not templates:
		return {}
	item = frappe.qb.DocType("Item")
	condition = None
	if names:
		condition = item.name.isin(names)
	if templates:
		of_template = item.variant_of.isin(templates)
		condition = of_template if condition is None else (condition | of_template)
	rows = (
		frappe.qb.from_(item)
		.select(*(item[f] for f in ITEM_FIELDS))
		.where(condition & (item.disabled == 0) & (item.has_variants == 0))
		.run(as_dict=True)
	)
	today = getdate(nowdate())
	return {r.name: r for r in rows if not r.end_of_life or getdate(r.end_of_life) > today}


def _bin_balances(codes: list[str], warehouses: list[str]) -> dict[tuple[str, str], float]:
	"""{(item_code, warehouse): actual_qty - reserved_qty} from ERPNext's Bin."""
	if not codes or not warehouses:
		return {}
	bin_ = frappe.qb.DocType("Bin")
	rows = (
		frappe.qb.from_(bin_)
		.select(bin_.item_code, bin_.warehouse, Sum(bin_.actual_qty - bin_.reserved_qty))
		.where(bin_.item_code.isin(list(dict.fromkeys(codes))) & bin_.warehouse.isin(warehouses))
		.groupby(bin_.item_code, bin_.warehouse)
		.run()
	)
	return {(item_code, warehouse): flt(qty) for item_code, warehouse, qty in rows}


def expected_arrivals(codes: list[str], company: str, warehouses: list[str]) -> dict[str, dict]:
	"""{item_code: {source: (date, document)}}: the earliest open Purchase Order line still to receive,
	open Material Request line not yet ordered and open Work Order, into the given warehouses."""
	found = {}
	for source, rows in (
		(rule.PURCHASE_ORDER, _open_lines("Purchase Order", codes, company, warehouses)),
		(rule.MATERIAL_REQUEST, _open_lines("Material Request", codes, company, warehouses)),
		(rule.WORK_ORDER, _open_work_orders(codes, company, warehouses)),
	):
		for item_code, value in rule.earliest(rows).items():
			found.setdefault(item_code, {})[source] = value
	return found


# which lines of a submitted document still bring goods: (document, its line) -> condition
STILL_OPEN = {
	# Purchase Order lines still to receive
	"Purchase Order": lambda po, poi: (
		po.status.notin(["Closed", "Completed", "On Hold"]) & (poi.received_qty < poi.qty)
	),
	# Material Request lines to buy or make, not yet ordered
	"Material Request": lambda mr, mri: (
		mr.material_request_type.isin(["Purchase", "Manufacture"])
		& mr.status.notin(["Stopped", "Cancelled", "Received", "Ordered"])
		& (mri.ordered_qty < mri.stock_qty)
	),
}


def _open_lines(doctype: str, codes: list[str], company: str, warehouses: list[str]) -> list[tuple]:
	"""(item_code, schedule date, document) of the submitted document's lines of these items into these
	warehouses that still bring goods (STILL_OPEN)."""
	parent, line = frappe.qb.DocType(doctype), frappe.qb.DocType(f"{doctype} Item")
	return (
		frappe.qb.from_(line)
		.join(parent)
		.on(parent.name == line.parent)
		.select(line.item_code, line.schedule_date, parent.name)
		.where(
			(parent.docstatus == 1)
			& (parent.company == company)
			& line.item_code.isin(codes)
			& line.warehouse.isin(warehouses)
			& STILL_OPEN[doctype](parent, line)
		)
		.run()
	)


def _open_work_orders(codes: list[str], company: str, warehouses: list[str]) -> list[tuple]:
	"""(item_code, expected delivery or planned end date, Work Order) of the orders still producing."""
	wo = frappe.qb.DocType("Work Order")
	rows = (
		frappe.qb.from_(wo)
		.select(wo.production_item, wo.expected_delivery_date, wo.planned_end_date, wo.name)
		.where(
			(wo.docstatus == 1)
			& (wo.company == company)
			& wo.status.isin(["Not Started", "In Process"])
			& wo.production_item.isin(codes)
			& wo.fg_warehouse.isin(warehouses)
			& (wo.produced_qty < wo.qty)
		)
		.run()
	)
	return [
		(item_code, getdate(expected or planned_end) if (expected or planned_end) else None, name)
		for item_code, expected, planned_end, name in rows
	]


# -- the goods request (OS4) --------------------------------------------------------------------------


def make_goods_request(offer, lines) -> "frappe.Document":
	"""A submitted Material Request (Purchase) for the shortfall of the offer's lines, naming the client
	(its Customer, the offer and the title) so the Logistics Manager knows whom it is for."""
	today = getdate(nowdate())
	request = frappe.new_doc("Material Request")
	request.update(
		{
			"material_request_type": "Purchase",
			"company": offer.company,
			"transaction_date": today,
			"commercial_offer": offer.name,
			"customer": offer.party if offer.party_type == "Customer" else None,
			"title": _("Goods for {0} (offer {1})").format(offer.party_name, offer.name)[:140],
		}
	)
	lead_times = dict(
		frappe.get_all(
			"Item",
			filters={"name": ("in", [d.item_code for d in lines])},
			fields=["name", "lead_time_days"],
			as_list=True,
		)
	)
	for line in lines:
		request.append(
			"items",
			{
				"item_code": line.item_code,
				"qty": line.shortfall_qty,
				"schedule_date": frappe.utils.add_days(today, max(cint(lead_times.get(line.item_code)), 0)),
				"warehouse": receiving_warehouse(line.item_code, offer.company, line.warehouse),
			},
		)
	request.schedule_date = min(row.schedule_date for row in request.items)
	request.flags.ignore_permissions = True  # the offer's owner raises it; the Logistics Manager handles it
	request.insert()
	request.submit()
	return request
