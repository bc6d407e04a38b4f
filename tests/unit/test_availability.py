from datetime import date

import pytest

from account_manager.rules.availability import (
	IN_STOCK,
	LEAD_TIME,
	MATERIAL_REQUEST,
	NOT_STOCK_ITEM,
	OUT_OF_STOCK,
	PARTLY,
	PURCHASE_ORDER,
	WORK_ORDER,
	Expected,
	alternative_items,
	best_alternative,
	earliest,
	expected_arrival,
	rank_alternatives,
	shortfall,
	verdict,
)

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
	"qty, available, stock_item, expected",
	[
		(10, 10, True, IN_STOCK),
		(10, 25, True, IN_STOCK),
		(10, 4, True, PARTLY),
		(10, 0, True, OUT_OF_STOCK),
		(10, -3, True, OUT_OF_STOCK),  # more reserved than on hand
		(10, 0, False, NOT_STOCK_ITEM),
	],
)
def test_verdict(qty, available, stock_item, expected):
	assert verdict(qty, available, stock_item) == expected


def test_shortfall_ignores_negative_availability():
	assert shortfall(10, 4) == 6
	assert shortfall(10, -3) == 10
	assert shortfall(10, 12) == 0


def test_purchase_order_wins_over_request_and_work_order():
	found = expected_arrival(
		TODAY,
		5,
		purchase_order=(date(2026, 4, 1), "PO-1"),
		material_request=(date(2026, 3, 20), "MR-1"),
		work_order=(date(2026, 3, 15), "WO-1"),
	)
	assert found == Expected(date(2026, 4, 1), PURCHASE_ORDER, "PO-1")


def test_request_then_work_order_then_lead_time():
	assert expected_arrival(TODAY, 5, material_request=(date(2026, 3, 20), "MR-1")).source == MATERIAL_REQUEST
	assert expected_arrival(TODAY, 5, work_order=(date(2026, 3, 15), "WO-1")) == Expected(
		date(2026, 3, 15), WORK_ORDER, "WO-1"
	)
	assert expected_arrival(TODAY, 5) == Expected(date(2026, 3, 15), LEAD_TIME)
	assert expected_arrival(TODAY, 0) == Expected(TODAY, LEAD_TIME)


def test_earliest_per_item():
	rows = [
		("A", date(2026, 5, 1), "PO-2"),
		("A", date(2026, 4, 1), "PO-3"),
		("B", None, "PO-4"),
		("B", date(2026, 6, 1), "PO-5"),
	]
	assert earliest(rows) == {"A": (date(2026, 4, 1), "PO-3"), "B": (date(2026, 6, 1), "PO-5")}


def test_alternatives_read_two_way_pairs_backwards_only():
	pairs = [("A", "B", False), ("C", "A", True), ("D", "A", False)]
	assert alternative_items("A", pairs) == ["B", "C"]
	assert alternative_items("B", pairs) == []  # A->B is one way
	assert alternative_items("C", pairs) == ["A"]


def test_variants_of_the_template_only_when_no_alternative_is_set():
	siblings = ["SHIRT-S", "SHIRT-M", "SHIRT-L"]
	assert alternative_items("SHIRT-M", [], "SHIRT", siblings) == ["SHIRT-S", "SHIRT-L"]
	assert alternative_items("SHIRT-M", [("SHIRT-M", "POLO-M", False)], "SHIRT", siblings) == ["POLO-M"]
	assert alternative_items("PLAIN", [], None, siblings) == []


def test_alternatives_covering_the_quantity_come_first():
	ranked = rank_alternatives({"X": 50, "Y": 8, "Z": 0, "W": 12}, qty=10)
	assert [a["item_code"] for a in ranked] == ["X", "W", "Y", "Z"]
	assert best_alternative(ranked) == {"item_code": "X", "available_qty": 50}
	assert best_alternative(rank_alternatives({"Z": 0}, 10)) is None
