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
