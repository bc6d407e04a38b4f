"""From an accepted offer to a signed contract, in a real browser (issue 25, item 8): the manager drafts
the contract from the offer with a template, raises the credit limit beyond the segment's standard and is
stopped at Send; the Sales Head approves the terms; the manager sends it, marks it agreed and signs it, and
the terms reach the client's Customer. In English and in Polish; screenshots: docs/screenshots/contract-*.png
(-pl: Polish)."""

import pytest

import frappe
from frappe.translate import get_all_translations
from frappe.utils import random_string

from account_manager.tests.offers import make_offer
from account_manager.tests.utils import make_client_card, make_contact, make_customer, make_item
from tests.ui.conftest import committed, desk_user, fill_link, login, save, shot, wait_for_desk

TERMS = (
	"<p>Supply agreement with {{ client.party_name }}.</p>"
	"<p>Payment: {{ client.payment_terms or 'bank transfer, 14 days' }}.</p>"
	"{% for line in lines %}<p>{{ line.item_code }}: {{ line.qty }} at {{ line.rate }}</p>{% endfor %}"
)


def an_accepted_offer(manager: str):
	customer = make_customer(f"Hurtownia Umowa {random_string(4)}").name
	card = make_client_card(customer, "Customer", manager, segment="C")
	make_contact("Customer", customer, email_id=f"zarzad-{random_string(5)}@example.com", is_decision_maker=1)
	item = make_item(item_name="Klej C2TE 25 kg").name
	frappe.set_user(manager)
	offer = make_offer(card, [(item, 40)])
	frappe.set_user("Administrator")
	frappe.db.set_value("Commercial Offer", offer.name, "status", "Accepted")
	template = frappe.get_doc(
		{"doctype": "Contract Template", "title": f"Supply {random_string(4)}", "contract_terms": TERMS}
	).insert(ignore_permissions=True)
	settings = frappe.get_single("Account Manager Settings")
	standards = [row.as_dict() for row in settings.contract_standards]
	settings.set("contract_standards", [])
	settings.append(
		"contract_standards", {"segment": "C", "max_credit_limit": 10_000, "max_payment_days": 30}
	)
	settings.save()
	return customer, offer.name, template.name, standards


def in_language(lang: str):
	"""The desk's words in the user's language, as the desk reads them from the catalogues."""
	words = get_all_translations(lang) if lang != "en" else {}
	return lambda text: words.get(text) or text


def negotiation(page, tr, action: str):
	"""A contract action from its Negotiation menu, as the user clicks it."""
	page.get_by_role("button", name=tr("Negotiation")).click()
	page.locator(".dropdown-menu.show .dropdown-item", has_text=tr(action)).first.click()


