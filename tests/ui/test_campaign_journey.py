"""A campaign sent with its preview, in English and in Polish, counting the clicks (issue 27 item 3).

The manager ticks six clients in the Client Card list (the list shows which have an e-mail contact and
which are debt-blocked), makes the campaign, adds a line and presses Send Campaign: the preview says it
will send to four and skip two, and why (no e-mail contact, debt beyond the tolerance); confirmed, it
sends, and the campaign says "Partly Sent" with each client's offer as a link in the full-width recipients
table."""

import re

import pytest

import frappe
from frappe.utils import add_days, nowdate, random_string

from account_manager.tests.utils import (
	make_client_card,
	make_contact,
	make_customer,
	make_sales_invoice,
)
from tests.ui.conftest import committed, desk_user, fill_link, login, save, shot, wait_for_desk

# the most a manager clicks to send a campaign to the clients ticked in the list, preview included
MAX_CLICKS = 12


class Clicks:
	"""The clicks and keystrokes of a journey, as a user makes them."""

	def __init__(self):
		self.clicks = self.keys = 0

	def click(self, locator, **kwargs):
		self.clicks += 1
		locator.click(**kwargs)

	def type(self, locator, text: str):
		locator.fill(text)
		self.keys += len(text)


def six_clients(manager: str):
	"""Four clients with a buyer's e-mail, one without any e-mail contact, one in debt beyond its
	tolerance; an item and an Email Template (the outgoing e-mail account: fixture `outgoing_email`)."""
	from tests.ui.test_journeys import five_clients_to_offer

	cards, item, template = five_clients_to_offer(manager)
	debtor = frappe.get_doc("Client Card", cards[4])
	debtor.db_set("overdue_tolerance_days", 10)
	make_sales_invoice(debtor.party, 2500, add_days(nowdate(), -60), add_days(nowdate(), -30))
	silent = make_customer(f"Bez Maila {random_string(4)}").name
	make_contact("Customer", silent, first_name="Phone Only", mobile_no="+48 600 100 200")
	cards.append(make_client_card(silent, "Customer", manager).name)
	return cards, item, template


def labels(lang: str) -> dict[str, str]:
	"""The desk's words in the manager's language, as the app's translations give them."""
	from frappe import _

	frappe.local.lang = lang
	try:
		return {
			"actions": _("Actions"),
			"add_card": _("Add Client Card"),
			"send_to_selected": _("Send Offer to Selected"),
			"campaign_to": _("Campaign to {0} Clients").format(6),
			"create": _("Create Campaign"),
			"send": _("Send Campaign"),
			"confirm": _("Send to {0} Clients").format(4),
			"partly_sent": _("Partly Sent", context="Offer Campaign"),
			"no_email": _("No E-mail Contact", context="Offer Campaign Recipient"),
			"in_debt": _("Debt Beyond Tolerance", context="Offer Campaign Recipient"),
			"debt_blocked": _("In Debt"),
			"no_email_list": _("No E-mail", context="Client Card"),
		}
	finally:
		frappe.local.lang = "en"


