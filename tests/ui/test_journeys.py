"""A manager and the Sales Head at work in the desk, in a real browser."""

import re

import pytest

import frappe
from frappe.utils import nowdate

from account_manager.tests.utils import make_client_card, make_contact, make_customer, make_kpi_plan
from tests.ui.conftest import committed, desk_user, login, shot, wait_for_desk


def a_morning_of_work(manager: str):
	"""What the workspace shows once a manager has worked a while: calls made this morning, a client in
	debt, offers in several states."""
	from frappe.utils import add_days

	from account_manager.tests.utils import make_call, make_sales_invoice

	customer = make_customer("Stal-Bud Hurtownia Stali").name
	other = make_client_card(customer, "Customer", manager, segment="B")
	make_sales_invoice(customer, 1500, add_days(nowdate(), -40), add_days(nowdate(), -10))
	for outcome in ("Reached", "No Answer", "Offer Made"):
		make_call(
			other.name, account_manager=manager, outcome=outcome, offer_made=int(outcome == "Offer Made")
		)
	for channel, status in (("Phone", "Sent"), ("E-mail", "Negotiation"), ("Meeting", "Draft")):
		offer = frappe.get_doc(
			{"doctype": "Commercial Offer", "client_card": other.name, "channel": channel}
		).insert()
		if status != "Draft":
			offer.db_set("status", status)


def test_manager_opens_the_workspace_and_logs_a_call_from_a_client_card(page):
	manager = desk_user(["Account Manager", "Sales User"], "Anna")
	card = committed(
		lambda: (
			make_kpi_plan(manager, nowdate(), calls_per_day=30),
			make_client_card(
				make_customer("Hurtownia Budowlana Kowalski").name,
				"Customer",
				manager,
				segment="A",
				needs="Cement, dry mixes",
			),
		)[1]
	)
	committed(
		lambda: make_contact(
			"Customer", card.party, first_name="Jan", last_name="Kowalski", is_decision_maker=1
		)
	)
	committed(lambda: a_morning_of_work(manager))

	login(page, manager)
	page.goto("/app/account-manager")
	wait_for_desk(page)
	page.get_by_text("Calls Today").first.wait_for()
	for label in ("Overdue Receivables", "Clients to Contact Today", "Monthly Report Status"):
		page.get_by_text(label).first.wait_for()
	page.get_by_text("Not drafted").first.wait_for()  # the monthly report card, as text
	page.get_by_text("Portfolio Turnover").first.wait_for()
	page.locator(".widget.dashboard-widget-box svg").first.wait_for()  # the calls chart has drawn
	page.wait_for_timeout(1500)  # and finished its animation
	shot(page, "workspace")

	page.goto(f"/app/client-card/{card.name}")
	wait_for_desk(page)
	page.get_by_text("Jan Kowalski").first.wait_for()
	shot(page, "client-card")
	page.get_by_role("button", name="Log Call").click()
	dialog = page.locator(".modal.show")
	dialog.wait_for()
	dialog.locator("select[data-fieldname='outcome']").select_option("Interested")
	dialog.locator("textarea[data-fieldname='notes']").fill("Wants a price for 20 t of cement")
	shot(page, "log-call")
	dialog.get_by_role("button", name="Save").click()
	page.wait_for_function(
		"() => !document.querySelector('.modal.show') || !document.querySelector('.modal.show').textContent.includes('Outcome')"
	)
	frappe.db.rollback()  # see what the web server committed
	call = frappe.db.get_value(
		"Client Call", {"client_card": card.name}, ["outcome", "notes", "account_manager"], as_dict=True
	)
	assert call == {
		"outcome": "Interested",
		"notes": "Wants a price for 20 t of cement",
		"account_manager": manager,
	}
	assert str(frappe.db.get_value("Client Card", card.name, "last_contact_date")) == nowdate()


def alternative_pair():
	"""An item out of stock and its (two-way) alternative with 30 in stock."""
	from account_manager.tests.utils import make_item, receive_stock

	asked = make_item(allow_alternative_item=1, item_name="Cement CEM I 42.5R 25 kg").name
	analogue = make_item(allow_alternative_item=1, item_name="Cement CEM II 42.5R 25 kg").name
	frappe.get_doc(
		{"doctype": "Item Alternative", "item_code": asked, "alternative_item_code": analogue, "two_way": 1}
	).insert()
	receive_stock(analogue, 30)
	return asked, analogue


