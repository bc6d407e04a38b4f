"""One offer or promotion to many clients (OF5) and replies that move offers (OF6), on a real ERPNext site."""

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate, random_string

from account_manager.account_manager.doctype.offer_campaign.offer_campaign import (
	NoRecipientsError,
	TemplateRenderError,
	make_campaign,
	promotions_sent,
)
from account_manager.account_manager.report.daily_activity.daily_activity import (
	execute as daily_activity_report,
)
from account_manager.erp import pricing, stock
from account_manager.kpi import daily_activity, working_days_of
from account_manager.rules import kpi as rules
from account_manager.tests.rest import RestClient
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_contact,
	make_customer,
	make_item,
	make_sales_invoice,
	make_user,
	receive_stock,
)

pytestmark = pytest.mark.usefixtures("outgoing_email")


@pytest.fixture
def manager():
	return make_user()


def client(manager, email=True, **customer_fields):
	customer = make_customer(f"_Test Camp {random_string(6)}", **customer_fields).name
	card = make_client_card(customer, "Customer", manager)
	card.contact = (
		make_contact("Customer", customer, email_id=f"buyer.{random_string(6).lower()}@client.example")
		if email
		else make_contact("Customer", customer)
	)
	card.email = frappe.db.get_value("Contact", card.contact, "email_id")
	return card


