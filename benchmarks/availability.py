"""Benchmark: the availability check (OS1-OS3) against ERPNext's per-line stock look-ups.

    cd <bench>/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/availability.py <site> [--runs 7]

The site must have ERPNext, a company and account_manager installed (a benchmark site, never a
production one: the first run generates data). It generates, once, 10,000 stock items in 5 warehouses
of the default company with a Bin per item and warehouse (actual and reserved quantities), 500 Item
Alternatives, and 40 submitted Purchase Orders of 5 lines each through ERPNext's API. Items and Bins
are written in bulk (through the Item and Bin tables, as ERPNext's own stock posting would leave
them) because creating 50,000 stock ledger entries through the API would take hours.

It then measures, for the same lines, with warm caches (median of --runs):
- account_manager's check (erp.stock.check_availability) for 1 and for 50 lines: queries and time;
- ERPNext baseline A: get_bin_details(item, warehouse) for each line and each serving warehouse,
  which is what the same answer costs through ERPNext's per-line API;
- ERPNext baseline B: get_item_details per line, as a Quotation does for each line it prices.
and prints a table with the ratios. Queries are counted by wrapping frappe.db.sql.
"""

import argparse
import random
import statistics
import sys
import time

import frappe
from frappe.utils import add_days, now_datetime, nowdate

PREFIX = "BENCH-AV-"
ITEMS = 10_000
WAREHOUSES = 5
ALTERNATIVES = 500
PURCHASE_ORDERS = 40
SEED = 20260301


# -- data ---------------------------------------------------------------------------------------------


def company() -> str:
	return (
		frappe.db.get_single_value("Global Defaults", "default_company") or frappe.get_all("Company")[0].name
	)


def ensure_warehouses(comp: str) -> list[str]:
	abbr = frappe.get_cached_value("Company", comp, "abbr")
	parent = frappe.db.get_value("Warehouse", {"company": comp, "is_group": 1}, "name")
	names = []
	for i in range(1, WAREHOUSES + 1):
		name = f"Bench WH {i} - {abbr}"
		if not frappe.db.exists("Warehouse", name):
			frappe.get_doc(
				{
					"doctype": "Warehouse",
					"warehouse_name": f"Bench WH {i}",
					"company": comp,
					"parent_warehouse": parent,
				}
			).insert()
		names.append(name)
	settings = frappe.get_single("Account Manager Settings")
	settings.set("serving_warehouses", [{"company": comp, "warehouse": w} for w in names])
	settings.save()
	return names


def ensure_data(comp: str, warehouses: list[str]):
	if frappe.db.count("Item", {"name": ("like", f"{PREFIX}%")}) >= ITEMS:
		return
	rng = random.Random(SEED)
	print(f"generating {ITEMS} items x {WAREHOUSES} warehouses ...", flush=True)
	group = frappe.db.get_value("Item Group", {"is_group": 0}, "name")
	now, user = now_datetime(), "Administrator"
	audit = (now, now, user, user)  # creation, modified, owner, modified_by
	item_fields = [
		"name",
		"item_code",
		"item_name",
		"description",
		"item_group",
		"stock_uom",
		"is_stock_item",
		"include_item_in_manufacturing",
		"is_purchase_item",
		"is_sales_item",
		"allow_alternative_item",
		"lead_time_days",
		"valuation_rate",
		"disabled",
		"has_variants",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
	]
	items, bins = [], []
	for i in range(ITEMS):
		code = f"{PREFIX}{i:05d}"
		name = f"Bench item {i}"
		lead_time = rng.choice([0, 7, 14, 30])
		items.append((code, code, name, name, group, "Nos", 1, 1, 1, 1, 1, lead_time, 10, 0, 0, *audit, 0))
		for w in warehouses:
			actual = rng.choice([0, 0, 0, rng.randint(1, 500)])  # three in four bins empty
			reserved = rng.randint(0, actual) if actual and rng.random() < 0.3 else 0
			bins.append(
				(frappe.generate_hash(length=10), code, w, actual, reserved, actual - reserved, "Nos", *audit)
			)
	frappe.db.bulk_insert("Item", item_fields, items, ignore_duplicates=True)
	frappe.db.bulk_insert(
		"Bin",
		[
			"name",
			"item_code",
			"warehouse",
			"actual_qty",
			"reserved_qty",
			"projected_qty",
			"stock_uom",
			"creation",
			"modified",
			"owner",
			"modified_by",
		],
		bins,
		ignore_duplicates=True,
	)
	frappe.db.commit()  # nosemgrep: a generator on a benchmark site keeps what it made

	print(f"{ALTERNATIVES} item alternatives, {PURCHASE_ORDERS} purchase orders ...", flush=True)
	for i in range(ALTERNATIVES):
		a, b = rng.sample(range(ITEMS), 2)
		if frappe.db.exists("Item Alternative", {"item_code": f"{PREFIX}{a:05d}"}):
			continue
		frappe.get_doc(
			{
				"doctype": "Item Alternative",
				"item_code": f"{PREFIX}{a:05d}",
				"alternative_item_code": f"{PREFIX}{b:05d}",
				"two_way": i % 2,
			}
		).insert()
	supplier = frappe.db.get_value("Supplier", {}, "name") or (
		frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": "Bench Supplier",
				"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0}, "name"),
			}
		)
		.insert()
		.name
	)
	for _ in range(PURCHASE_ORDERS):
		when = add_days(nowdate(), rng.randint(3, 60))
		order = frappe.get_doc(
			{
				"doctype": "Purchase Order",
				"supplier": supplier,
				"company": comp,
				"transaction_date": nowdate(),
				"schedule_date": when,
				"items": [
					{
						"item_code": f"{PREFIX}{rng.randrange(ITEMS):05d}",
						"qty": rng.randint(10, 200),
						"rate": 10,
						"schedule_date": when,
						"warehouse": rng.choice(warehouses),
					}
					for _ in range(5)
				],
			}
		)
		order.insert()
		order.submit()
	frappe.db.commit()  # nosemgrep: a generator on a benchmark site keeps what it made