def test_manager_builds_an_offer_with_an_out_of_stock_line_and_takes_the_alternative(page):
	from tests.ui.conftest import fill_link, save

	manager = desk_user(["Account Manager", "Sales User"], "Piotr")
	card, (asked, analogue) = committed(
		lambda: (
			make_client_card(make_customer("Skład Budowlany Zielińscy").name, "Customer", manager),
			alternative_pair(),
		)
	)
	login(page, manager)
	page.goto("/app/commercial-offer/new")
	wait_for_desk(page)
	fill_link(page, "client_card", card.name)
	page.locator(".frappe-control[data-fieldname='items'] .grid-add-row").click()
	row = page.locator(".frappe-control[data-fieldname='items'] .grid-row[data-idx='1']")
	row.locator("[data-fieldname='item_code']").first.click()
	fill_link(page, "item_code", asked, scope=row)
	row.locator("[data-fieldname='qty']").first.click()
	row.locator(".frappe-control[data-fieldname='qty'] input").fill("10")
	save(page)
	page.get_by_text("Out of Stock").first.wait_for()
	shot(page, "offer-out-of-stock")

	page.get_by_role("button", name="Actions").click()
	page.get_by_role("link", name="Use Alternative").click()  # one line has one: nothing to choose
	page.wait_for_function(f"() => cur_frm.doc.items[0].item_code === {analogue!r}")
	frappe.db.rollback()
	offer = frappe.get_last_doc("Commercial Offer", filters={"client_card": card.name})
	assert [(line.item_code, line.verdict, line.available_qty) for line in offer.items] == [
		(analogue, "In Stock", 30)
	]


def test_manager_sees_the_debt_warning_before_saving_an_offer(page):
	from frappe.utils import add_days

	from account_manager.tests.utils import make_sales_invoice, pay_invoice
	from tests.ui.conftest import fill_link

	manager = desk_user(["Account Manager", "Sales User"], "Ewa")

	def debtor_card():
		frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
		customer = make_customer("Hurtownia Dłużnik Sp. z o.o.").name
		invoice = make_sales_invoice(customer, 2000, add_days(nowdate(), -50), add_days(nowdate(), -20))
		pay_invoice(invoice.name, 500, add_days(nowdate(), -10))
		return make_client_card(customer, "Customer", manager)

	card = committed(debtor_card)
	login(page, manager)
	page.goto("/app/commercial-offer/new")
	wait_for_desk(page)
	fill_link(page, "client_card", card.name)
	alert = page.locator(".form-message", has_text="Debt Warning").first
	alert.wait_for()
	assert "20 days" in alert.inner_text() and "1.500,00" in alert.inner_text()
	assert page.evaluate("() => cur_frm.is_new()")  # not saved yet
	shot(page, "offer-debt-warning")


def test_sales_head_approves_an_order_of_a_client_in_debt(page):
	from frappe.utils import add_days

	from account_manager.tests.utils import make_sales_invoice, make_sales_order

	head = desk_user(["Sales Head", "Sales User", "Sales Manager"], "Marek")
	manager = desk_user(["Account Manager", "Sales User"], "Beata")

	def blocked_order():
		frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
		customer = make_customer("Budimex Dłużnik").name
		make_client_card(customer, "Customer", manager)
		make_sales_invoice(customer, 1200, add_days(nowdate(), -45), add_days(nowdate(), -15))
		return make_sales_order(customer, 300)

	order = committed(blocked_order)
	login(page, manager)  # the manager sees why the order waits and asks the Sales Head
	page.goto(f"/app/sales-order/{order.name}")
	wait_for_desk(page)
	page.get_by_text("is in debt").first.wait_for()
	page.get_by_role("button", name="Ask the Sales Head to Approve").click()
	page.get_by_text("Sent for approval").first.wait_for()
	frappe.db.rollback()
	todo = {"reference_type": "Sales Order", "reference_name": order.name, "allocated_to": head}
	assert frappe.db.get_value("ToDo", todo, "status") == "Open"

	login(page, head)
	page.goto(f"/app/sales-order/{order.name}")
	wait_for_desk(page)
	page.get_by_role("button", name="Approve Despite Debt").click()
	page.locator(".modal.show").get_by_role("button", name="Yes").click()
	page.wait_for_function("() => cur_frm.doc.debt_approved_by")
	shot(page, "sales-order-approved")
	frappe.db.rollback()
	assert frappe.db.get_value("Sales Order", order.name, "debt_approved_by") == head
	assert frappe.db.get_value("ToDo", todo, "status") == "Closed"  # the request is done
	approved = frappe.get_doc("Sales Order", order.name)
	approved.submit()  # the order now goes through
	assert approved.docstatus == 1


