"""Benchmark: cards for what exists (issue 12, CB17) on 10,000 customers.

    cd ~/frappe-bench/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/missing_cards.py <site> [customers]

On the site (a test or benchmark site, never one with real data) it generates the customers in one
transaction (a third with an account manager, a third with a Sales Team whose Sales Person is an
Account Manager's employee, a third nobody's), then measures:

- account_manager.cards.create_missing_cards over all of them (the install / Sales Head / bench path);
- the baseline: the same cards made one by one through the Document API (Client Card.insert, as Data
  Import or a form would make them), timed on a sample of SAMPLE customers and extrapolated;
- a second run of create_missing_cards (must make nothing).

Everything is rolled back at the end: the site is left as it was.
"""

import sys
import time

import frappe
from frappe.utils import now_datetime, random_string

SAMPLE = 200


def generate(count: int) -> dict:
	company = frappe.db.get_single_value("Global Defaults", "default_company") or frappe.get_all(
		"Company", pluck="name", limit=1
	)
	group = frappe.db.get_value("Customer Group", {"is_group": 0})
	territory = frappe.db.get_value("Territory", {"is_group": 0})
	managers = []
	for i in range(20):
		email = f"bench-am-{i}-{random_string(5).lower()}@example.com"
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": f"Manager {i}",
				"send_welcome_email": 0,
				"user_image": "/assets/frappe/images/default-avatar.png",
				"roles": [{"role": "Account Manager"}, {"role": "Sales User"}],
			}
		).insert(ignore_permissions=True)
		managers.append(email)
	persons = []
	for i, manager in enumerate(managers):
		employee = frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": f"Bench {i}",
				"gender": frappe.db.get_value("Gender", {}) or "Male",
				"date_of_birth": "1990-01-01",
				"date_of_joining": "2020-01-01",
				"company": company,
				"user_id": manager,
			}
		).insert(ignore_permissions=True)
		persons.append(
			frappe.get_doc(
				{
					"doctype": "Sales Person",
					"sales_person_name": f"Bench SP {i} {random_string(4)}",
					"employee": employee.name,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	now, prefix = now_datetime(), f"BENCH-{random_string(4)}-"
	customers, teams = [], []
	for i in range(count):
		name = f"{prefix}{i:05d}"
		owner = managers[i % 20] if i % 3 == 0 else None
		customers.append(
			(name, name, "Company", group, territory, owner, 0, "Administrator", "Administrator", now, now)
		)
		if i % 3 == 1:
			teams.append(
				(random_string(10), name, "Customer", "sales_team", 1, persons[i % 20], 100, now, now)
			)
	frappe.db.bulk_insert(
		"Customer",
		[
			"name",
			"customer_name",
			"customer_type",
			"customer_group",
			"territory",
			"account_manager",
			"disabled",
			"owner",
			"modified_by",
			"creation",
			"modified",
		],
		customers,
	)
	frappe.db.bulk_insert(
		"Sales Team",
		[
			"name",
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"sales_person",
			"allocated_percentage",
			"creation",
			"modified",
		],
		teams,
	)
	return {"prefix": prefix, "count": count}


def main(site: str, count: int = 10_000):
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.set_user("Administrator")
	from account_manager.cards import create_missing_cards

	try:
		started = time.perf_counter()
		data = generate(count)
		print(f"generated {count} customers in {time.perf_counter() - started:.1f} s")

		# baseline: one Client Card at a time through the Document API, on a sample
		sample = frappe.get_all(
			"Customer", filters={"name": ("like", f"{data['prefix']}%")}, pluck="name", limit=SAMPLE
		)
		frappe.db.savepoint("baseline")
		started = time.perf_counter()
		for customer in sample:
			frappe.get_doc({"doctype": "Client Card", "party_type": "Customer", "party": customer}).insert(
				ignore_permissions=True
			)
		per_card = (time.perf_counter() - started) / len(sample)
		frappe.db.rollback(save_point="baseline")
		baseline = per_card * count

		started = time.perf_counter()
		made = create_missing_cards(publish=False)
		ours = time.perf_counter() - started
		started = time.perf_counter()
		again = create_missing_cards(publish=False)
		second = time.perf_counter() - started

		prefix = data["prefix"]
		owners = frappe.db.sql(
			"""select count(*), sum(card.account_manager is not null)
			from `tabClient Card` card where card.party like %s""",
			f"{prefix}%",
		)[0]
		print(f"create_missing_cards: {made} in {ours:.2f} s ({count / ours:,.0f} cards/s)")
		print(f"  cards for the generated customers: {owners[0]}, with an owner: {int(owners[1] or 0)}")
		print(f"second run: {again} in {second:.2f} s")
		print(
			f"baseline, Client Card.insert one by one: {per_card * 1000:.1f} ms a card, "
			f"{baseline:.1f} s for {count} (extrapolated from {len(sample)})"
		)
		print(f"ratio baseline / create_missing_cards: {baseline / ours:.1f}x")
		assert owners[0] == count and not sum(again.values()), "every customer once, nothing the second time"
		assert ours < 60, f"{ours:.1f} s: over the 60 s budget"
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