@pytest.mark.usefixtures("outgoing_email")  # tests/ui/conftest.py: the offer and the contract are e-mailed
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_manager_takes_an_accepted_offer_to_a_signed_contract_with_the_sales_heads_approval(page, lang):
	tr = in_language(lang)
	suffix = "" if lang == "en" else f"-{lang}"
	manager = desk_user(["Account Manager", "Sales User"], "Zofia")
	head = desk_user(["Sales Head", "Sales User", "Sales Manager"], "Roman")
	for user in (manager, head):
		frappe.db.set_value("User", user, "language", lang)
	customer, offer, template, standards = committed(lambda: an_accepted_offer(manager))
	try:
		login(page, manager)
		page.goto(f"/app/commercial-offer/{offer}")
		wait_for_desk(page)
		page.get_by_role("button", name=tr("Create")).click()
		page.locator(".dropdown-menu.show .dropdown-item", has_text=tr("Draft Contract")).first.click()
		dialog = page.locator(".modal.show")
		fill_link(page, "contract_template", template, scope=dialog)
		dialog.get_by_role("button", name=tr("Submit")).click()
		page.wait_for_url("**/contract/**")
		wait_for_desk(page)
		page.wait_for_function("() => cur_frm && cur_frm.doctype === 'Contract' && !cur_frm.is_new()")
		contract = page.evaluate("() => cur_frm.doc.name")
		assert page.evaluate("() => cur_frm.doc.negotiation_status") == "Draft"
		assert customer in page.evaluate("() => cur_frm.doc.contract_terms")
		shot(page, f"contract-drafted-from-offer{suffix}")

		# a credit limit beyond segment C's standard: Send waits for the Sales Head
		page.evaluate("() => cur_frm.set_value('contract_credit_limit', 50000)")
		save(page)
		negotiation(page, tr, "Send to the Client")
		message = page.locator(".modal.show .msgprint").first
		message.wait_for()
		assert tr("Sales Head").lower() in message.inner_text().lower()
		shot(page, f"contract-waits-for-the-sales-head{suffix}")
		frappe.db.rollback()
		assert frappe.db.get_value("Contract", contract, "negotiation_status") == "Draft"

		login(page, head)
		page.goto(f"/app/contract/{contract}")
		wait_for_desk(page)
		negotiation(page, tr, "Approve Terms")
		page.wait_for_function("() => cur_frm.doc.terms_approved_by")
		shot(page, f"contract-terms-approved{suffix}")

		login(page, manager)
		page.goto(f"/app/contract/{contract}")
		wait_for_desk(page)
		negotiation(page, tr, "Send to the Client")
		page.wait_for_function("() => cur_frm.doc.negotiation_status === 'Sent'")
		negotiation(page, tr, "Agreed")
		page.wait_for_function("() => cur_frm.doc.negotiation_status === 'Agreed'")
		negotiation(page, tr, "Sign")
		dialog = page.locator(".modal.show")
		dialog.locator(".frappe-control[data-fieldname='signee'] input").fill("Jan Kowalski, Prezes")
		dialog.get_by_role("button", name=tr("Submit")).click()
		page.wait_for_function("() => cur_frm.doc.docstatus === 1")
		wait_for_desk(page)
		shot(page, f"contract-signed{suffix}")

		frappe.db.rollback()
		signed = frappe.get_doc("Contract", contract)
		assert (signed.docstatus, signed.is_signed, signed.negotiation_status) == (1, 1, "Signed")
		assert signed.signee == "Jan Kowalski, Prezes" and signed.terms_approved_by == head
		from account_manager.erp.receivables import credit_limit

		company = frappe.db.get_value("Client Card", {"party": customer}, "company")
		assert credit_limit(customer, company) == 50_000
		assert (
			frappe.db.count("Communication", {"reference_doctype": "Contract", "reference_name": contract})
			>= 1
		)
	finally:

		def restore():
			settings = frappe.get_single("Account Manager Settings")
			settings.set("contract_standards", standards)
			settings.save()

		committed(restore)


def a_key_client_with_a_rebate(manager: str):
	"""A signed contract with a rebate scheme, its turnover at 80 % of the next threshold, its fulfilment
	deadline passed: the card shows the rebate, Contract Performance the risk."""
	from frappe.utils import add_days, nowdate

	from account_manager.contracts import draft_contract, sign_contract
	from account_manager.tests.utils import make_sales_invoice

	customer = make_customer(f"Hurtownia Rabat {random_string(4)}").name
	card = make_client_card(customer, "Customer", manager, segment="A", is_key_account=1)
	frappe.set_user(manager)
	name = draft_contract("Client Card", card.name)
	contract = frappe.get_doc("Contract", name)
	contract.update(
		{
			"start_date": add_days(nowdate(), -60),
			"end_date": add_days(nowdate(), 304),
			"requires_fulfilment": 1,
			"fulfilment_deadline": add_days(nowdate(), -1),
			"fulfilment_terms": [{"requirement": "Shelf display in the client's shop"}],
			"rebate_tiers": [
				{"threshold": 200_000, "rebate_percent": 2},
				{"threshold": 500_000, "rebate_percent": 3},
			],
		}
	)
	contract.save()
	frappe.set_user("Administrator")
	frappe.db.set_value("Contract", name, "negotiation_status", "Agreed")
	frappe.set_user(manager)
	sign_contract(name, "Jan Kowalski")
	frappe.set_user("Administrator")
	make_sales_invoice(customer, 400_000, add_days(nowdate(), -30), add_days(nowdate(), 30))
	return card.name, name


def test_the_card_shows_the_rebate_and_contract_performance_the_risk(page):
	manager = desk_user(["Account Manager", "Sales User"], "Jerzy")
	card, contract = committed(lambda: a_key_client_with_a_rebate(manager))
	login(page, manager)
	page.goto(f"/app/client-card/{card}")
	wait_for_desk(page)
	note = page.locator(
		".form-dashboard .form-comment, .form-dashboard-section .form-comment, .form-message",
		has_text="Turnover rebate",
	).first
	note.wait_for()
	text = note.inner_text()
	assert "80" in text and "to the next threshold" in text
	shot(page, "client-card-rebate-progress")

	page.goto("/app/query-report/Contract Performance")
	wait_for_desk(page)
	row = page.locator(".dt-row", has_text=contract).first
	row.wait_for()
	assert "Fulfilment deadline passed" in row.inner_text()
	shot(page, "contract-performance")