def test_a_wrong_value_typed_in_a_form_gets_the_same_message_as_over_rest(page):
	from tests.ui.conftest import fill_link

	head = desk_user(["Sales Head", "Sales User"], "Halina")
	manager = desk_user(["Account Manager", "Sales User"], "Tomasz")
	login(page, head)
	page.goto("/app/portfolio-delegation/new")
	wait_for_desk(page)
	fill_link(page, "from_user", manager)
	fill_link(page, "to_user", manager)
	page.locator(".frappe-control[data-fieldname='from_date'] input").fill(
		frappe.format_value(nowdate(), "Date")
	)
	page.locator(".frappe-control[data-fieldname='to_date'] input").fill(
		frappe.format_value(nowdate(), "Date")
	)
	page.keyboard.press("Escape")
	page.keyboard.press("Control+s")
	message = page.locator(".modal.show .msgprint").first
	message.wait_for()
	assert "A manager cannot be their own deputy." in message.inner_text()
	shot(page, "bad-input-message")
	frappe.db.rollback()
	assert not frappe.db.exists("Portfolio Delegation", {"from_user": manager})


def test_sales_head_sees_the_abc_segments_of_a_portfolio_and_applies_them(page):
	from frappe.utils import add_days

	from account_manager.tests.utils import make_sales_invoice

	head = desk_user(["Sales Head", "Sales User"], "Zofia")
	manager = desk_user(["Account Manager", "Sales User"], "Karol")

	def portfolio():
		cards = {}
		for name, amount in (("Skład Opału Wiśniewski", 900), ("Dachy Nowak", 100)):
			customer = make_customer(name).name
			cards[customer] = make_client_card(customer, "Customer", manager, segment="C").name
			make_sales_invoice(customer, amount, nowdate(), add_days(nowdate(), 14))
		return cards

	cards = committed(portfolio)
	login(page, head)
	page.goto(f"/app/query-report/Client Segmentation?account_manager={manager}")
	wait_for_desk(page)
	page.locator(".dt-cell__content", has_text="Skład Opału Wiśniewski").first.wait_for()
	page.wait_for_timeout(1000)  # the chart and summary
	shot(page, "client-segmentation")
	page.get_by_role("button", name="Apply Suggested Segments").click()
	page.locator(".modal.show").get_by_role("button", name="Yes").click()
	page.get_by_text("2 client cards changed").wait_for()
	frappe.db.rollback()
	assert {frappe.db.get_value("Client Card", card, "segment") for card in cards.values()} == {"A", "B"}
	assert frappe.db.get_value("Client Card", cards[next(iter(cards))], "segment") == "A"  # 90 % of margin