# -- measuring ----------------------------------------------------------------------------------------


def measure(fn, runs: int) -> tuple[int, float]:
	"""(queries of one call, median milliseconds over `runs` calls), after one warm-up call."""
	fn()
	original, count = frappe.db.sql, [0]

	def counting(*args, **kwargs):
		count[0] += 1
		return original(*args, **kwargs)

	frappe.db.sql = counting
	try:
		fn()
	finally:
		frappe.db.sql = original
	times = []
	for _ in range(runs):
		start = time.perf_counter()
		fn()
		times.append((time.perf_counter() - start) * 1000)
	return count[0], statistics.median(times)


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("site")
	parser.add_argument("--runs", type=int, default=7)
	args = parser.parse_args()

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		run(args.runs)
	finally:
		frappe.db.rollback()
		frappe.destroy()


def run(runs: int):
	from erpnext.stock.get_item_details import get_bin_details, get_item_details

	from account_manager.erp.stock import check_availability

	comp = company()
	warehouses = ensure_warehouses(comp)
	frappe.db.commit()  # nosemgrep: the benchmark site's settings
	ensure_data(comp, warehouses)

	rng = random.Random(SEED + 1)
	alt_items = frappe.get_all(
		"Item Alternative", filters={"item_code": ("like", f"{PREFIX}%")}, pluck="item_code"
	)
	po_items = frappe.get_all(
		"Purchase Order Item", filters={"item_code": ("like", f"{PREFIX}%")}, pluck="item_code"
	)
	codes = list(
		dict.fromkeys(
			rng.sample(alt_items, 10)
			+ rng.sample(po_items, 10)
			+ [f"{PREFIX}{rng.randrange(ITEMS):05d}" for _ in range(60)]
		)
	)[:50]
	lines = [{"item_code": code, "qty": rng.randint(1, 300)} for code in codes]
	# the single line is a short one with an alternative: the costliest case for one line
	checked = check_availability(lines, comp)
	first = next(
		i for i, r in enumerate(checked) if r["verdict"] in ("Partly", "Out of Stock") and r["alternatives"]
	)
	lines.insert(0, lines.pop(first))
	customer = frappe.db.get_value("Customer", {}, "name")
	price_list = frappe.db.get_single_value("Selling Settings", "selling_price_list") or "Standard Selling"
	currency = frappe.get_cached_value("Company", comp, "default_currency")

	def ours(n):
		return lambda: check_availability(lines[:n], comp)

	def bin_per_line(n):
		def fn():
			for line in lines[:n]:
				for warehouse in warehouses:
					get_bin_details(line["item_code"], warehouse)

		return fn

	def item_details_per_line(n):
		def fn():
			for line in lines[:n]:
				get_item_details(
					{
						"item_code": line["item_code"],
						"qty": line["qty"],
						"company": comp,
						"doctype": "Quotation",
						"customer": customer,
						"selling_price_list": price_list,
						"price_list_currency": currency,
						"plc_conversion_rate": 1,
						"currency": currency,
						"conversion_rate": 1,
						"transaction_date": nowdate(),
						"warehouse": warehouses[0],
					}
				)

		return fn

	results = {}
	for label, factory in (
		("account_manager check_availability", ours),
		("ERPNext get_bin_details per line x 5 warehouses", bin_per_line),
		("ERPNext get_item_details per line", item_details_per_line),
	):
		for n in (1, 50):
			results[(label, n)] = measure(factory(n), runs)

	short = sum(1 for r in checked if r["verdict"] in ("Partly", "Out of Stock"))
	print()
	print(
		f"site {frappe.local.site}: {frappe.db.count('Item')} items, {frappe.db.count('Bin')} bins, "
		f"{len(warehouses)} serving warehouses; 50 lines of which {short} short (the 1-line case is a "
		f"short line with an alternative); median of {runs} runs"
	)
	print()
	ours_50 = results[("account_manager check_availability", 50)]
	print("| scenario | lines | queries | time (ms) | time vs ours (50 lines) |")
	print("| --- | ---: | ---: | ---: | ---: |")
	for (label, n), (queries, ms) in results.items():
		ratio = f"{ms / ours_50[1]:.1f}x" if n == 50 else ""
		print(f"| {label} | {n} | {queries} | {ms:.1f} | {ratio} |")
	return results


if __name__ == "__main__":
	sys.exit(main())
