"""Calls from the telephone system (OF6): a Call Log, inserted and updated as a telephony integration
does, becomes the Client Call of the card whose contact has the number, attributed to the card's owner,
counted for the quota; the manager adds the outcome; an unknown number becomes a New Prospect in one
click; a call of another manager's client never reaches the caller's list."""

import random

import pytest

import frappe
from frappe.utils import add_to_date, getdate, now_datetime, nowdate, random_string

from account_manager.account_manager.report.calls_without_outcome.calls_without_outcome import (
	execute as calls_without_outcome,
)
from account_manager.kpi import daily_activity
from account_manager.tests.rest import RestClient
from account_manager.tests.utils import (
	default_company,
	make_client_card,
	make_contact,
	make_customer,
	make_user,
)

pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: an assignment e-mails the assignee


def number() -> str:
	"""A Polish mobile number of nine digits no other test uses."""
	return f"6{random.randrange(10**8):08d}"


def make_employee(user: str) -> str:
	"""The employee behind a desk phone: ERPNext matches the number called to their cell number."""
	line = "+48 22 " + number()[2:]
	frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": user.split("@")[0],
			"gender": frappe.db.get_value("Gender", {}) or "Male",
			"date_of_birth": "1990-01-01",
			"date_of_joining": "2020-01-01",
			"company": default_company(),
			"user_id": user,
			"cell_number": line,
		}
	).insert(ignore_permissions=True)
	frappe.cache.delete_value("employees_with_number")
	return line


def ring(caller: str, line: str, status: str = "Completed", duration: int = 125, **fields):
	"""A call as an integration records it: a Call Log when the phone rings, updated when it ends."""
	frappe.set_user("Guest")  # the provider's webhook
	log = frappe.get_doc(
		{
			"doctype": "Call Log",
			"id": f"CA{random_string(16)}",
			"from": caller,
			"to": line,
			"type": "Incoming",
			"status": "Ringing",
			"medium": line,
			"start_time": add_to_date(now_datetime(), minutes=-3),
			**fields,
		}
	)
	log.insert(ignore_permissions=True)
	log.status = status
	log.duration = duration
	log.end_time = now_datetime()
	log.save(ignore_permissions=True)
	frappe.set_user("Administrator")
	return log


@pytest.fixture
def manager():
	return make_user()


def client_with_phone(manager: str, phone: str):
	customer = make_customer(account_manager=manager).name
	card = make_client_card(customer, "Customer", manager)
	make_contact("Customer", customer, phone_nos=[{"phone": phone, "is_primary_phone": 1}])
	return card


def test_a_call_log_becomes_the_client_call_of_the_card_owner(manager):
	digits = number()
	card = client_with_phone(manager, f"{digits[:3]}-{digits[3:6]}-{digits[6:]}")
	line = make_employee(manager)
	log = ring(f"+48 {digits[:3]} {digits[3:6]} {digits[6:]}", line, duration=125)

	call = frappe.get_doc("Client Call", {"call_log": log.name})
	assert call.client_card == card.name and call.account_manager == manager
	assert (call.direction, call.duration, call.outcome or None) == ("Incoming", 125, None)
	assert (
		daily_activity([manager], getdate(nowdate()), getdate(nowdate()))[manager, getdate(nowdate())][
			"calls"
		]
		== 1
	)

	# the manager's list of today's calls without an outcome, then the outcome added
	frappe.set_user(manager)
	_, rows = calls_without_outcome({})
	assert [r["client_call"] for r in rows] == [call.name]
	call.reload()
	call.purpose, call.outcome = "Offer", "Interested"
	call.save()
	_, rows = calls_without_outcome({})
	assert rows == []
	assert frappe.db.get_value("Client Card", card.name, "last_contact_date") == getdate(nowdate())


def test_a_missed_call_is_logged_as_no_answer_and_an_update_keeps_one_call(manager):
	digits = number()
	card = client_with_phone(manager, "+48" + digits)
	log = ring("0048 " + digits, make_employee(manager), status="No Answer", duration=0)
	log.duration = 3
	log.save(ignore_permissions=True)  # the provider's late update
	calls = frappe.get_all("Client Call", filters={"call_log": log.name}, fields=["outcome", "duration"])
	assert calls == [{"outcome": "No Answer", "duration": 3}]
	assert frappe.db.count("Client Call", {"client_card": card.name}) == 1


def test_a_call_of_another_managers_client_is_theirs_and_never_in_the_callers_list(manager):
	other = make_user()
	digits = number()
	card = client_with_phone(other, digits)
	line = make_employee(manager)  # the manager picks up a call from the other's client
	log = ring("+48" + digits, line)

	call = frappe.get_doc("Client Call", {"call_log": log.name})
	assert (call.client_card, call.account_manager) == (card.name, other)
	rest = RestClient(manager)
	assert rest.list("Client Call", filters={"call_log": log.name}).data == []
	assert rest.read("Client Call", call.name).status == 403
	frappe.set_user(manager)
	_, rows = calls_without_outcome({})
	assert rows == []
	frappe.set_user("Administrator")
	assert daily_activity([manager], getdate(nowdate()), getdate(nowdate())) == {}


def test_an_unknown_number_becomes_a_new_prospect_in_one_click(manager):
	line = make_employee(manager)
	caller = "+48 " + number()
	log = ring(caller, line)
	assert not frappe.db.exists("Client Call", {"call_log": log.name})
	assert frappe.db.exists("ToDo", {"reference_name": log.name, "allocated_to": manager, "status": "Open"})

	frappe.set_user(manager)
	_, rows = calls_without_outcome({})
	assert [(r["call_log"], r["phone"]) for r in rows] == [(log.name, caller)]

	other = RestClient(make_user())  # another manager may not take it
	before = frappe.db.count("Prospect")
	reply = other.call(
		"account_manager.overrides.call_log.prospect_from_call", call_log=log.name, client_name="X"
	)
	assert reply.status == 403 and frappe.db.count("Prospect") == before

	reply = RestClient(manager).call(
		"account_manager.overrides.call_log.prospect_from_call",
		call_log=log.name,
		client_name=f"Budrex {random_string(5)}",
	)
	assert reply.status == 200, reply.text
	card = frappe.get_doc("Client Card", reply.data["client_card"])
	assert (card.party_type, card.account_manager) == ("Prospect", manager)
	call = frappe.get_doc("Client Call", reply.data["client_call"])
	assert (call.call_log, call.account_manager, call.client_card) == (log.name, manager, card.name)
	assert not frappe.db.exists("ToDo", {"reference_name": log.name, "status": "Open"})

	# the next call from that number lands on the new card by itself
	again = ring(caller.replace(" ", ""), line)
	assert frappe.db.get_value("Client Call", {"call_log": again.name}, "client_card") == card.name


def test_a_manual_call_still_needs_its_outcome(manager):
	card = client_with_phone(manager, number())
	frappe.set_user(manager)
	with pytest.raises(frappe.ValidationError, match="outcome"):
		frappe.get_doc({"doctype": "Client Call", "client_card": card.name}).insert()