def five_clients_to_offer(manager: str):
	"""Five clients of the manager's portfolio, each with a buyer's e-mail address; an item to offer them,
	an Email Template for the offer (the outgoing e-mail account: fixture `outgoing_email`)."""
	from frappe.utils import random_string

	from account_manager.tests.utils import make_item

	template = (
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"Spring Offer {random_string(4)}",
				"subject": "Oferta {{ doc.name }} dla {{ party_name }}",
				"response": "Dzień dobry, w załączniku nasza oferta dla {{ party_name }}.",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	item = make_item(item_name="Cement CEM II 32.5R 25 kg").name
	cards = []
	for name in ("Budmax", "Tartak Lipa", "Dom-Bud", "Skład Kamień", "Hurtownia Cegła"):
		customer = make_customer(f"{name} {random_string(4)}").name
		cards.append(make_client_card(customer, "Customer", manager).name)
		make_contact(
			"Customer",
			customer,
			first_name="Buyer",
			email_id=f"buyer.{random_string(6).lower()}@client.example",
		)
	make_kpi_plan(manager, nowdate(), email_offers_per_day=10)
	return cards, item, template


def email_offers_card(page) -> int:
	"""The workspace's E-mail Offers Today card, once it shows its figure ("sent / quota"): the sent."""
	number = page.locator(".number-widget-box", has_text="E-mail Offers Today").locator(".number").first
	number.wait_for()
	page.wait_for_function(
		"""() => [...document.querySelectorAll(".number-widget-box")].some((w) =>
			w.textContent.includes('E-mail Offers Today') && /\\d+\\s*\\/\\s*\\d+/.test(
				(w.querySelector('.number') || {}).textContent || ''))"""
	)
	page.wait_for_function(  # and every other card its own, for the screenshot
		"() => ![...document.querySelectorAll('.number-widget-box')].some((w) => w.textContent.includes('Loading'))"
	)
	return int(number.inner_text().split("/")[0])


@pytest.mark.usefixtures("outgoing_email")  # tests/ui/conftest.py: the offers are e-mailed
def test_manager_sends_one_offer_to_five_clients_from_the_list_and_the_email_quota_counts_them(page):
	from tests.ui.conftest import fill_link, save

	manager = desk_user(["Account Manager", "Sales User"], "Iwona")
	cards, item, template = committed(lambda: five_clients_to_offer(manager))

	login(page, manager)
	page.goto("/app/account-manager")
	wait_for_desk(page)
	before = email_offers_card(page)

	page.goto("/app/client-card")  # the manager's own portfolio: the five clients
	wait_for_desk(page)
	for card in cards:
		page.locator(f".list-row-checkbox[data-name='{card}']").check()
	page.get_by_role("button", name="Actions").click()
	page.get_by_role("link", name="Send Offer to Selected").click()
	dialog = page.locator(".modal.show", has_text="Campaign to 5 Clients")
	dialog.wait_for()
	dialog.locator("input[data-fieldname='title']").fill("Spring cement prices")
	fill_link(page, "email_template", template, scope=dialog)
	shot(page, "campaign-from-client-list")
	dialog.get_by_role("button", name="Create Campaign").click()

	page.wait_for_url(re.compile(r"/(app|desk)/offer-campaign/"))  # v16's desk routes are /desk/...
	wait_for_desk(page)
	page.wait_for_function("() => cur_frm && cur_frm.doc.doctype === 'Offer Campaign' && !cur_frm.is_new()")
	assert page.evaluate("() => cur_frm.doc.recipients.map((row) => row.client_card).sort()") == sorted(cards)
	page.locator(".frappe-control[data-fieldname='items'] .grid-add-row").click()
	row = page.locator(".frappe-control[data-fieldname='items'] .grid-row[data-idx='1']")
	row.locator("[data-fieldname='item_code']").first.click()
	fill_link(page, "item_code", item, scope=row)
	row.locator("[data-fieldname='qty']").first.click()
	row.locator(".frappe-control[data-fieldname='qty'] input").fill("20")
	save(page)
	page.get_by_role("button", name="Send Campaign").click()
	page.locator(".modal.show").get_by_role("button", name="Send to 5 Clients").click()  # the preview
	page.wait_for_function("() => cur_frm.doc.status === 'Sent' && cur_frm.doc.sent_count === 5")
	page.locator(".page-head .indicator-pill", has_text="Sent").first.wait_for()  # reloaded
	page.get_by_role("button", name="Send Campaign").wait_for(state="hidden")
	wait_for_desk(page)
	page.locator(".frappe-control[data-fieldname='recipients']").scroll_into_view_if_needed()
	shot(page, "campaign-sent-to-five")

	page.goto("/app/account-manager")
	wait_for_desk(page)
	after = email_offers_card(page)
	shot(page, "workspace-email-offers-after-campaign")
	assert after == before + 5

	frappe.db.rollback()  # see what the web server committed
	campaign = frappe.get_last_doc("Offer Campaign", filters={"account_manager": manager})
	offers = frappe.get_all(
		"Commercial Offer",
		filters={"offer_campaign": campaign.name},
		fields=["name", "client_card", "channel", "status"],
	)
	assert sorted((o.client_card, o.channel, o.status) for o in offers) == [
		(card, "E-mail", "Sent") for card in sorted(cards)
	]
	queued = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Commercial Offer", "reference_name": ("in", [o.name for o in offers])},
	)
	assert len(queued) == 5