def template(subject="Oferta {{ doc.name }} dla {{ party_name }}", response="Dzień dobry {{ party_name }}"):
	return (
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"_Test Campaign {random_string(6)}",
				"subject": subject,
				"response": response,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def new_item() -> str:
	"""An item, made by the Administrator whoever acts in the test."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		return make_item().name
	finally:
		frappe.set_user(user)


def campaign(cards, items=(), **fields):
	return frappe.get_doc(
		{
			"doctype": "Offer Campaign",
			"title": fields.pop("title", "Cement spring"),
			"kind": fields.pop("kind", "Offer"),
			"email_template": fields.pop("email_template", None) or template(),
			"proposal": fields.pop("proposal", "<p>Spring prices</p>"),
			"items": [{"item_code": code, "qty": qty} for code, qty in items],
			"recipients": [{"client_card": card.name} for card in cards],
			**fields,
		}
	).insert()


def rows(doc):
	doc.reload()
	return {row.client_card: row for row in doc.recipients}


class TestOneOfferToManyClients:
	def test_each_client_gets_its_own_offer_prices_stock_and_pdf_and_the_skipped_are_listed(self, manager):
		price_list = frappe.get_doc(
			{
				"doctype": "Price List",
				"price_list_name": f"AM Key {random_string(4)}",
				"selling": 1,
				"currency": "PLN",
			}
		).insert()
		in_stock, short = make_item().name, make_item().name
		receive_stock(in_stock, 100)
		for pl, rate in ((price_list.name, 80), ("Standard Selling", 100)):
			frappe.get_doc(
				{"doctype": "Item Price", "item_code": in_stock, "price_list": pl, "price_list_rate": rate}
			).insert()
		key_account = client(manager, default_price_list=price_list.name)
		regular = client(manager, default_price_list="Standard Selling")
		no_email = client(manager, email=False)
		unsubscribed = client(manager)
		frappe.get_doc(
			{"doctype": "Email Unsubscribe", "email": unsubscribed.email, "global_unsubscribe": 1}
		).insert(ignore_permissions=True)
		in_debt = client(manager)
		frappe.db.set_value("Client Card", in_debt.name, "overdue_tolerance_days", 10)
		make_sales_invoice(in_debt.party, 500, add_days(nowdate(), -60), add_days(nowdate(), -30))

		frappe.set_user(manager)
		doc = campaign([key_account, regular, no_email, unsubscribed, in_debt], [(in_stock, 10), (short, 5)])
		assert doc.account_manager == manager and doc.status == "Draft"
		# the preview says what a send will do, and writes nothing
		preview = doc.preview()
		assert sorted(c["client_card"] for c in preview["send"]) == sorted([key_account.name, regular.name])
		assert {c["client_card"]: c["code"] for c in preview["skip"]} == {
			no_email.name: "No E-mail Contact",
			unsubscribed.name: "Unsubscribed",
			in_debt.name: "Debt Beyond Tolerance",
		}
		assert [(r["code"], r["count"]) for r in preview["reasons"]] == [
			("No E-mail Contact", 1),
			("Unsubscribed", 1),
			("Debt Beyond Tolerance", 1),
		]
		assert not frappe.db.exists("Commercial Offer", {"offer_campaign": doc.name})
		assert {r.status for r in rows(doc).values()} == {"Pending"}
		# two of five reached: the status says so (issue 27)
		assert doc.send() == "Partly Sent"

		result = rows(doc)
		assert {card: row.status for card, row in result.items()} == {
			key_account.name: "Sent",
			regular.name: "Sent",
			no_email.name: "Skipped",
			unsubscribed.name: "Skipped",
			in_debt.name: "Skipped",
		}
		assert result[no_email.name].reason == "No E-mail Contact"
		assert result[unsubscribed.name].reason == "Unsubscribed"
		assert result[in_debt.name].reason == "Debt Beyond Tolerance"
		assert (doc.sent_count, doc.skipped_count, doc.failed_count, doc.status) == (2, 3, 0, "Partly Sent")
		assert doc.preview() == {"send": [], "skip": [], "reasons": [], "decided_before": 5}
		assert frappe.get_all("Version", filters={"ref_doctype": "Offer Campaign", "docname": doc.name})

		rates = {}
		for card in (key_account, regular):
			offer = frappe.get_doc("Commercial Offer", result[card.name].commercial_offer)
			assert (offer.client_card, offer.status, offer.offer_campaign) == (card.name, "Sent", doc.name)
			assert offer.contact_email == card.email
			assert [d.verdict for d in offer.items] == ["In Stock", "Out of Stock"]
			rates[card.name] = offer.items[0].rate
			comm = frappe.get_last_doc(
				"Communication",
				filters={"reference_doctype": "Commercial Offer", "reference_name": offer.name},
			)
			assert (
				comm.recipients == card.email and comm.subject == f"Oferta {offer.name} dla {card.party_name}"
			)
			queued = frappe.get_last_doc("Email Queue", filters={"communication": comm.name})
			attachment = frappe.parse_json(queued.attachments)[0]
			assert (attachment["doctype"], attachment["name"]) == ("Commercial Offer", offer.name)
		assert rates == {key_account.name: 80, regular.name: 100}

		# the e-mail quota of the day counts each offer sent, by its sender
		today = getdate(nowdate())
		assert daily_activity([manager], today, today)[(manager, today)]["email_offers"] == 2

	def test_clients_priced_alike_share_one_pricing_and_those_with_prices_of_their_own_keep_them(
		self, manager, monkeypatch
	):
		"""Clients ERPNext cannot tell apart when it prices them are priced by one Quotation, and the same
		lines are checked for stock once; a client named by a Pricing Rule or an Item Price, or of another
		customer group with a rule of its own, gets its own prices: each exactly as an offer made for it
		alone."""
		item = new_item()
		receive_stock(item, 100)
		company = default_company()
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": item,
				"price_list": "Standard Selling",
				"price_list_rate": 100,
			}
		).insert()
		any_group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
		alike, alike_too, own_rule, own_price = (client(manager, customer_group=any_group) for _ in range(4))
		group = frappe.get_doc(
			{
				"doctype": "Customer Group",
				"customer_group_name": f"_Test Camp Group {random_string(6)}",
				"parent_customer_group": frappe.db.get_value(
					"Customer Group", any_group, "parent_customer_group"
				),
			}
		).insert()
		of_group = client(manager, customer_group=group.name)

		def discount(percent, **applicable):
			frappe.get_doc(
				{
					"doctype": "Pricing Rule",
					"title": f"_Test Camp {percent}% {random_string(6)}",
					"apply_on": "Item Code",
					"items": [{"item_code": item}],
					"selling": 1,
					"rate_or_discount": "Discount Percentage",
					"discount_percentage": percent,
					"company": company,
					**applicable,
				}
			).insert()

		discount(20, applicable_for="Customer", customer=own_rule.party)
		discount(10, applicable_for="Customer Group", customer_group=group.name)
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": item,
				"price_list": "Standard Selling",
				"customer": own_price.party,
				"price_list_rate": 70,
			}
		).insert()
		cards = [alike, own_rule, own_price, of_group, alike_too]

		quoted, checked = [], []
		real_quote, real_check = pricing._quote, stock._check_availability

		def quote(party_type, party, *args):
			quoted.append(party)
			return real_quote(party_type, party, *args)

		def check(*args):
			checked.append(args)
			return real_check(*args)

		monkeypatch.setattr(pricing, "_quote", quote)
		monkeypatch.setattr(stock, "_check_availability", check)
		frappe.set_user(manager)
		doc = campaign(cards, [(item, 4)])
		assert doc.send() == "Sent"

		# one Quotation for the two alike, one each for the three with prices of their own; one stock check
		assert sorted(quoted) == sorted([alike.party, own_rule.party, own_price.party, of_group.party])
		assert len(checked) == 1
		result = rows(doc)
		sent = {
			card.name: frappe.get_doc("Commercial Offer", result[card.name].commercial_offer).items[0]
			for card in cards
		}
		assert {card.name: sent[card.name].rate for card in cards} == {
			alike.name: 100,
			own_rule.name: 80,
			own_price.name: 70,
			of_group.name: 90,
			alike_too.name: 100,
		}
		# each as the client's own offer, made alone (outside a campaign, priced by a Quotation of its own)
		quoted.clear()
		for card in cards:
			alone = frappe.get_doc(
				{
					"doctype": "Commercial Offer",
					"client_card": card.name,
					"items": [{"item_code": item, "qty": 4}],
				}
			).insert()
			fields = ("price_list_rate", "discount_percentage", "rate", "pricing_rules", "verdict")
			assert [alone.items[0].get(f) for f in fields] == [sent[card.name].get(f) for f in fields]
		assert len(quoted) == len(cards)

	def test_a_pricing_rule_with_a_condition_prices_every_client_on_its_own(self, manager, monkeypatch):
		"""A rule's condition may look at anything of the client: then nobody shares a Quotation."""
		item = new_item()
		frappe.get_doc(
			{
				"doctype": "Item Price",
				"item_code": item,
				"price_list": "Standard Selling",
				"price_list_rate": 50,
			}
		).insert()
		chosen, other = client(manager), client(manager)
		frappe.get_doc(
			{
				"doctype": "Pricing Rule",
				"title": f"_Test Camp condition {random_string(6)}",
				"apply_on": "Item Code",
				"items": [{"item_code": item}],
				"selling": 1,
				"rate_or_discount": "Discount Percentage",
				"discount_percentage": 50,
				"company": default_company(),
				"condition": f"party_name == {chosen.party!r}",
			}
		).insert()
		quoted = []
		real_quote = pricing._quote

		def quote(party_type, party, *args):
			quoted.append(party)
			return real_quote(party_type, party, *args)

		monkeypatch.setattr(pricing, "_quote", quote)
		frappe.set_user(manager)
		doc = campaign([chosen, other], [(item, 1)])
		assert doc.send() == "Sent"
		result = rows(doc)
		rates = {
			card.name: frappe.get_doc("Commercial Offer", result[card.name].commercial_offer).items[0].rate
			for card in (chosen, other)
		}
		assert rates == {chosen.name: 25, other.name: 50}
		assert sorted(quoted) == sorted([chosen.party, other.party])

	def test_a_campaign_is_never_sent_twice_to_a_client(self, manager):
		a, b = client(manager), client(manager)
		frappe.set_user(manager)
		doc = campaign([a, b], [(new_item(), 1)])
		doc.send()
		# sent again a moment later (a double click, a retry): answered with what was done, nothing sent
		frappe.get_doc("Offer Campaign", doc.name).send()
		assert frappe.db.count("Commercial Offer", {"offer_campaign": doc.name}) == 2
		# nor by writing a recipient back to pending, or naming a client twice
		doc.reload()
		doc.recipients[0].status = "Pending"
		doc.save()
		assert rows(doc)[a.name].status == "Sent"
		doc.append("recipients", {"client_card": a.name})
		with pytest.raises(frappe.ValidationError):
			doc.save()
		assert frappe.db.count("Commercial Offer", {"offer_campaign": doc.name}) == 2

	def test_a_campaign_failing_midway_resumes_without_sending_twice(self, manager):
		first, failing, last = client(manager), client(manager), client(manager)
		frappe.db.set_value("Customer", failing.party, "customer_name", "Zepsuty Klient")
		frappe.db.set_value("Client Card", failing.name, "party_name", "Zepsuty Klient")
		broken = template(
			subject="Oferta dla {{ party_name }}",
			response="{% if party_name == 'Zepsuty Klient' %}{{ doc.missing_method() }}{% endif %}Oferta",
		)
		frappe.set_user(manager)
		doc = campaign([first, failing, last], [(new_item(), 1)], email_template=broken)
		assert doc.send() == "Partly Sent"
		result = rows(doc)
		assert [result[c.name].status for c in (first, failing, last)] == ["Sent", "Failed", "Sent"]
		assert "fails to render" in result[failing.name].reason
		assert not frappe.db.exists(
			"Commercial Offer", {"offer_campaign": doc.name, "client_card": failing.name}
		)
		sent_before = frappe.db.count("Communication", {"reference_doctype": "Commercial Offer"})

		frappe.set_user("Administrator")
		frappe.db.set_value("Email Template", broken, "response", "Oferta")
		frappe.clear_document_cache("Email Template", broken)
		frappe.set_user(manager)
		assert frappe.get_doc("Offer Campaign", doc.name).send() == "Sent"
		result = rows(doc)
		assert [result[c.name].status for c in (first, failing, last)] == ["Sent", "Sent", "Sent"]
		# only the client that failed got an e-mail on resuming
		assert frappe.db.count("Communication", {"reference_doctype": "Commercial Offer"}) == sent_before + 1
		assert frappe.db.count("Commercial Offer", {"offer_campaign": doc.name}) == 3

	def test_a_campaign_whose_job_was_stopped_midway_is_resumed(self, manager):
		sent, pending = client(manager), client(manager)
		frappe.set_user(manager)
		doc = campaign([sent, pending], [(new_item(), 1)])
		doc.send()
		offers = frappe.db.count("Commercial Offer", {"offer_campaign": doc.name})
		# as a worker killed after the first client leaves it: that one sent, the other pending, "Sending"
		doc.reload()
		row = next(r for r in doc.recipients if r.client_card == pending.name)
		offer = row.commercial_offer
		row.db_set({"status": "Pending", "commercial_offer": None, "sent_on": None})
		frappe.delete_doc("Commercial Offer", offer, ignore_permissions=True)
		doc.db_set("status", "Sending")
		assert frappe.get_doc("Offer Campaign", doc.name).send() == "Sent"
		result = rows(doc)
		assert result[pending.name].status == "Sent" and result[pending.name].commercial_offer
		assert frappe.db.count("Commercial Offer", {"offer_campaign": doc.name}) == offers

	def test_a_campaign_that_reaches_nobody_says_nothing_sent(self, manager):
		no_email, in_debt = client(manager, email=False), client(manager)
		frappe.db.set_value("Client Card", in_debt.name, "overdue_tolerance_days", 10)
		make_sales_invoice(in_debt.party, 500, add_days(nowdate(), -60), add_days(nowdate(), -30))
		frappe.set_user(manager)
		doc = campaign([no_email, in_debt], [(new_item(), 1)])
		preview = doc.preview()
		assert (len(preview["send"]), len(preview["skip"])) == (0, 2)
		# the reasons are in the reader's language
		frappe.local.lang = "pl"
		try:
			assert {c["reason"] for c in doc.preview()["skip"]} == {
				"Brak kontaktu e-mail",
				"Zadłużenie ponad tolerancję",
			}
		finally:
			frappe.local.lang = "en"
		assert doc.send() == "Nothing Sent"
		assert frappe.get_doc("Offer Campaign", doc.name).status == "Nothing Sent"

	def test_an_offer_sent_for_a_delegated_client_is_signed_by_the_deputy(self, manager):
		deputy = make_user()
		frappe.db.set_value("User", deputy, {"first_name": "Zofia", "last_name": "Zastępczyni"})
		frappe.db.set_value("User", deputy, "full_name", "Zofia Zastępczyni")
		frappe.get_doc(
			{
				"doctype": "Portfolio Delegation",
				"from_user": manager,
				"to_user": deputy,
				"from_date": add_days(nowdate(), -1),
				"to_date": add_days(nowdate(), 7),
				"reason": "Leave",
			}
		).insert()
		card = client(manager)
		signed = template(response="Z poważaniem {{ sender_name }}")
		frappe.set_user(deputy)
		doc = campaign([card], [(new_item(), 1)], email_template=signed)
		assert doc.send() == "Sent"
		offer = frappe.get_doc("Commercial Offer", rows(doc)[card.name].commercial_offer)
		# the client stays the manager's; the offer is signed by who sent it
		assert (offer.account_manager, offer.sent_by) == (manager, deputy)
		comm = frappe.get_last_doc(
			"Communication", filters={"reference_doctype": "Commercial Offer", "reference_name": offer.name}
		)
		assert "Zofia Zastępczyni" in comm.content and deputy in comm.sender
		pdf = frappe.get_print("Commercial Offer", offer.name, "Commercial Offer")
		assert "Zofia Zastępczyni" in pdf
		# an offer sent from its own form is signed the same way; sent_by is never typed in
		single = frappe.get_doc(
			{"doctype": "Commercial Offer", "client_card": card.name, "sent_by": manager}
		).insert()
		assert not single.sent_by
		single.send(recipients=card.email, email_template=signed)
		assert frappe.db.get_value("Commercial Offer", single.name, "sent_by") == deputy

	def test_no_recipients_and_a_template_that_fails_to_render_send_nothing(self, manager):
		frappe.set_user(manager)
		with pytest.raises(NoRecipientsError):
			make_campaign([])
		empty = campaign([], [(new_item(), 1)])
		with pytest.raises(NoRecipientsError):
			empty.send()
		assert frappe.db.get_value("Offer Campaign", empty.name, "status") == "Draft"

		card = client(manager)
		doc = campaign(
			[card], [(new_item(), 1)], email_template=template(response="{{ doc.missing_method() }}")
		)
		with pytest.raises(TemplateRenderError):
			doc.send()
		assert frappe.db.get_value("Offer Campaign", doc.name, "status") == "Draft"
		assert not frappe.db.exists("Commercial Offer", {"offer_campaign": doc.name})

	def test_made_from_the_selected_cards(self, manager):
		a, b = client(manager), client(manager)
		frappe.set_user(manager)
		name = make_campaign([a.name, b.name, a.name], title="Nowości", email_template=template())
		doc = frappe.get_doc("Offer Campaign", name)
		assert [r.client_card for r in doc.recipients] == [a.name, b.name]
		assert doc.account_manager == manager

	def test_made_for_the_clients_not_offered_in_n_days(self, manager):
		offered, forgotten = client(manager), client(manager)
		frappe.set_user(manager)
		campaign([offered], [(new_item(), 1)]).send()
		name = make_campaign(not_offered_days=30, email_template=template())
		cards = [r.client_card for r in frappe.get_doc("Offer Campaign", name).recipients]
		assert forgotten.name in cards and offered.name not in cards
		assert set(cards) <= set(frappe.get_list("Client Card", pluck="name"))


class TestPortfolioRule:
	def test_a_manager_cannot_send_a_campaign_to_another_managers_client(self, manager):
		other = make_user()
		mine, theirs = client(manager), client(other)
		tmpl = template()
		rest = RestClient(manager)
		reply = rest.create(
			"Offer Campaign",
			{
				"title": "Poaching",
				"email_template": tmpl,
				"company": default_company(),
				"proposal": "x",
				"recipients": [{"client_card": mine.name}, {"client_card": theirs.name}],
			},
		)
		assert reply.status == 403, reply.body
		assert not frappe.db.exists("Offer Campaign", {"title": "Poaching"})

		reply = rest.call(
			"account_manager.account_manager.doctype.offer_campaign.offer_campaign.make_campaign",
			client_cards=[theirs.name],
			email_template=tmpl,
		)
		assert reply.status == 403

		# a campaign of their own, then the other's client slipped in by a write: refused
		frappe.set_user(manager)
		doc = campaign([mine], proposal="x", email_template=tmpl)
		frappe.set_user("Administrator")
		rows_now = [{"client_card": mine.name}, {"client_card": theirs.name}]
		reply = rest.write("Offer Campaign", doc.name, {"recipients": rows_now})
		assert reply.status == 403
		# and another manager's campaign is not theirs to send
		reply = RestClient(other).call(
			"run_doc_method", dt="Offer Campaign", dn=doc.name, method="send", args={}
		)
		assert reply.status == 403
		assert not frappe.db.exists("Commercial Offer", {"client_card": theirs.name})


class TestPromotion:
	def test_a_promotion_without_lines_goes_to_a_segment_and_is_counted_apart(self, manager):
		a, b, other_segment = client(manager), client(manager), client(manager)
		theirs = client(make_user())  # another manager's client of the segment: not included
		for card in (a, b, theirs):
			frappe.db.set_value("Client Card", card.name, "segment", "A")
		frappe.db.set_value("Client Card", other_segment.name, "segment", "B")
		frappe.set_user(manager)
		with pytest.raises(frappe.ValidationError):
			campaign([a], [(new_item(), 1)], kind="Promotion")
		name = make_campaign(
			segment="A",
			kind="Promotion",
			title="Budma",
			proposal="<p>Targi Budma: zapraszamy</p>",
			email_template=template(
				subject="Nowość dla {{ party_name }}", response="{{ campaign.proposal }}"
			),
		)
		doc = frappe.get_doc("Offer Campaign", name)
		assert sorted(r.client_card for r in doc.recipients) == sorted([a.name, b.name])
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "ulotka.txt",
				"content": b"Budma 2027",
				"attached_to_doctype": "Offer Campaign",
				"attached_to_name": doc.name,
				"is_private": 1,
			}
		).insert()
		doc.attachment = file.file_url
		doc.save()
		assert doc.send() == "Sent"
		assert not frappe.db.exists("Commercial Offer", {"offer_campaign": doc.name})
		today = getdate(nowdate())
		assert promotions_sent([manager], today, today) == {(manager, today): 2}
		assert not daily_activity([manager], today, today).get((manager, today), {}).get("email_offers")
		# the manager's Daily Activity shows them apart from the e-mail offers of the quota, on a working
		# day of the manager's calendar (the report lists working days only)
		day = working_days_of(None, rules.month_start(today))[0]
		frappe.db.set_value(
			"Communication",
			{"reference_doctype": "Offer Campaign", "reference_name": doc.name},
			"communication_date",
			f"{day} 10:00:00",
		)
		frappe.set_user(manager)
		rows = daily_activity_report({"account_manager": manager, "from_date": day, "to_date": day})[1]
		assert [(r["date"], r["promotions"], r["email_offers"]) for r in rows] == [(day, 2, 0)]
		comms = frappe.get_all(
			"Communication",
			filters={"reference_doctype": "Offer Campaign", "reference_name": doc.name},
			pluck="name",
		)
		assert len(comms) == 2
		comm = frappe.get_doc("Communication", comms[0])
		assert "Targi Budma" in comm.content and comm.has_attachment
		assert {link.link_doctype for link in comm.timeline_links} >= {"Client Card"}


