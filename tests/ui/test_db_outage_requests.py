"""A request while the database is gone gets a clear answer, and nothing of it is written (issue 26, item 4).

The web server of ./run-tests serves the site as account_manager.wsgi tells a production bench to
(harness/web.py: Frappe's application in account_manager.outage's middleware, gunicorn workers). The
site's database user is locked and its connections killed (account_manager.tests.outage), as a MariaDB
restart does to the site; requests then come as a manager's desk does them, as an integrator's API key
does, and as a browser opening a page. Each is answered 503 with Retry-After and a message saying that
nothing was saved, in the user's language; none writes a row; once the database is back, the same
request works.
"""

import json
import urllib.error
import urllib.request

import pytest

import frappe
from frappe.utils import random_string

from account_manager.outage import EXC_TYPE, MESSAGE, TITLE
from account_manager.tests.outage import Outage
from account_manager.tests.rest import api_keys
from account_manager.tests.utils import make_client_card, make_customer
from tests.ui.conftest import committed, desk_user, login, shot, wait_for_desk
from tests.ui.test_parallel import messages, session_of

LOG_CALL = "account_manager.api.log_call"


def polish(text: str) -> str:
	return frappe._(text, lang="pl")


@pytest.fixture
def manager_card():
	manager = desk_user(["Account Manager"], "Outage")
	frappe.db.set_value("User", manager, "language", "pl")
	card = committed(
		lambda: make_client_card(
			make_customer(f"_Test Outage Desk {random_string(6)}").name, "Customer", manager
		)
	)
	key, secret = committed(lambda: api_keys(manager))
	return frappe._dict(manager=manager, card=card.name, token=f"token {key}:{secret}")


def call(base_url, path, data=None, headers=None) -> tuple[int, dict, str]:
	"""(status, headers, body) of one request."""
	request = urllib.request.Request(
		base_url + path,
		data=json.dumps(data).encode() if data is not None else None,
		headers={"Content-Type": "application/json", **(headers or {})},
		method="POST" if data is not None else "GET",
	)
	try:
		with urllib.request.urlopen(request, timeout=60) as response:
			return response.status, dict(response.headers), response.read().decode()
	except urllib.error.HTTPError as e:
		return e.code, dict(e.headers), e.read().decode()


def calls_logged(card: str) -> int:
	frappe.db.rollback()  # see what the web server committed
	return frappe.db.count("Client Call", {"client_card": card})


def test_a_request_during_a_database_outage_is_answered_503_and_writes_nothing(base_url, manager_card):
	cookie, csrf = session_of(base_url, manager_card.manager)
	desk = {"Cookie": cookie, "X-Frappe-CSRF-Token": csrf, "Accept": "application/json"}
	desk["X-Requested-With"] = "XMLHttpRequest"
	api = {"Authorization": manager_card.token, "Accept": "application/json"}

	def log_call(headers, key):
		args = {
			"client_card": manager_card.card,
			"purpose": "Offer",
			"outcome": "Reached",
			"request_key": key,
		}
		return call(base_url, f"/api/method/{LOG_CALL}", args, headers)

	# the positive control: with the database there, a call is logged
	status, _headers, body = log_call(desk, random_string(10))
	assert status == 200, body
	assert calls_logged(manager_card.card) == 1

	with Outage():
		answers = {
			"desk": log_call(desk, random_string(10)),
			"api key": log_call(api, random_string(10)),
			"api read": call(base_url, "/api/resource/Client%20Card", headers=api),
			"page": call(base_url, "/app/client-card", headers={"Cookie": cookie, "Accept": "text/html"}),
			# a visitor with no session: told in the language the browser asks for
			"login page": call(
				base_url, "/login", headers={"Accept": "text/html", "Accept-Language": "pl-PL,pl"}
			),
		}

	for who, (status, headers, body) in answers.items():
		assert status == 503, (who, status, body[:500])
		assert headers.get("Retry-After") == "30", who
		assert "Traceback" not in body and "OperationalError" not in body, (who, body[:500])
	# the desk is told in the manager's language (the session's, or the browser's as Accept-Language)
	status, _headers, body = answers["desk"]
	reply = json.loads(body)
	assert reply["exc_type"] == EXC_TYPE
	assert messages(reply) == [polish(MESSAGE.msg)], reply
	assert polish(MESSAGE.msg) != MESSAGE.msg  # the catalogue has it
	# an integrator's client without a language is told in English, in v1's and v2's form
	for who in ("api key", "api read"):
		reply = json.loads(answers[who][2])
		assert reply["errors"][0] == {"type": EXC_TYPE, "message": MESSAGE.msg, "title": TITLE.msg}, who
	status, headers, body = answers["page"]
	assert headers["Content-Type"].startswith("text/html"), headers
	assert TITLE.msg in body or polish(TITLE.msg) in body, body[:500]
	status, headers, body = answers["login page"]
	assert headers["Content-Type"].startswith("text/html") and polish(MESSAGE.msg) in body, body[:500]

	assert calls_logged(manager_card.card) == 1  # nothing of the refused calls was written

	# the database back: the same request works again
	status, _headers, body = log_call(desk, random_string(10))
	assert status == 200, body
	assert calls_logged(manager_card.card) == 2


def test_the_desk_shows_the_manager_why_a_save_failed_in_an_outage(page, manager_card):
	"""A manager saving a client's card when the database is gone is told, in Polish, that nothing was
	saved; the card is as it was."""
	before = frappe.db.get_value("Client Card", manager_card.card, "needs")
	login(page, manager_card.manager)
	page.goto(f"/app/client-card/{manager_card.card}")
	wait_for_desk(page)
	page.wait_for_function("() => window.cur_frm && cur_frm.doc.name && !cur_frm.is_new()")
	field = page.locator(".frappe-control[data-fieldname='needs'] textarea").first
	field.fill("Cables and fittings, monthly")
	field.blur()
	with Outage():
		page.keyboard.press("Control+s")
		dialog = page.locator(".modal.show .msgprint", has_text=polish(MESSAGE.msg)[:40])
		dialog.wait_for(timeout=60_000)
		# the form's connections and dashboards, asked for again after the failed save, are refused the
		# same way: the message stays up, once
		page.wait_for_load_state("networkidle")
		page.wait_for_timeout(1000)
		assert page.locator(".modal.show .msgprint").count() == 1
		assert dialog.is_visible()
		shot(page, "database-unavailable")
	frappe.db.rollback()
	assert frappe.db.get_value("Client Card", manager_card.card, "needs") == before
