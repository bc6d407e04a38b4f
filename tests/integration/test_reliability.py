"""Reliability (issue 26).

ERPNext as it was without the app (item 5): a Customer, Lead or Prospect made by mistake a minute ago is
deleted with the card the app made for it; one whose card holds history is refused with a message naming
what the card holds, and nothing is deleted. Repeated calls are harmless (item 3): a call logged again
with its request key is logged once."""

import pytest

import frappe

from account_manager.tests.utils import make_call, make_customer, make_lead, make_user


def card_of(doctype: str, name: str) -> str | None:
	return frappe.db.get_value("Client Card", {"party_type": doctype, "party": name})


@pytest.mark.parametrize("doctype", ["Customer", "Lead"])
def test_a_party_made_by_mistake_is_deleted_with_its_card(doctype):
	name = make_customer().name if doctype == "Customer" else make_lead()
	card = card_of(doctype, name)
	assert card  # the app made it
	frappe.delete_doc(doctype, name)
	assert not frappe.db.exists(doctype, name)
	assert not frappe.db.exists("Client Card", card)


def test_a_client_with_history_is_not_deleted_and_the_message_says_what_the_card_holds():
	manager = make_user()
	customer = make_customer(account_manager=manager).name
	card = card_of("Customer", customer)
	frappe.set_user(manager)
	make_call(card)
	frappe.set_user("Administrator")
	with pytest.raises(frappe.LinkExistsError) as refused:
		frappe.delete_doc("Customer", customer)
	assert "Client Call" in str(refused.value) and card in str(refused.value)
	assert frappe.db.exists("Customer", customer) and frappe.db.exists("Client Card", card)


def test_a_call_logged_again_with_its_request_key_is_logged_once():
	"""A retry after a timeout or a double click (issue 26, item 3): the same request key answers with the
	call logged the first time; another user's key is refused."""
	from account_manager.api import log_call
	from account_manager.tests.utils import make_client_card

	manager, other = make_user(), make_user()
	customer = make_customer(account_manager=manager).name
	card = card_of("Customer", customer) or make_client_card(customer, "Customer", manager).name
	frappe.set_user(manager)
	first = log_call(client_card=card, purpose="Offer", outcome="Reached", request_key="k-7f3a")
	again = log_call(client_card=card, purpose="Offer", outcome="Reached", request_key="k-7f3a")
	assert again == first
	assert frappe.db.count("Client Call", {"client_card": card}) == 1
	assert log_call(client_card=card, purpose="Offer", outcome="Reached")["name"] != first["name"]
	frappe.set_user(other)
	with pytest.raises(frappe.ValidationError):
		log_call(client_card=card, purpose="Offer", outcome="Reached", request_key="k-7f3a")


def test_a_campaign_made_again_with_its_request_key_is_made_once():
	"""A creating method takes a request key (issue 26, item 3): the same key again answers with the
	campaign made the first time; another user's key is refused."""
	from frappe.utils import random_string

	from account_manager.account_manager.doctype.offer_campaign.offer_campaign import make_campaign

	manager, other = make_user(), make_user()
	card = card_of("Customer", make_customer(account_manager=manager).name)
	template = (
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"_Test Key {random_string(5)}",
				"subject": "Hi",
				"response": "Hi",
			}
		)
		.insert()
		.name
	)
	frappe.set_user(manager)
	first = make_campaign(client_cards=[card], email_template=template, request_key="c-91ab")
	again = make_campaign(client_cards=[card], email_template=template, request_key="c-91ab")
	assert again == first
	assert frappe.db.count("Offer Campaign", {"request_key": "c-91ab"}) == 1
	assert make_campaign(client_cards=[card], email_template=template) != first  # no key: a new one
	frappe.set_user(other)
	with pytest.raises(frappe.ValidationError):
		make_campaign(client_cards=[card], email_template=template, request_key="c-91ab")


def test_a_deadlock_is_retried_once_and_then_answered_plainly():
	"""MariaDB ends a transaction on a deadlock (its savepoints with it): the action runs once more from the
	start when it only writes to the database; a second deadlock, or one in an action that reached beyond
	the database, is a translated "try again", never the database's error (issue 26, item 2)."""
	from account_manager.concurrency import TryAgainError, exactly_once

	attempts = []

	def deadlocks(times: int):
		def action():
			attempts.append(1)
			if len(attempts) <= times:
				raise frappe.QueryDeadlockError("(1213, 'Deadlock found when trying to get lock')")
			return "done"

		return action

	assert exactly_once(deadlocks(1))() == "done" and len(attempts) == 2
	attempts.clear()
	with pytest.raises(TryAgainError):
		exactly_once(deadlocks(5))()
	assert len(attempts) == 2
	attempts.clear()
	with pytest.raises(TryAgainError):
		exactly_once(retry=False)(deadlocks(1))()
	assert len(attempts) == 1