class TestReplies:
	def sent_offer(self, manager):
		card = client(manager)
		frappe.set_user(manager)
		doc = campaign([card], [(new_item(), 1)])
		doc.send()
		frappe.set_user("Administrator")
		offer = rows(doc)[card.name].commercial_offer
		sent = frappe.get_last_doc(
			"Communication", filters={"reference_doctype": "Commercial Offer", "reference_name": offer}
		)
		return card, offer, sent

	def receive(self, sender, subject, **fields):
		"""A Communication as Frappe's mail receiver (frappe.email.receive.InboundMail) inserts it."""
		comm = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"sender": sender,
				"subject": subject,
				"content": "Proszę o rabat 5%",
				"message_id": f"{random_string(10)}@mail.client.example",
				**fields,
			}
		)
		comm.flags.in_receive = True
		comm.insert(ignore_permissions=True)
		return comm

	def test_a_reply_threads_on_the_offer_and_moves_it_to_negotiation_with_a_todo(self, manager):
		card, offer, sent = self.sent_offer(manager)
		# receive.py: In-Reply-To names the sent mail; its reference is the offer's
		reply = self.receive(
			f"Buyer <{card.email}>",
			f"Re: {sent.subject}",
			in_reply_to=sent.name,
			reference_doctype="Commercial Offer",
			reference_name=offer,
		)
		assert frappe.db.get_value("Commercial Offer", offer, "status") == "Negotiation"
		todo = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Commercial Offer", "reference_name": offer, "status": "Open"},
			fields=["allocated_to", "description"],
		)
		assert [t.allocated_to for t in todo] == [manager] and reply.subject in todo[0].description
		assert frappe.get_all(
			"Version", filters={"ref_doctype": "Commercial Offer", "docname": offer}, pluck="name"
		)

	def test_a_mail_naming_an_offer_lands_on_it_and_one_naming_none_on_the_card(self, manager):
		card, offer, _sent = self.sent_offer(manager)
		named = self.receive(card.email, f"Pytanie o {offer}")
		assert (named.reference_doctype, named.reference_name) == ("Commercial Offer", offer)
		assert frappe.db.get_value("Commercial Offer", offer, "status") == "Negotiation"

		plain = self.receive(f"Buyer <{card.email.upper()}>", "Zapytanie o cement")
		assert (plain.reference_doctype, plain.reference_name) == ("Client Card", card.name)

		stranger = self.receive("nobody@unknown.example", "Spam")
		assert not stranger.reference_doctype
