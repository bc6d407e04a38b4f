"""Benchmark: one offer to 50 clients, 10 lines each (OF5), prepared through the campaign job.

    cd <bench>/sites
    PYTHONPATH=<checkout> ../env/bin/python <checkout>/benchmarks/bulk_offers.py <site> [--clients 50] [--lines 10]

The site must have ERPNext, a company and account_manager installed (a test or benchmark site). Everything
runs in one transaction that is rolled back at the end, so the site is left as it was: an Account Manager,
50 customers with their client cards and an e-mail contact each, 10 stock items with stock and a price, an
Email Template. Then, as the manager, an Offer Campaign to the 50 clients with the 10 lines is sent and
timed: per client a Commercial Offer is made with the client's prices (ERPNext's pricing) and stock
verdicts (the out-of-stock rule), the skip rule is checked (contact, Email Unsubscribe, debt) and the
e-mail with its PDF is put on Frappe's Email Queue (the PDF is rendered when the queue sends it). The
campaign job (run_campaign) is run in this process without its per-client commits (commit_each=False,
as a request sending to a few clients runs it), so that it is timed alone and rolled back.

The clients are alike for ERPNext's pricing (one price list, customer group and territory), so the job
prices the lines once for all of them; `--own-prices N` gives N of them a Pricing Rule of their own (a
discount on the first line), and each of those is priced by a Quotation of its own.
"""

import argparse
import os
import sys
import time

import frappe
from frappe.utils import random_string

WARM_UP = 2  # clients of a first, unmeasured campaign
PROFILE = os.environ.get("AM_BENCH_PROFILE")  # a file to write the measured run's cProfile stats to


def build(clients: int, lines: int, own_prices: int = 0):
	from account_manager.tests.utils import (
		make_client_card,
		make_contact,
		make_customer,
		make_item,
		make_user,
		receive_stock,
	)

	manager = make_user()
	items = []
	for i in range(lines):
		item = make_item(f"BENCH-BULK-{random_string(5)}-{i}").name
		if i % 3:
			receive_stock(item, 1000)  # one line in three is out of stock
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": item,
				"price_list": "Standard Selling",
				"price_list_rate": 10 + i,
			}
		).insert()
		items.append(item)
	cards = []
	for i in range(clients):
		customer = make_customer(f"Bench Bulk Client {random_string(5)} {i}").name
		if i >= clients - own_prices:  # the last ones: the measured run's, not the warm-up's
			frappe.get_doc(
				{
					"doctype": "Pricing Rule",
					"title": f"Bench Bulk {customer}",
					"apply_on": "Item Code",
					"items": [{"item_code": items[0]}],
					"selling": 1,
					"applicable_for": "Customer",
					"customer": customer,
					"rate_or_discount": "Discount Percentage",
					"discount_percentage": 5,
				}
			).insert()
		make_contact("Customer", customer, email_id=f"bench.bulk.{random_string(6).lower()}@client.example")
		cards.append(make_client_card(customer, "Customer", manager).name)
	template = (
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"Bench Bulk {random_string(5)}",
				"subject": "Oferta {{ doc.name }} dla {{ party_name }}",
				"response": "Dzień dobry, oferta na {{ doc.items|length }} pozycji.",
			}
		)
		.insert()
		.name
	)
	return manager, items, cards, template


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("site")
	parser.add_argument("--clients", type=int, default=50)
	parser.add_argument("--lines", type=int, default=10)
	parser.add_argument("--own-prices", type=int, default=0, help="clients with a Pricing Rule of their own")
	args = parser.parse_args()

	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	# one transaction, rolled back at the end: the job runs here, without its per-client commits
	try:
		frappe.set_user("Administrator")
		from account_manager.tests.utils import outgoing_email_account

		outgoing_email_account()
		manager, items, cards, template = build(
			args.clients + WARM_UP, args.lines, min(args.own_prices, args.clients)
		)
		frappe.set_user(manager)

		def campaign_to(cards):
			return frappe.get_doc(
				{
					"doctype": "Offer Campaign",
					"title": "Bench",
					"email_template": template,
					"proposal": "<p>Spring prices</p>",
					"items": [{"item_code": item, "qty": 5} for item in items],
					"recipients": [{"client_card": card} for card in cards],
				}
			).insert()

		campaign_to(cards[:WARM_UP]).send()  # warm caches and imports, as a running site has them
		campaign = campaign_to(cards[WARM_UP:])
		queued_before = frappe.db.count("Email Queue")
		start = time.perf_counter()
		if PROFILE:
			import cProfile

			profile = cProfile.Profile()
			status = profile.runcall(send, campaign)
			profile.dump_stats(PROFILE)
		else:
			status = send(campaign)
		elapsed = time.perf_counter() - start
		campaign.reload()
		queued = frappe.db.count("Email Queue") - queued_before
		offers = [r.commercial_offer for r in campaign.recipients if r.commercial_offer]
		discounted = frappe.db.count(
			"Commercial Offer Item",
			{"parent": ("in", offers), "item_code": items[0], "discount_percentage": 5},
		)
		lines_made = frappe.db.count("Commercial Offer Item", {"parent": ("in", offers)})
		print(
			f"{args.clients} clients x {args.lines} lines: {elapsed:.2f} s "
			f"({1000 * elapsed / args.clients:.0f} ms per offer); status {status}, sent {campaign.sent_count}, "
			f"skipped {campaign.skipped_count}, failed {campaign.failed_count}; "
			f"{lines_made} offer lines priced and checked, {queued} e-mails queued; "
			f"{discounted} offers at a client's own price"
		)
		own = min(args.own_prices, args.clients)
		return 0 if campaign.sent_count == args.clients and discounted == own else 1
	finally:
		frappe.db.rollback()
		frappe.destroy()


def send(campaign) -> str:
	"""What the campaign job does for the campaign (the worker's part of *Send Campaign*)."""
	from account_manager.account_manager.doctype.offer_campaign.offer_campaign import run_campaign

	run_campaign(campaign.name, commit_each=False)
	return frappe.db.get_value("Offer Campaign", campaign.name, "status")


if __name__ == "__main__":
	sys.exit(main())
