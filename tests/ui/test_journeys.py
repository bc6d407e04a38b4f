"""A manager and the Sales Head at work in the desk, in a real browser."""

import frappe
from frappe.utils import nowdate

from account_manager.tests.utils import make_client_card, make_contact, make_customer, make_kpi_plan
from tests.ui.conftest import committed, desk_user, login, shot, wait_for_desk


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

	login(page, manager)
	page.goto("/app/account-manager")
	wait_for_desk(page)
	page.get_by_text("Calls Today").first.wait_for()
	page.locator(".widget.dashboard-widget-box svg").first.wait_for()  # the calls chart has drawn
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