@pytest.mark.usefixtures("outgoing_email")  # tests/ui/conftest.py: the campaign's offers are e-mailed
@pytest.mark.parametrize("lang", ["en", "pl"])
def test_manager_previews_and_sends_a_campaign_to_the_clients_ticked_in_the_list(page, lang):
	manager = desk_user(["Account Manager", "Sales User"], "Iga")
	frappe.db.set_value("User", manager, "language", lang)
	frappe.db.commit()  # nosemgrep: the web server reads the user's language
	cards, item, template = committed(lambda: six_clients(manager))
	words = labels(lang)
	suffix = "" if lang == "en" else "-pl"
	user = Clicks()

	login(page, manager)
	page.goto("/app/client-card")  # the manager's own portfolio: the six clients
	wait_for_desk(page)
	# the list shows who is debt-blocked and who has no e-mail contact, and the card's name is searched
	page.locator(".list-row .indicator-pill", has_text=words["debt_blocked"]).first.wait_for()
	page.locator(".list-row .indicator-pill", has_text=words["no_email_list"]).first.wait_for()
	assert not page.locator(".standard-filter-section [data-fieldname='name']").count()
	assert page.locator(".standard-filter-section [data-fieldname='party_name']").count()
	# the Add button names the DocType as the language needs it ("Dodaj kartę klienta")
	page.locator(".page-actions .primary-action", has_text=words["add_card"]).wait_for()
	shot(page, f"client-card-list-flags{suffix}")

	user.click(page.locator(".list-header-subject .list-check-all"))  # every card of the list: the six
	user.click(page.get_by_role("button", name=words["actions"]))
	user.click(page.get_by_role("link", name=words["send_to_selected"]))
	dialog = page.locator(".modal.show", has_text=words["campaign_to"])
	dialog.wait_for()
	title = dialog.locator("input[data-fieldname='title']")
	page.wait_for_function(
		"() => document.activeElement && document.activeElement.dataset.fieldname === 'title'"
	)
	user.type(title, "Cement")  # the dialog opens on its first field: typed without a click
	fill_link(page, "email_template", template, scope=dialog)
	user.clicks += 2  # the field and the suggestion
	user.keys += len(template)
	user.click(dialog.get_by_role("button", name=words["create"]))

	page.wait_for_url(re.compile(r"/(app|desk)/offer-campaign/"))
	wait_for_desk(page)
	page.wait_for_function("() => cur_frm && cur_frm.doc.doctype === 'Offer Campaign' && !cur_frm.is_new()")
	assert page.evaluate("() => cur_frm.doc.recipients.map((row) => row.client_card).sort()") == sorted(cards)
	user.click(page.locator(".frappe-control[data-fieldname='items'] .grid-add-row"))
	row = page.locator(".frappe-control[data-fieldname='items'] .grid-row[data-idx='1']")
	user.click(row.locator("[data-fieldname='item_code']").first)
	fill_link(page, "item_code", item, scope=row)
	user.clicks += 1  # the suggestion (the field is open already)
	user.keys += len(item)
	user.click(row.locator("[data-fieldname='qty']").first)
	user.type(row.locator(".frappe-control[data-fieldname='qty'] input"), "20")
	save(page)  # Ctrl+S
	user.keys += 1

	user.click(page.get_by_role("button", name=words["send"]))
	preview = page.locator(".modal.show", has_text=words["confirm"])
	preview.wait_for()
	summary = preview.locator(".am-preview-summary").inner_text()
	assert re.search(r"\b4\b", summary) and re.search(r"\b2\b", summary), summary
	skipped = preview.locator(".am-preview-skipped").inner_text()
	assert words["no_email"] in skipped and words["in_debt"] in skipped, skipped
	frappe.db.rollback()
	assert not frappe.db.exists("Commercial Offer", {"client_card": ("in", cards)})  # nothing sent yet
	shot(page, f"campaign-preview{suffix}")
	user.click(preview.get_by_role("button", name=words["confirm"]))

	page.wait_for_function("() => cur_frm.doc.status === 'Partly Sent' && cur_frm.doc.sent_count === 4")
	page.locator(".page-head .indicator-pill", has_text=words["partly_sent"]).first.wait_for()
	wait_for_desk(page)
	table = page.locator(".frappe-control[data-fieldname='recipients']")
	table.scroll_into_view_if_needed()
	# full width, each client's offer a link
	# the whole width of the form (v16's desk, with its sidebar, gives the form less of the window)
	width, section = page.evaluate(
		"""() => {
			const table = document.querySelector(".frappe-control[data-fieldname='recipients']");
			return [table.offsetWidth, table.closest(".form-section").offsetWidth];
		}"""
	)
	assert width > 0.85 * section, (width, section)
	assert table.locator(".grid-body [data-fieldname='commercial_offer'] a").count() == 4
	shot(page, f"campaign-sent-with-preview{suffix}")

	print(f"\ncampaign journey ({lang}): {user.clicks} clicks, {user.keys} keystrokes")
	assert user.clicks <= MAX_CLICKS, user.clicks

	frappe.db.rollback()  # see what the web server committed
	campaign = frappe.get_last_doc("Offer Campaign", filters={"account_manager": manager})
	assert (campaign.status, campaign.sent_count, campaign.skipped_count) == ("Partly Sent", 4, 2)
	offers = frappe.get_all(
		"Commercial Offer", filters={"offer_campaign": campaign.name}, pluck="client_card"
	)
	assert sorted(offers) == sorted(cards[:4])
