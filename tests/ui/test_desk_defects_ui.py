"""Defects of the desk a user sees only in the browser (issue 27 item 4)."""

from tests.ui.conftest import desk_user, login, shot, wait_for_desk


def test_the_date_filters_of_the_reports_carry_their_labels(page):
	"""A date filter holding a date shows no placeholder: Order Fulfilment's and the Follow-up Queue's
	say what each date is, beside it."""
	manager = desk_user(["Account Manager", "Sales User"], "Ewa")
	login(page, manager)
	for report, labels, name in (
		("Order Fulfilment", ["From Date", "To Date"], "order-fulfilment-filters"),
		("Follow-up Queue", ["Up To"], "follow-up-queue-filters"),
	):
		page.goto(f"/app/query-report/{report}")
		wait_for_desk(page)
		page.locator(".page-form .am-filter-label").first.wait_for()
		shown = page.locator(".page-form .am-filter-label").all_inner_texts()
		assert shown == labels, (report, shown)
		for label in labels:  # beside a filled date input
			control = page.locator(".page-form .frappe-control", has_text=label)
			assert control.locator("input").input_value()
		shot(page, name)


def test_the_cards_shares_read_with_the_sites_decimal_separator_in_polish(page):
	"""A share on the client card is formatted as the site formats numbers: "29,7%" for a Polish reader of
	a site with a decimal comma, never "29.7%" (issue 27 item 5)."""
	import frappe
	from frappe.utils import add_days, nowdate

	from account_manager.tests.utils import (
		default_company,
		make_client_card,
		make_customer,
		make_sales_invoice,
	)
	from tests.ui.conftest import committed

	manager = desk_user(["Account Manager", "Sales User"], "Ola")
	frappe.db.set_value("User", manager, "language", "pl")

	def client():
		customer = make_customer(credit_limits=[{"company": default_company(), "credit_limit": 3000}]).name
		make_sales_invoice(customer, 890, add_days(nowdate(), -5), add_days(nowdate(), 25))
		return make_client_card(customer, "Customer", manager).name

	card = committed(client)
	decimal = frappe.db.get_default("number_format")[-3]  # the site's decimal mark, "," in "#.###,##"
	login(page, manager)
	page.goto(f"/app/client-card/{card}")
	wait_for_desk(page)
	panel = page.locator(".frappe-control[data-fieldname='receivables_html']")
	panel.get_by_text(f"(29{decimal}7%)").wait_for()
