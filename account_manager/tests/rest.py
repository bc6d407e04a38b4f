"""Requests through Frappe's own request path, inside the test's transaction.

A test acts as a real user with an API key: the request is built by werkzeug, authenticated by Frappe's
HTTPRequest and validate_auth (the `Authorization: token key:secret` header), routed by frappe.api
(/api/resource/..., /api/method/...) and answered as Frappe answers it, errors included
(frappe.app.handle_exception: 403 for a PermissionError, 417 for a ValidationError). Only what a web
server does around it differs: the request runs in the test's connection and its writes are undone to a
savepoint on failure (as the web server's rollback would), so the test, rolled back at its end, leaves
nothing behind.
"""

import json
from dataclasses import dataclass
from urllib.parse import quote

from werkzeug.test import EnvironBuilder

import frappe
import frappe.api
from frappe.app import handle_exception, make_form_dict
from frappe.auth import HTTPRequest, validate_auth
from frappe.utils import CallbackManager, random_string
from frappe.utils.password import set_encrypted_password


@dataclass
class Reply:
	status: int
	body: dict

	@property
	def data(self):
		return self.body.get("data", self.body.get("message"))

	@property
	def messages(self) -> list[str]:
		"""What the user is told: the texts of the server's messages."""
		texts = []
		for raw in json.loads(self.body.get("_server_messages") or "[]"):
			message = json.loads(raw) if isinstance(raw, str) else raw
			texts.append(message.get("message", "") if isinstance(message, dict) else str(message))
		return texts

	@property
	def text(self) -> str:
		return " ".join(self.messages)


def api_keys(user: str) -> tuple[str, str]:
	"""An API key and secret for the user, stored as User > API Access > Generate Keys stores them (the
	secret encrypted), in this transaction."""
	key, secret = random_string(15), random_string(15)
	frappe.db.set_value("User", user, "api_key", key, update_modified=False)
	set_encrypted_password("User", user, secret, "api_secret")
	return key, secret


class RestClient:
	"""A user's REST client: `client.get("/api/resource/Client Card")`, `client.put(...)`, ..."""

	def __init__(self, user: str):
		self.user = user
		key, secret = api_keys(user)
		self.authorization = f"token {key}:{secret}"

	def request(self, method: str, path: str, data: dict | None = None, params: dict | None = None) -> Reply:
		builder = EnvironBuilder(
			method=method,
			path=quote(path, safe="/"),
			query_string={k: v if isinstance(v, str) else json.dumps(v) for k, v in (params or {}).items()},
			headers={"Authorization": self.authorization, "Accept": "application/json"},
			data=frappe.as_json(data) if data is not None else None,
			content_type="application/json" if data is not None else None,
		)
		request = builder.get_request()
		savepoint = f"rest_{random_string(8)}"
		frappe.db.savepoint(savepoint)
		frappe.local.request = request
		request.after_response = CallbackManager()
		frappe.local.is_ajax = False
		frappe.local.response = frappe._dict({"docs": []})
		frappe.local.message_log = []
		frappe.local.flags.disable_traceback = False
		frappe.local.flags.error_message = None
		try:
			make_form_dict(request)
			frappe.local.http_request = HTTPRequest()
			validate_auth()
			response = frappe.api.handle(request)
		except Exception as e:
			frappe.db.rollback(save_point=savepoint)
			response = handle_exception(e)
		finally:
			user_after = frappe.session.user
			del frappe.local.request
			frappe.local.form_dict = frappe._dict()
			frappe.local.message_log = []
			frappe.set_user("Administrator")
		assert user_after in (self.user, "Guest"), user_after
		body = json.loads(response.get_data(as_text=True) or "{}")
		return Reply(response.status_code, body)

	def get(self, path: str, **params) -> Reply:
		return self.request("GET", path, params=params)

	def post(self, path: str, data: dict | None = None) -> Reply:
		return self.request("POST", path, data=data or {})

	def put(self, path: str, data: dict) -> Reply:
		return self.request("PUT", path, data=data)

	def delete(self, path: str) -> Reply:
		return self.request("DELETE", path)

	# Frappe's REST API, by what it does

	def list(self, doctype: str, filters=None, fields=("name",), limit: int = 0) -> Reply:
		params = {"fields": list(fields), "limit_page_length": limit}
		if filters:
			params["filters"] = filters
		return self.get(f"/api/resource/{doctype}", **params)

	def read(self, doctype: str, name: str) -> Reply:
		return self.get(f"/api/resource/{doctype}/{name}")

	def create(self, doctype: str, values: dict) -> Reply:
		return self.post(f"/api/resource/{doctype}", values)

	def write(self, doctype: str, name: str, values: dict) -> Reply:
		return self.put(f"/api/resource/{doctype}/{name}", values)

	def remove(self, doctype: str, name: str) -> Reply:
		return self.delete(f"/api/resource/{doctype}/{name}")

	def call(self, method: str, /, **kwargs) -> Reply:
		return self.post(f"/api/method/{method}", kwargs)

	def report(self, report_name: str, filters: dict | None = None) -> Reply:
		return self.call("frappe.desk.query_report.run", report_name=report_name, filters=filters or {})

	def search(self, doctype: str, txt: str = "", reference_doctype: str | None = None, **kwargs) -> Reply:
		return self.call(
			"frappe.desk.search.search_link",
			doctype=doctype,
			txt=txt,
			page_length=100,
			reference_doctype=reference_doctype,
			**kwargs,
		)
