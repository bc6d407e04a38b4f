"""The out-of-stock rule (OS1-OS3): a line's verdict, when the goods come, which analogue to offer.
Pure functions over numbers and dates the erp layer reads from ERPNext."""

from dataclasses import dataclass
from datetime import date, timedelta

IN_STOCK = "In Stock"
PARTLY = "Partly"
OUT_OF_STOCK = "Out of Stock"
NOT_STOCK_ITEM = "Not a Stock Item"
VERDICTS = (IN_STOCK, PARTLY, OUT_OF_STOCK, NOT_STOCK_ITEM)
SHORT = frozenset({PARTLY, OUT_OF_STOCK})

# where an expected date comes from, in the order they are tried (OS2)
PURCHASE_ORDER = "Purchase Order"
MATERIAL_REQUEST = "Material Request"
WORK_ORDER = "Work Order"
LEAD_TIME = "Lead Time"


def verdict(qty: float, available_qty: float, is_stock_item: bool) -> str:
	"""In stock when the whole quantity is available, partly when some is, else out of stock."""
	if not is_stock_item:
		return NOT_STOCK_ITEM
	if available_qty >= qty:
		return IN_STOCK
	if available_qty > 0:
		return PARTLY
	return OUT_OF_STOCK


def shortfall(qty: float, available_qty: float) -> float:
	"""What is missing to serve `qty` (reserved stock can make `available_qty` negative)."""
	return max(qty - max(available_qty, 0.0), 0.0)


@dataclass(frozen=True)
class Expected:
	date: date
	source: str  # PURCHASE_ORDER, MATERIAL_REQUEST, WORK_ORDER or LEAD_TIME
	source_name: str | None = None  # the ERPNext document, when there is one


def expected_arrival(
	today: date,
	lead_time_days: int,
	purchase_order: tuple[date, str] | None = None,
	material_request: tuple[date, str] | None = None,
	work_order: tuple[date, str] | None = None,
) -> Expected:
	"""When a short item will be there: the earliest open purchase order line still to receive, else
	an open material request, else an open work order (each given as (date, document) or None), else
	today plus the item's lead time."""
	for source, found in (
		(PURCHASE_ORDER, purchase_order),
		(MATERIAL_REQUEST, material_request),
		(WORK_ORDER, work_order),
	):
		if found and found[0]:
			return Expected(found[0], source, found[1])
	return Expected(today + timedelta(days=max(int(lead_time_days or 0), 0)), LEAD_TIME)


def earliest(rows) -> dict:
	"""{item_code: (date, document)} of the earliest date per item from (item_code, date, document) rows."""
	best = {}
	for item_code, when, document in rows:
		if when is None:
			continue
		if item_code not in best or (when, document) < best[item_code]:
			best[item_code] = (when, document)
	return best


def alternative_items(
	item_code: str,
	pairs: list[tuple[str, str, bool]],
	variant_of: str | None = None,
	siblings: list[str] | None = None,
) -> list[str]:
	"""Analogues of an item (OS3): its Item Alternatives — (item, alternative, two_way) pairs, read
	backwards too where two-way — else the other variants of its template."""
	found = []
	for item, alternative, two_way in pairs:
		if item == item_code:
			found.append(alternative)
		elif two_way and alternative == item_code:
			found.append(item)
	if not found and variant_of:
		found = [s for s in siblings or [] if s != item_code]
	return list(dict.fromkeys(a for a in found if a != item_code))


def rank_alternatives(available: dict[str, float], qty: float) -> list[dict]:
	"""Alternatives with their availability, those that cover the whole quantity first, then the most
	available; ties by item code."""
	ranked = sorted(available.items(), key=lambda kv: (kv[1] < qty, -kv[1], kv[0]))
	return [{"item_code": code, "available_qty": qty_} for code, qty_ in ranked]


def best_alternative(ranked: list[dict]) -> dict | None:
	"""The alternative to propose: the first ranked one with anything available."""
	return next((a for a in ranked if a["available_qty"] > 0), None)
