"""The workspace's team cards as the Sales Head sees them, on generated receivables (issue 16, item 3).

    cd ~/frappe-bench/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/bench_team_cards.py SITE

Run benchmarks/generate_receivables.py on SITE first (10,000 customers of 20 managers, 1,000,000 Payment
Ledger Entry rows; never a site with real data). The generated customers get their client cards the way
a Sales Head gives them (cards.create_missing_cards), once. Then, as the Sales Head (every manager's
portfolio), each number card and chart of the Account Manager workspace is called as the desk calls it
(the whitelisted method with no filters), against the floor of the one card that reads the ledger: one
scan of the whole ledger for the overdue debt per customer (`receivables.overdue_customers`), what the
daily collection job reads. Times: the first call in the process, then medians of warm calls in
interleaved rounds (bench_client_receivables.measure).

Checks (PASS/FAIL): Overdue Receivables equals the floor's sum over the carded customers and takes at
most 2x the floor; every other card answers in a bounded number of queries (at most 25, whatever the
number of clients).
"""

import sys

from bench_client_receivables import measure, sales_head_user

import frappe
from frappe.utils import flt

from account_manager import desk
from account_manager.cards import create_missing_cards
from account_manager.erp import receivables
from account_manager.utils import default_company

RUNS = 5
MAX_QUERIES = 25
CARDS = {
	"Overdue Receivables": desk.overdue_receivables,
	"Clients to Contact Today": desk.clients_to_contact_today,
	"Late Orders": desk.late_orders,
	"Monthly Report Status": desk.monthly_report_status,
	"Calls Today": desk.calls_today,
	"E-mail Offers Today": desk.email_offers_today,
	"Phone Offers Today": desk.phone_offers_today,
	"Calls against Quota (chart)": desk.calls_against_quota,
	"Turnover by Month (chart)": desk.turnover_by_month,
}


def main(site: str) -> int:
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	try:
		return run()
	finally:
		frappe.destroy()


def run() -> int:
	frappe.set_user("Administrator")
	made = create_missing_cards(publish=False)  # nothing the second time
	frappe.db.commit()  # a benchmark's own setup
	company = default_company()
	frappe.set_user(sales_head_user())
	carded = set(  # the customers the card sums: those of every portfolio the Sales Head sees
		frappe.get_all(
			"Client Card",
			filters={
				"party_type": "Customer",
				"account_manager": ("in", desk.chosen_managers(portfolio=True)),
			},
			pluck="party",
		)
	)
	fns = dict(CARDS)
	fns["floor: one scan of the ledger"] = lambda: receivables.overdue_customers(company)
	measured = measure(fns, {name: RUNS for name in fns})
	floor_result, _first, floor_time, _queries = measured["floor: one scan of the ledger"]

	print(f"client cards made now: {made}; customers with a card: {len(carded)}; company {company}")
	print("\n| card (as the Sales Head) | first call (s) | warm median (s) | queries | value |")
	print("| --- | ---: | ---: | ---: | --- |")
	for name, (result, first, median, queries) in measured.items():
		value = result.get("value") if isinstance(result, dict) and "value" in result else "…"
		if isinstance(result, str | int | float):
			value = result
		print(f"| {name} | {first:.3f} | {median:.3f} | {queries} | {value} |")

	checks = []
	card_value, _first, card_time, _queries = measured["Overdue Receivables"]
	expected = flt(sum(amount for customer, amount in floor_result.items() if customer in carded), 2)
	checks.append(
		(
			abs(flt(card_value["value"], 2) - expected) < 0.02,
			f"Overdue Receivables {card_value['value']:,.2f} = the ledger's sum over the carded clients ({expected:,.2f})",
		)
	)
	checks.append(
		(card_time <= 2 * floor_time, f"Overdue Receivables {card_time / floor_time:.2f}x the floor (<= 2x)")
	)
	for name in CARDS:
		queries = measured[name][3]
		checks.append((queries <= MAX_QUERIES, f"{name}: {queries} queries (<= {MAX_QUERIES})"))
	print()
	for ok, text in checks:
		print(f"{'PASS' if ok else 'FAIL'}: {text}")
	return 0 if all(ok for ok, _text in checks) else 1


if __name__ == "__main__":
	sys.exit(main(sys.argv[1]))
