"""Client Segmentation (CB9) on real invoices and stock: margins equal to ERPNext's Gross Profit report,
ABC by margin, applied to the cards by the Sales Head only."""

import pytest

import frappe
from frappe.utils import add_days, nowdate

from erpnext.accounts.report.gross_profit.gross_profit import execute as gross_profit

from account_manager.account_manager.report.client_segmentation.client_segmentation import (
	apply_suggested_segments,
	execute,
)
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_customer,
	make_item,
	make_sales_invoice,
	make_user,
	receive_stock,
	stores_warehouse,
)


def sell_from_stock(
	customer: str, item_code: str, qty: float, rate: float, is_return: bool = False, against=None
):
	"""A submitted Sales Invoice that delivers from stock (Update Stock), or a return of one."""
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": default_company(),
			"update_stock": 1,
			"is_return": int(is_return),
			"return_against": against,
			"items": [{"item_code": item_code, "qty": qty, "rate": rate, "warehouse": stores_warehouse()}],
		}
	)
	invoice.insert()
	invoice.submit()
	return invoice


@pytest.fixture
def portfolio():
	"""Manager A's four clients: cement bought at 10 a bag sold to the first at 30 (less a return) and to
	the second at 14; the third bought a service only, the fourth nothing."""
	manager = make_user()
	item = make_item(valuation_rate=0).name
	receive_stock(item, 200, rate=10)
	big, small, service, idle = (make_customer().name for _ in range(4))
	for customer in (big, small, service, idle):
		make_client_card(customer, "Customer", manager, segment="C")
	sale = sell_from_stock(big, item, 110, 30)  # 3,300 for goods that cost 1,100
	sell_from_stock(big, item, -10, 30, is_return=True, against=sale.name)  # back: 300 and 100 of cost
	sell_from_stock(small, item, 50, 14)  # 700 for 500
	make_sales_invoice(service, 100, nowdate(), add_days(nowdate(), 14))  # no goods, no cost of goods
	return frappe._dict(manager=manager, big=big, small=small, service=service, idle=idle)


def run_as(user, filters=None):
	frappe.set_user(user)
	try:
		return execute({"company": default_company(), **(filters or {})})
	finally:
		frappe.set_user("Administrator")


def test_margins_equal_erpnexts_gross_profit_and_rank_the_clients(portfolio):
	p = portfolio
	_columns, rows, _message, chart, summary = run_as(p.manager)
	by_customer = {r["customer"]: r for r in rows}
	assert set(by_customer) == {p.big, p.small, p.service, p.idle}
	assert [r["customer"] for r in rows][:3] == [p.big, p.small, p.service]  # by margin, highest first

	big, small = by_customer[p.big], by_customer[p.small]
	assert (big["turnover"], big["cost_of_goods"], big["margin"]) == (3000, 1000, 2000)
	assert (small["turnover"], small["cost_of_goods"], small["margin"]) == (700, 500, 200)
	assert by_customer[p.service]["margin"] == by_customer[p.service]["turnover"] == 100
	assert big["margin_percent"] == pytest.approx(66.7)

	columns, data = gross_profit(
		frappe._dict(
			company=default_company(),
			from_date=add_days(nowdate(), -1),
			to_date=nowdate(),
			group_by="Customer",
		)
	)
	names = [c["fieldname"] for c in columns]
	erpnext = {row[names.index("customer")]: dict(zip(names, row, strict=False)) for row in data}
	for customer in (p.big, p.small):
		assert by_customer[customer]["turnover"] == pytest.approx(erpnext[customer]["selling_amount"])
		assert by_customer[customer]["cost_of_goods"] == pytest.approx(erpnext[customer]["buying_amount"])
		assert by_customer[customer]["margin"] == pytest.approx(erpnext[customer]["gross_profit"])

	# 2,300 of margin: the big client brings 87 % (A), the small one takes it past 95 % (B), the rest C
	assert {c: by_customer[c]["suggested_segment"] for c in by_customer} == {
		p.big: "A",
		p.small: "B",
		p.service: "C",
		p.idle: "C",
	}
	assert chart["data"]["datasets"][0]["values"] == [2000, 200, 100]
	assert {s["label"]: s["value"] for s in summary}["Suggested Differently"] == 2


def test_another_manager_sees_none_of_it(portfolio):
	assert run_as(make_user())[1] == []


def test_only_the_sales_head_applies_the_suggestions_to_the_cards(portfolio):
	p = portfolio
	filters = {"company": default_company(), "account_manager": p.manager}
	frappe.set_user(p.manager)
	with pytest.raises(frappe.PermissionError, match="Only the Sales Head"):
		apply_suggested_segments(filters)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Client Card", {"party": p.big}, "segment") == "C"  # nothing written

	head = make_user(roles=("Sales Head", "Sales User"))
	frappe.set_user(head)
	changed = apply_suggested_segments(frappe.as_json(filters))
	frappe.set_user("Administrator")
	assert len(changed) == 2
	assert frappe.db.get_value("Client Card", {"party": p.big}, "segment") == "A"
	assert frappe.db.get_value("Client Card", {"party": p.small}, "segment") == "B"
	# saved as documents by the Sales Head (outside tests Frappe also records each change as a Version)
	assert frappe.db.get_value("Client Card", {"party": p.big}, "modified_by") == head
	assert apply_suggested_segments(filters) == []  # nothing left to change


def test_a_period_that_ends_before_it_starts_is_refused(portfolio):
	with pytest.raises(frappe.ValidationError, match="ends before it starts"):
		run_as(portfolio.manager, {"from_date": nowdate(), "to_date": add_days(nowdate(), -1)})
