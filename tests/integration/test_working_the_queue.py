"""The manager's day at volume (issue 27, items 1 and 2): a call logged from the Follow-up Queue closes what
it was made for, a new offer fills itself in, a line is priced and checked for stock before the offer is
saved, and the offer's e-mail goes out in the client's language, never with an empty field."""

import json

import pytest

import frappe
from frappe.desk.query_report import run as run_report
from frappe.utils import add_days, getdate, nowdate, random_string

from account_manager.account_manager.doctype.collection_plan.collection_plan import run_collection
from account_manager.account_manager.doctype.commercial_offer.commercial_offer import (
	offer_defaults,
	quote_line,
)
from account_manager.account_manager.report.follow_up_queue.follow_up_queue import log_call
from account_manager.tests.offers import make_offer
from account_manager.tests.utils import (
	make_client_card,
	make_contact,
	make_customer,
	make_item,
	make_sales_invoice,
	make_user,
	receive_stock,
)

pytestmark = pytest.mark.usefixtures("outgoing_email")


def today(offset: int = 0) -> str:
	return add_days(nowdate(), offset)


@pytest.fixture
def manager():
	return make_user()


@pytest.fixture
def card(manager):
	return make_client_card(make_customer().name, "Customer", manager)


@pytest.fixture
def settings():
	"""Account Manager Settings changed by a test, put back after it: the rollback reverts the table, not
	the cache of single values."""
	saved = {}

	def set_value(field, value):
		saved.setdefault(field, frappe.db.get_single_value("Account Manager Settings", field))
		frappe.db.set_single_value("Account Manager Settings", field, value)

	yield set_value
	for field, value in saved.items():
		frappe.db.set_single_value("Account Manager Settings", field, value)


def queue(user: str) -> list[dict]:
	frappe.set_user(user)
	rows = run_report("Follow-up Queue", filters={"to_date": today(7)})["result"]
	frappe.set_user("Administrator")
	return rows


def debtor_with_a_due_step(manager: str, worker):
	frappe.db.set_single_value("Account Manager Settings", "overdue_tolerance_days", 0)
	debtor = make_customer(account_manager=manager).name
	card = make_client_card(debtor, "Customer", manager).name
	make_sales_invoice(debtor, 800, today(-60), today(-30))
	run_collection()  # the daily job, as the scheduler starts it: run by the worker
	worker.drain()
	plan = frappe.get_doc("Collection Plan", {"customer": debtor, "status": "Open"})
	step = next(s for s in plan.steps if s.status == "Due")
	return card, plan, step


# -- item 1: the queue is worked where it is -----------------------------------------------------------


def test_a_collection_call_from_the_queue_logs_the_steps_outcome_and_the_row_leaves_the_queue(
	manager, worker
):
	card, plan, step = debtor_with_a_due_step(manager, worker)
	assert any(r.get("step") == step.name for r in queue(manager))

	frappe.set_user(manager)
	logged = log_call(
		client_card=card,
		outcome="Promised to Pay",
		notes="Pays on Friday",
		document_type="Collection Plan",
		document=plan.name,
		step=step.name,
	)
	call = frappe.get_doc("Client Call", logged["name"])
	assert (call.purpose, call.outcome, call.notes, call.account_manager) == (
		"Collection",
		"Agreed",
		"Pays on Friday",
		manager,
	)
	done = frappe.get_doc("Collection Plan", plan.name).steps[step.idx - 1]
	assert (done.status, done.outcome, done.outcome_notes, done.done_by) == (
		"Done",
		"Promised to Pay",
		"Pays on Friday",
		manager,
	)
	assert frappe.db.get_value("ToDo", done.todo, "status") == "Closed"
	assert not any(r.get("step") == step.name for r in queue(manager))


def test_a_call_repeated_with_its_key_logs_once(manager, worker):
	card, plan, step = debtor_with_a_due_step(manager, worker)
	frappe.set_user(manager)
	args = {
		"client_card": card,
		"outcome": "No Answer",
		"document_type": "Collection Plan",
		"document": plan.name,
		"step": step.name,
		"request_key": random_string(20),
	}
	assert log_call(**args) == log_call(**args)
	assert frappe.db.count("Client Call", {"client_card": card}) == 1


def test_another_managers_client_is_refused_from_the_queue_and_nothing_is_written(manager, worker):
	card, plan, step = debtor_with_a_due_step(manager, worker)
	calls = frappe.db.count("Client Call")
	frappe.set_user(make_user())
	with pytest.raises(frappe.PermissionError):
		log_call(
			client_card=card,
			outcome="Paid",
			document_type="Collection Plan",
			document=plan.name,
			step=step.name,
		)
	with pytest.raises(frappe.PermissionError):
		log_call(client_card=card, outcome="Reached")
	frappe.set_user("Administrator")
	assert frappe.db.count("Client Call") == calls
	assert frappe.db.get_value("Collection Plan Step", step.name, ["status", "outcome"]) == ("Due", None)


