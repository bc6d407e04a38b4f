"""Exactly once under parallel calls (issue 26, items 1-3), over HTTP against the running web server.

Eight simultaneous calls of the same action, as a double click, a retry after a timeout or two browser
tabs make them, through Frappe's request path in the manager's desk session: no answer is a 5xx, the effect
happens once, and every caller is told the same result. (The web server ./run-tests starts for the journeys
serves requests in threads, each with its own database connection.)"""

import json
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import frappe
from frappe.utils import random_string

from account_manager.tests.offers import make_offer
from account_manager.tests.utils import make_client_card, make_customer, make_item
from tests.ui.conftest import PASSWORD, committed, desk_user

N = 8


def post(base_url: str, session: tuple[str, str], method: str, data: dict) -> tuple[int, dict]:
	cookie, token = session
	request = urllib.request.Request(
		f"{base_url}/api/method/{method}",
		data=json.dumps(data).encode(),
		headers={
			"Cookie": cookie,
			"X-Frappe-CSRF-Token": token,
			"Content-Type": "application/json",
			"Accept": "application/json",
		},
		method="POST",
	)
	try:
		with urllib.request.urlopen(request, timeout=120) as response:
			return response.status, json.loads(response.read() or b"{}")
	except urllib.error.HTTPError as e:
		return e.code, json.loads(e.read() or b"{}")


def at_once(fn) -> list:
	with ThreadPoolExecutor(N) as pool:
		return list(pool.map(lambda _i: fn(), range(N)))


def session_of(base_url: str, user: str) -> str:
	"""The user's desk session, as a browser holds it (its cookie): the eight calls come from it, as a
	double click or two tabs send them."""
	request = urllib.request.Request(
		f"{base_url}/api/method/login",
		data=json.dumps({"usr": user, "pwd": PASSWORD}).encode(),
		headers={"Content-Type": "application/json", "Accept": "application/json"},
		method="POST",
	)
	with urllib.request.urlopen(request, timeout=60) as response:
		cookies = [c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []]
	cookie = "; ".join(cookies)
	# the desk page carries the session's CSRF token, which Frappe wants on a POST from a session
	page = urllib.request.Request(f"{base_url}/app", headers={"Cookie": cookie})
	with urllib.request.urlopen(page, timeout=60) as response:
		token = re.search(r'csrf_token\s*=\s*"([^"]+)"', response.read().decode()).group(1)
	return cookie, token


def manager_with_session(base_url: str) -> tuple[str, tuple[str, str]]:
	manager = committed(lambda: desk_user(["Account Manager", "Sales User"], "Parallel"))
	return manager, session_of(base_url, manager)


def test_eight_goods_requests_at_once_raise_one_material_request(base_url):
	manager, cookie = manager_with_session(base_url)

	def world():
		desk_user(["Logistics Manager"], "Logistics")
		customer = make_customer(f"_Test Parallel {random_string(5)}", account_manager=manager).name
		card = make_client_card(customer, "Customer", manager)
		item = make_item().name  # nothing in stock: the line is Out of Stock
		frappe.set_user(manager)
		offer = make_offer(card, [(item, 40)])
		frappe.set_user("Administrator")
		return offer.name

	offer = committed(world)
	args = {"dt": "Commercial Offer", "dn": offer, "method": "request_goods"}
	replies = at_once(lambda: post(base_url, cookie, "run_doc_method", args))
	assert all(status < 500 for status, _body in replies), replies
	assert all(status == 200 for status, _body in replies), replies
	frappe.db.rollback()  # see what the web server committed
	requests = frappe.get_all(
		"Material Request", filters={"commercial_offer": offer, "docstatus": 1}, pluck="name"
	)
	assert len(requests) == 1, requests
	assert {body.get("message") for _status, body in replies} == set(requests)


def test_a_call_sent_eight_times_with_its_request_key_is_logged_once(base_url):
	manager, cookie = manager_with_session(base_url)

	def world():
		customer = make_customer(f"_Test Parallel {random_string(5)}", account_manager=manager).name
		return make_client_card(customer, "Customer", manager).name

	card = committed(world)
	key = random_string(20)
	args = {"client_card": card, "purpose": "Offer", "outcome": "Reached", "request_key": key}
	replies = at_once(lambda: post(base_url, cookie, "account_manager.api.log_call", args))
	assert all(status == 200 for status, _body in replies), replies
	frappe.db.rollback()
	calls = frappe.get_all("Client Call", filters={"client_card": card}, pluck="name")
	assert len(calls) == 1, calls
	assert {body["message"]["name"] for _status, body in replies} == set(calls)
