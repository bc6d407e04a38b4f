"""Client Card on a real ERPNext site (CB1-CB3, CB5, CB8, CB10, CB11)."""

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate

from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute as accounts_receivable

from account_manager.account_manager.doctype.client_card.client_card import DuplicateClientCardError
from account_manager.api import client_status, send_greeting
from account_manager.tasks import remind_greetings, update_card_timeliness
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_contact,
	make_customer,
	make_lead,
	make_prospect,
	make_sales_invoice,
	make_user,
	pay_invoice,
)


def today(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


def in_year(day: str, year: int):
	"""The same day and month in another year (28 February for a leap day)."""
	from account_manager.rules.calendar import occurrence_in

	return occurrence_in(getdate(day), year)


@pytest.fixture
def manager():
	return make_user()


class TestParties:
	def test_a_card_for_each_party_type(self, manager):
		customer = make_customer().name
		lead = make_lead("Hurtownia Lead Sp. z o.o.")
		prospect = make_prospect("Prospekt S.A.")
		cards = [
			make_client_card(customer, "Customer", manager),
			make_client_card(lead, "Lead", manager),
			make_client_card(prospect, "Prospect", manager),
		]
		assert [c.party_name for c in cards[1:]] == ["Hurtownia Lead Sp. z o.o.", "Prospekt S.A."]
		assert all(c.account_manager == manager for c in cards)

	def test_second_card_for_the_same_party_is_refused(self, manager):
		customer = make_customer().name  # gets its card where it is made
		card = make_client_card(customer, "Customer", manager)
		second = frappe.get_doc(
			{
				"doctype": "Client Card",
				"party_type": "Customer",
				"party": customer,
				"account_manager": manager,
			}
		)
		with pytest.raises(DuplicateClientCardError, match="already has a client card"):
			second.insert()
		assert frappe.get_all("Client Card", filters={"party": customer}, pluck="name") == [card.name]

	def test_unknown_party_is_refused_and_nothing_written(self, manager):
		before = frappe.db.count("Client Card")
		with pytest.raises(frappe.LinkValidationError):
			make_client_card("No Such Customer Ltd", "Customer", manager)
		assert frappe.db.count("Client Card") == before

	def test_checklist_value_out_of_range_is_refused(self, manager):
		prospect = make_prospect()
		with pytest.raises(frappe.ValidationError, match="checklist item"):
			make_client_card(prospect, "Prospect", manager, ws_no_tax_id=5)
		assert frappe.db.get_value("Client Card", {"party": prospect}, "ws_no_tax_id") == 0


class TestTermsAndOwner:
	def test_terms_live_on_the_customer_not_on_the_card(self, manager):
		customer = make_customer().name
		card = make_client_card(customer, "Customer", manager)
		card.price_list = "Standard Selling"
		card.credit_limit = 25000
		card.save()

		saved = frappe.get_doc("Customer", customer)
		assert saved.default_price_list == "Standard Selling"
		assert [(r.company, r.credit_limit) for r in saved.credit_limits] == [(default_company(), 25000)]
		# the card has no columns of its own for them: it reads them from the customer
		assert not frappe.db.has_column("Client Card", "price_list")
		frappe.db.set_value("Customer", customer, "default_price_list", "Standard Buying")
		assert frappe.get_doc("Client Card", card.name).price_list == "Standard Buying"

	def test_card_owner_and_customer_account_manager_are_one_truth(self, manager):
		other = make_user()
		customer = make_customer(account_manager=manager)
		card = make_client_card(customer.name, "Customer")
		assert card.account_manager == manager  # taken from the customer

		card.account_manager = other
		card.save()
		assert frappe.db.get_value("Customer", customer.name, "account_manager") == other

		customer.reload()
		customer.account_manager = manager
		customer.save()
		assert frappe.db.get_value("Client Card", card.name, "account_manager") == manager

	def test_converting_a_lead_makes_the_customer_with_the_terms_and_tells_accounts_and_logistics(
		self, manager
	):
		accountant = make_user(roles=("Accounts User",))
		logistics = make_user(roles=("Logistics Manager",))
		lead = make_lead("Nowy Klient Sp. z o.o.")
		card = make_client_card(
			lead, "Lead", manager, proposed_price_list="Standard Selling", proposed_credit_limit=10000
		)

		customer = card.convert_to_customer()

		card.reload()
		assert (card.party_type, card.party) == ("Customer", customer)
		values = frappe.db.get_value(
			"Customer",
			customer,
			["customer_name", "default_price_list", "account_manager", "lead_name"],
			as_dict=True,
		)
		assert values == {
			"customer_name": "Nowy Klient Sp. z o.o.",
			"default_price_list": "Standard Selling",
			"account_manager": manager,
			"lead_name": lead,
		}
		assert card.credit_limit == 10000
		for user in (accountant, logistics):
			assert frappe.db.exists("Notification Log", {"for_user": user, "document_name": customer})


class TestReceivables:
	@pytest.fixture
	def customer_with_history(self, manager):
		"""Three invoices: paid on time, partly paid and overdue, not yet due."""
		customer = make_customer().name
		paid = make_sales_invoice(customer, 1000, today(-80), today(-50))
		pay_invoice(paid.name, 1000, today(-55))
		overdue = make_sales_invoice(customer, 2000, today(-60), today(-30))
		pay_invoice(overdue.name, 500, today(-20))
		make_sales_invoice(customer, 700, today(-5), today(25))
		card = make_client_card(customer, "Customer", manager, credit_limit=5000)
		return customer, card

	def test_panel_equals_erpnexts_accounts_receivable_report(self, customer_with_history):
		customer, card = customer_with_history
		_columns, rows, *_ = accounts_receivable(
			{
				"company": default_company(),
				"report_date": nowdate(),
				"party_type": "Customer",
				"party": [customer],
				"ageing_based_on": "Due Date",
				"calculate_ageing_with": "Report Date",
				"range": "30, 60, 90, 120",
			}
		)
		rows = [r for r in rows if r.get("voucher_no")]
		report_outstanding = sum(r["outstanding"] for r in rows)
		report_overdue = sum(r["outstanding"] for r in rows if getdate(r["due_date"]) < getdate(nowdate()))

		status = client_status("Customer", customer)
		assert status["outstanding"] == pytest.approx(report_outstanding) == 2200
		assert status["overdue"] == pytest.approx(report_overdue) == 1500
		assert status["oldest_overdue_days"] == 30
		assert status["credit_limit"] == 5000
		assert status["credit_used_percent"] == 44.0
		# the form gets the same panel when it loads
		card = frappe.get_doc("Client Card", card.name)
		card.run_method("onload")
		assert card.get_onload("receivables")["overdue"] == 1500

	def test_reliability_from_real_invoices_and_payments(self, customer_with_history):
		customer, _card = customer_with_history
		status = client_status("Customer", customer)
		parts = status["reliability"]["parts"]
		assert status["reliability"]["basis"] == "history"
		assert parts["paid_on_time_share"] == 1.0  # the one settled invoice was paid 5 days early
		assert parts["average_days_late"] == 15.0  # (0 + 30) / 2: the open overdue one is 30 days late
		assert parts["overdue_ratio"] == pytest.approx(1500 / 2200, abs=0.001)
		assert 0 < status["reliability_score"] < 100

	def test_overdue_beyond_tolerance_blocks_with_reasons(self, customer_with_history):
		customer, card = customer_with_history
		card.overdue_tolerance_days = 45
		card.save()
		assert client_status("Customer", customer)["blocked"] is False
		card.overdue_tolerance_days = 14
		card.save()
		status = client_status("Customer", customer)
		assert status["blocked"] is True
		assert [r["code"] for r in status["reasons"]] == ["overdue_beyond_tolerance"]
		assert "30" in status["reasons"][0]["message"]

	def test_prospect_scored_by_warning_signs(self, manager):
		prospect = make_prospect()
		make_client_card(prospect, "Prospect", manager, ws_no_tax_id=1, ws_avoids_signing=1)
		status = client_status("Prospect", prospect)
		assert status["reliability"]["basis"] == "warning signs"
		assert status["reliability_score"] == 60
		assert status["outstanding"] == 0


class TestTimelinessAndGreetings:
	def test_timeliness_rises_with_filled_fields_and_review(self, worker, manager):
		customer = make_customer().name
		card = make_client_card(customer, "Customer", manager)
		assert card.timeliness_score == 0
		make_contact("Customer", customer)
		card.update(
			{
				"segment": "A",
				"needs": "Cement",
				"purchase_level": "Large",
				"focus": "Price",
				"next_contact_date": today(3),
			}
		)
		card.save()
		assert card.timeliness_score == 70
		card.mark_reviewed()
		assert card.timeliness_score == 100

		frappe.db.set_value("Client Card", card.name, "last_reviewed_on", today(-200))
		update_card_timeliness()  # the daily job: its batches run on the real worker (conftest.py)
		worker.drain()
		assert frappe.db.get_value("Client Card", card.name, "timeliness_score") == 70

	def test_birthday_and_trade_holiday_reminders_once(self, worker, manager):
		customer = make_customer().name
		make_contact(
			"Customer",
			customer,
			first_name="Jan",
			last_name="Kowalski",
			birthday=in_year(today(3), 1986),
		)
		card = make_client_card(
			customer,
			"Customer",
			manager,
			trade_holidays=[{"holiday_name": "Builder's Day", "holiday_date": in_year(today(5), 2020)}],
		)
		remind_greetings()  # the daily job: its batches run on the real worker (conftest.py)
		worker.drain()
		remind_greetings()  # a second run the same day adds nothing
		worker.drain()
		todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": "Client Card", "reference_name": card.name},
			pluck="description",
		)
		assert len(todos) == 2
		assert any("Jan Kowalski" in t for t in todos)
		assert any("Builder's Day" in t for t in todos)
		assert frappe.db.get_value("ToDo", {"reference_name": card.name}, "allocated_to") == manager

	def test_greeting_email_from_template_lands_on_the_timeline(self, manager):
		customer = make_customer().name
		contact = make_contact("Customer", customer, first_name="Ewa", email_id="ewa@example.com")
		card = make_client_card(customer, "Customer", manager)
		template = frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"Birthday {frappe.generate_hash(length=5)}",
				"subject": "Wszystkiego najlepszego, {{ contact.first_name }}!",
				"response": "Dear {{ contact.first_name }}, best wishes from {{ party_name }}'s account manager.",
			}
		).insert()
		communication = send_greeting(card.name, contact, template.name)
		comm = frappe.get_doc("Communication", communication)
		assert (comm.reference_doctype, comm.reference_name) == ("Client Card", card.name)
		assert comm.subject == "Wszystkiego najlepszego, Ewa!"
		assert "ewa@example.com" in comm.recipients


def test_the_desk_form_loads_for_the_manager_with_its_panels(manager):
	"""What the desk calls to open a card: terms (virtual fields), contacts and receivables panel."""
	from frappe.desk.form.load import getdoc

	customer = make_customer().name
	make_contact("Customer", customer, first_name="Jan", last_name="Kowalski", is_decision_maker=1)
	card = make_client_card(customer, "Customer", manager, credit_limit=7000, price_list="Standard Selling")
	frappe.set_user(manager)
	frappe.response.docs = []
	getdoc("Client Card", card.name)
	loaded = frappe.response.docs[0]
	assert (loaded.price_list, loaded.credit_limit, loaded.reliability_score) == (
		"Standard Selling",
		7000,
		100,
	)
	onload = loaded.get("__onload")
	assert [c["full_name"] for c in onload["contacts"]] == ["Jan Kowalski"]
	assert onload["receivables"]["credit_limit"] == 7000