def test_a_step_of_another_clients_plan_is_refused(manager, card, worker):
	_debtor_card, plan, step = debtor_with_a_due_step(manager, worker)
	frappe.set_user(manager)
	with pytest.raises(frappe.PermissionError):
		log_call(
			client_card=card.name,
			outcome="Paid",
			document_type="Collection Plan",
			document=plan.name,
			step=step.name,
		)
	with pytest.raises(frappe.ValidationError, match="not a known outcome"):
		log_call(
			client_card=_debtor_card,
			outcome="Reached",  # a call's outcome, not a step's
			document_type="Collection Plan",
			document=plan.name,
			step=step.name,
		)
	assert frappe.db.get_value("Collection Plan Step", step.name, "status") == "Due"


def test_a_planned_contact_met_from_the_queue_leaves_it_and_one_asking_for_a_call_back_stays(manager):
	met = make_client_card(
		make_customer().name, "Customer", manager, next_contact_date=today(2), next_contact_reason="Prices"
	)
	again = make_client_card(
		make_customer().name, "Customer", manager, next_contact_date=today(), next_contact_reason="Prices"
	)
	no_contact = make_client_card(make_customer().name, "Customer", manager)
	cards = {r["client_card"] for r in queue(manager) if r["document_type"] == "Client Card"}
	assert {met.name, again.name} <= cards and no_contact.name not in cards  # nothing planned, no row

	frappe.set_user(manager)
	log_call(client_card=met.name, outcome="Interested", document_type="Client Card", document=met.name)
	log_call(client_card=again.name, outcome="Call Back", document_type="Client Card", document=again.name)
	cards = {r["client_card"] for r in queue(manager) if r["document_type"] == "Client Card"}
	assert met.name not in cards and again.name in cards
	assert frappe.db.get_value("Client Card", met.name, "next_contact_date") is None


def test_an_offer_followed_up_by_a_call_is_due_again_after_the_follow_up_days(manager, card, settings):
	offer = make_offer(card, [(make_item(is_stock_item=0).name, 1)], channel="Meeting")
	offer.send()
	offer.db_set("sent_on", f"{today(-10)} 10:00:00")
	settings("offer_follow_up_days", 3)
	assert any(r["document"] == offer.name for r in queue(manager))

	frappe.set_user(manager)
	call = log_call(
		client_card=card.name, outcome="Interested", document_type="Commercial Offer", document=offer.name
	)
	assert frappe.db.get_value("Client Call", call["name"], ["purpose", "commercial_offer"]) == (
		"Follow-up",
		offer.name,
	)
	frappe.set_user("Administrator")
	frappe.set_user(manager)
	rows = run_report("Follow-up Queue", filters={"to_date": today(2)})["result"]
	assert not any(r.get("document") == offer.name for r in rows)  # due in 3 days, after the call
	rows = run_report("Follow-up Queue", filters={"to_date": today(3)})["result"]
	assert any(r.get("document") == offer.name for r in rows)


def test_an_account_manager_lands_on_the_workspace():
	user = make_user()
	assert frappe.db.get_value("User", user, "default_workspace") == "Account Manager"
	other = make_user(roles=("Sales User",))
	assert not frappe.db.get_value("User", other, "default_workspace")
	chosen = frappe.get_doc("User", other)
	chosen.default_workspace = "Selling"
	chosen.append("roles", {"role": "Account Manager"})
	chosen.save(ignore_permissions=True)
	assert frappe.db.get_value("User", other, "default_workspace") == "Selling"  # their own choice stays
	# v16 sends a desk user to their role's home page at login (v15 redirects /desk/... to /app/...)
	assert frappe.db.get_value("Role", "Account Manager", "home_page") == "desk/account-manager"


# -- item 2: offers that fill themselves in --------------------------------------------------------------


