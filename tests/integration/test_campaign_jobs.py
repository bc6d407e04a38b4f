"""A campaign of more than ten clients is a background job (OF5, issue 26): queued when sent, run by a
real RQ worker (fixture `worker`), committed client by client; killed midway, it is resumed by
`resume_campaigns` and sends only to the clients still pending: one offer and one e-mail each."""

from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time

import frappe
from frappe.utils import random_string

from account_manager.account_manager.doctype.offer_campaign.offer_campaign import (
	QUEUE_THRESHOLD,
	RESUME_AFTER_MINUTES,
	resume_campaigns,
)
from account_manager.tests.utils import make_client_card, make_contact, make_customer, make_user

pytestmark = pytest.mark.usefixtures("outgoing_email")  # conftest.py: offers are e-mailed

CLIENTS = QUEUE_THRESHOLD + 8


@pytest.fixture
def campaign(worker):
	"""A manager's campaign (a proposal, no lines) to CLIENTS clients with an e-mail contact each, and
	one more without any (skipped)."""
	manager = make_user()
	cards = []
	for i in range(CLIENTS + 1):
		customer = make_customer(f"_Test Campaign Client {random_string(6)} {i}").name
		if i < CLIENTS:
			make_contact("Customer", customer, email_id=f"buyer-{random_string(8)}@example.com")
		cards.append(make_client_card(customer, "Customer", manager).name)
	template = frappe.get_doc(
		{
			"doctype": "Email Template",
			"name": f"_Test Campaign {random_string(5)}",
			"subject": "Our spring prices, {{ party_name }}",
			"response": "Dear {{ party_name }}, see the offer attached.",
		}
	).insert()
	frappe.set_user(manager)
	doc = frappe.get_doc(
		{
			"doctype": "Offer Campaign",
			"title": f"Spring {random_string(4)}",
			"email_template": template.name,
			"proposal": "<p>The spring range at new prices</p>",
			"recipients": [{"client_card": card} for card in cards],
		}
	).insert()
	frappe.set_user("Administrator")
	return frappe._dict(name=doc.name, manager=manager, cards=cards)


def send(campaign) -> str:
	"""Send as the manager; the request's transaction is committed (the job is queued on commit)."""
	frappe.set_user(campaign.manager)
	try:
		status = frappe.get_doc("Offer Campaign", campaign.name).send()
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()  # nosemgrep: the request's end, as the web server commits it
	return status


def statuses(campaign) -> list[str]:
	return frappe.get_all(
		"Offer Campaign Recipient", filters={"parent": campaign.name}, pluck="status", order_by="idx"
	)


def offers_and_mails(campaign) -> tuple[dict, dict]:
	"""Commercial Offers of the campaign per client card, and e-mails queued per offer."""
	offers = frappe.get_all(
		"Commercial Offer", filters={"offer_campaign": campaign.name}, fields=["name", "client_card"]
	)
	per_card = {}
	for offer in offers:
		per_card[offer.client_card] = per_card.get(offer.client_card, 0) + 1
	mails = {}
	for name in frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Commercial Offer", "reference_name": ("in", [o.name for o in offers])},
		pluck="reference_name",
	):
		mails[name] = mails.get(name, 0) + 1
	return per_card, mails


def campaign_ended(campaign) -> bool:
	return frappe.db.get_value("Offer Campaign", campaign.name, "status") not in ("Queued", "Sending")


def assert_sent_once_each(campaign):
	doc = frappe.get_doc("Offer Campaign", campaign.name)
	# one client skipped (issue 27: the status says so)
	assert (doc.status, doc.sent_count, doc.skipped_count, doc.failed_count) == ("Partly Sent", CLIENTS, 1, 0)
	per_card, mails = offers_and_mails(campaign)
	assert per_card == {card: 1 for card in campaign.cards[:CLIENTS]}  # one offer each, none for the last
	assert sorted(mails.values()) == [1] * CLIENTS  # one e-mail queued per offer
	assert doc.recipients[-1].reason  # the client without an e-mail contact: skipped, and why


def test_a_campaign_of_many_clients_is_queued_and_sent_by_the_worker(worker, campaign):
	assert send(campaign) == "Queued"
	worker.wait(lambda: campaign_ended(campaign), 180, "the campaign to be sent")
	assert_sent_once_each(campaign)
	assert resume_campaigns() == []  # nothing left to resume


def test_a_campaign_whose_worker_is_killed_midway_resumes_and_sends_nobody_twice(worker, campaign):
	assert send(campaign) == "Queued"
	worker.wait(lambda: statuses(campaign).count("Sent") >= 3, 180, "the campaign to send to 3 clients")
	worker.kill()
	frappe.db.commit()  # nosemgrep: a fresh read of what the killed job committed
	sent_before = statuses(campaign).count("Sent")
	assert frappe.db.get_value("Offer Campaign", campaign.name, "status") == "Sending"
	assert 3 <= sent_before < CLIENTS, "the job ended before it was killed: nothing was stopped midway"

	frappe.set_user(campaign.manager)  # RQ still sees the killed job as running: no second job
	with pytest.raises(frappe.ValidationError, match="being sent already"):
		frappe.get_doc("Offer Campaign", campaign.name).send()
	frappe.set_user("Administrator")
	assert resume_campaigns() == []  # nor a resumed one, while it may still be running

	later = datetime.now(timezone.utc) + timedelta(minutes=RESUME_AFTER_MINUTES + 1)
	with freeze_time(later, tick=True):  # its worker silent long enough: RQ marks the job failed
		assert resume_campaigns() == [campaign.name]
	frappe.db.commit()  # nosemgrep: the resumed job is queued
	worker.start()
	worker.wait(lambda: campaign_ended(campaign), 180, "the resumed campaign to be sent")
	assert_sent_once_each(campaign)
	# the resumed job ran as the sender: the offers it made are the manager's, as the first ones
	owners = frappe.get_all("Commercial Offer", filters={"offer_campaign": campaign.name}, pluck="owner")
	assert set(owners) == {campaign.manager}
