"""Where the parts meet: offers count in the KPI actuals, a phone offer is a call, the debt rule warns on
offers, and the follow-up queue gathers planned contacts, open offers, collection steps and
reconciliations (OF1, OF2, DR1, DR2, CB4, CB7)."""

import pytest

import frappe
from frappe.utils import add_days, nowdate

from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection
from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
	draft_monthly_reconciliations,
)
from account_manager.api import manager_progress
from account_manager.tests.offers import make_offer
from account_manager.tests.utils import (
	make_client_card,
	make_contact,
	make_customer,
	make_item,
	make_sales_invoice,
	make_user,
	pay_invoice,
)

pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: offers are e-mailed


def today(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


@pytest.fixture
def manager():
	return make_user()


@pytest.fixture
def card(manager):
	return make_client_card(make_customer().name, "Customer", manager)


def email_template() -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"Offer {frappe.generate_hash(length=5)}",
				"subject": "Oferta {{ doc.name }}",
				"response": "W załączniku oferta.",
			}
		)
		.insert()
		.name
	)


def test_offers_sent_today_count_in_the_managers_progress(manager, card):
	contact = make_contact("Customer", card.party, first_name="Ewa", email_id="ewa.kpi@example.com")
	template = email_template()
	items = [make_item().name for _ in range(3)]
	frappe.set_user(manager)
	for item in items[:2]:
		make_offer(card, [(item, 1)], contact_person=contact).send(email_template=template)
	phone = make_offer(card, [(items[2], 1)], channel="Phone")
	phone.send()
	phone.send()  # sent again: still one call, one company offered

	progress = manager_progress()
	assert progress["email_offers"]["actual"] == 2
	assert progress["phone_offers"]["actual"] == 1
	assert progress["calls"]["actual"] == 1
	call = frappe.get_all(
		"Client Call",
		filters={"commercial_offer": phone.name},
		fields=["offer_made", "purpose", "account_manager"],
	)
	assert call == [{"offer_made": 1, "purpose": "Offer", "account_manager": manager}]


def test_an_offer_to_a_client_in_overdue_debt_carries_the_warning(manager):
	frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
	customer = make_customer().name
	invoice = make_sales_invoice(customer, 2000, today(-50), today(-20))
	pay_invoice(invoice.name, 500, today(-10))
	card = make_client_card(customer, "Customer", manager)
	frappe.message_log = []
	make_offer(card, [(make_item().name, 1)])
	warning = " ".join(str(m) for m in frappe.message_log)
	assert "Debt Warning" in warning and "20 days" in warning and "1.500,00" in warning


def test_follow_up_queue_gathers_every_reason_to_call(worker, manager, card):
	from frappe.desk.query_report import run as run_report

	frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
	make_client_card(
		make_customer().name,
		"Customer",
		manager,
		next_contact_date=today(1),
		next_contact_reason="Price list for 2027",
	)
	offer = make_offer(card, [(make_item().name, 1)], channel="Meeting")
	offer.send()
	offer.db_set("sent_on", f"{today(-5)} 10:00:00")
	debtor = make_customer(account_manager=manager).name
	make_client_card(debtor, "Customer", manager)
	make_sales_invoice(debtor, 800, today(-60), today(-30))
	run_collection()  # the daily and monthly jobs, as the scheduler starts them: run by the worker
	draft_monthly_reconciliations()
	worker.drain()

	frappe.set_user(manager)
	rows = run_report("Follow-up Queue", filters={"to_date": today(7)})["result"]
	sources = {(r["source"], r["document_type"]) for r in rows}
	assert ("Planned Contact", "Client Card") in sources
	assert ("Open Offer", "Commercial Offer") in sources
	assert ("Collection", "Collection Plan") in sources
	assert ("Reconciliation", "Settlement Reconciliation") in sources
	assert {r["account_manager"] for r in rows} == {manager}
	# another manager sees none of it
	frappe.set_user(make_user())
	assert run_report("Follow-up Queue", filters={"to_date": today(7)})["result"] == []