def test_a_new_offer_takes_the_decision_makers_email_valid_till_and_template(manager, card, settings):
	template = frappe.get_doc(
		{
			"doctype": "Email Template",
			"name": f"Offer {random_string(5)}",
			"subject": "Offer",
			"response": "Hi",
		}
	).insert()
	settings("offer_email_template", template.name)
	settings("offer_valid_days", 10)
	make_contact("Customer", card.party, first_name="Buyer", email_id="buyer@x.example", is_primary_contact=1)
	boss = make_contact(
		"Customer", card.party, first_name="Boss", email_id="boss@x.example", is_decision_maker=1
	)
	make_contact("Customer", card.party, first_name="No Mail", is_decision_maker=1)

	frappe.set_user(manager)
	expected = {
		"contact_person": boss,
		"contact_email": "boss@x.example",
		"valid_till": getdate(today(10)),
		"email_template": template.name,
	}
	assert offer_defaults(card.name) == expected
	offer = make_offer(card)  # over REST or the form alike: the save fills it in
	assert {k: offer.get(k) for k in expected} == expected
	given = make_offer(card, valid_till=today(3), contact_email="other@x.example")
	assert (str(given.valid_till), given.contact_email, given.contact_person) == (
		today(3),
		"other@x.example",
		None,
	)


def test_a_line_is_priced_and_checked_before_the_offer_is_saved(manager, card):
	price_list = frappe.db.get_single_value("Selling Settings", "selling_price_list")
	short = make_item(allow_alternative_item=1).name
	analogue = make_item(allow_alternative_item=1).name
	for item in (short, analogue):
		frappe.get_doc(
			{"doctype": "Item Price", "item_code": item, "price_list": price_list, "price_list_rate": 12.5}
		).insert()
	frappe.get_doc(
		{"doctype": "Item Alternative", "item_code": short, "alternative_item_code": analogue, "two_way": 1}
	).insert()
	receive_stock(short, 4)
	receive_stock(analogue, 30)

	frappe.set_user(manager)
	line = quote_line(card.name, short, 10)
	assert (line["rate"], line["amount"], line["available_qty"], line["verdict"]) == (12.5, 125, 4, "Partly")
	assert (line["alternative_item"], line["alternative_available_qty"]) == (analogue, 30)
	# the same as the save makes
	saved = make_offer(card, [(short, 10)]).items[0]
	assert (saved.rate, saved.available_qty, saved.verdict, saved.alternative_item) == (
		12.5,
		4,
		"Partly",
		analogue,
	)
	with pytest.raises(frappe.ValidationError, match="does not exist"):
		quote_line(card.name, "No Such Item", 1)


def test_another_managers_client_gets_no_defaults_or_prices(manager, card):
	item = make_item().name
	frappe.set_user(make_user())
	with pytest.raises(frappe.PermissionError):
		offer_defaults(card.name)
	with pytest.raises(frappe.PermissionError):
		quote_line(card.name, item, 1)


def email_template(body: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"Offer {random_string(5)}",
				"subject": "Oferta {{ doc.name }}",
				"response": body,
			}
		)
		.insert()
		.name
	)


def test_the_email_and_pdf_go_out_in_the_clients_language(manager):
	customer = make_customer(language="pl").name
	card = make_client_card(customer, "Customer", manager)
	template = email_template(
		"{{ _('Your account manager') }}: {{ frappe.format(doc.valid_till, {'fieldtype': 'Date'}) }}"
	)
	item = make_item(is_stock_item=0).name
	frappe.set_user(manager)
	frappe.local.lang = "en"  # the sender reads English
	offer = make_offer(card, [(item, 1)], contact_email="buyer@x.example")
	offer.send(email_template=template)
	queued = frappe.get_last_doc(
		"Email Queue", filters={"reference_doctype": "Commercial Offer", "reference_name": offer.name}
	)
	assert [a.get("lang") for a in json.loads(queued.attachments)] == ["pl"]
	communication = frappe.get_last_doc(
		"Communication", filters={"reference_doctype": "Commercial Offer", "reference_name": offer.name}
	)
	# the app's own word (ERPNext's catalogue of v16 leaves many of its labels untranslated)
	polish = frappe._("Your account manager", lang="pl")
	assert polish != "Your account manager" and communication.content.startswith(f"{polish}:")
	assert frappe.local.lang == "en"  # and the sender's language is back


def test_an_email_never_renders_an_empty_field_of_the_offer(manager, card):
	template = email_template(
		"Oferta ważna do {{ doc.valid_till }}.{% if doc.proposal %} {{ doc.proposal }}{% endif %}"
	)
	item = make_item(is_stock_item=0).name
	frappe.set_user(manager)
	offer = make_offer(card, [(item, 1)], contact_email="buyer@x.example")
	offer.db_set("valid_till", None)
	offer.reload()
	with pytest.raises(frappe.ValidationError, match="Valid Till"):
		offer.send(email_template=template)
	assert frappe.db.get_value("Commercial Offer", offer.name, "status") == "Draft"
	assert not frappe.db.exists("Communication", {"reference_name": offer.name})
	offer.reload()
	offer.valid_till = today(5)
	offer.save()
	offer.send(email_template=template)  # the proposal may be empty: the template tests it
	assert frappe.db.get_value("Commercial Offer", offer.name, "status") == "Sent"
