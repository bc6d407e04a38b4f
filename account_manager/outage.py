"""A request while the site's database is unreachable gets a clear answer (issue 26, item 4).

When MariaDB restarts, or the site's database user is locked or out of connections, Frappe cannot answer
a request properly: the error comes while it loads the session, or while it rolls the request back, and
escapes Frappe's own error handling (gunicorn then answers a bare "Internal Server Error", which the desk
shows as nothing at all); where Frappe does answer, it is a 500 with the database's traceback. Nothing is
half-written either way: MariaDB rolls back the transaction of a connection it lost.

Two pieces turn that into an HTTP 503 with `Retry-After` and a translated message saying that nothing was
saved (`_server_messages`, which the desk shows, and API v2's `errors`; an HTML page for a page request):

- `DatabaseOutageMiddleware`, the WSGI application a bench serves instead of Frappe's
  (`account_manager.wsgi:application`, see that module) for the errors that escape Frappe;
- `after_request` (hooks.py) for the answers Frappe did make, a 500 of a lost connection.
"""

import json
import sys
from contextlib import suppress
from html import escape

import frappe
from frappe import _lt

RETRY_AFTER_SECONDS = 30
EXC_TYPE = "DatabaseUnavailable"

# MariaDB / MySQL client and server errors that mean "no usable connection", not a bad query:
# 1040 too many connections, 1045 access denied, 1053 server shutdown, 1077 normal shutdown,
# 1927 connection killed, 2002/2003 cannot connect, 2006 server gone away, 2013 lost connection,
# 2055 lost connection (system error), 4031 disconnected for inactivity, 4151 account locked
OUTAGE_ERRORS = {1040, 1045, 1053, 1077, 1927, 2002, 2003, 2006, 2013, 2055, 4031, 4151}

TITLE = _lt("Database unavailable")
MESSAGE = _lt(
	"The server cannot reach its database just now, so this was not done and nothing of it was saved. "
	"Please try again in a minute; if it keeps happening, tell your administrator."
)


def is_outage(exc: BaseException | None) -> bool:
	"""Whether an exception, or one it was raised from, is a lost or refused database connection."""
	seen = set()
	while exc is not None and id(exc) not in seen:
		seen.add(id(exc))
		if type(exc).__name__ in ("OperationalError", "InterfaceError"):
			code = exc.args[0] if exc.args else None
			# pymysql's InterfaceError (0, '') is a query on a connection that is already closed
			if code in OUTAGE_ERRORS or (type(exc).__name__ == "InterfaceError" and code in (0, None)):
				return True
		exc = exc.__cause__ or exc.__context__
	return False


def wants_json(path: str, accept: str, requested_with: str) -> bool:
	"""Frappe's own choice (frappe.app.handle_exception): the desk's calls, and the API unless it asks
	for text."""
	return (bool(accept) and (requested_with == "XMLHttpRequest" or "application/json" in accept)) or (
		path.startswith("/api/") and not accept.startswith("text")
	)


def request_language(environ: dict) -> str:
	"""The user's language as Frappe set it for this request, or as the request asks for it (Frappe's
	order for a guest: `_lang`, the `preferred_language` cookie, Accept-Language) when the request did not
	get as far as its session."""
	from werkzeug.wrappers import Request

	# Frappe's locals outlive a request in its thread: read them only when they are this request's
	current = getattr(getattr(frappe.local, "request", None), "environ", None) is environ
	user = (getattr(frappe.local, "session", None) or {}).get("user")
	if current and user and user != "Guest" and getattr(frappe.local, "lang", None):
		return frappe.local.lang
	request = Request(environ)
	asked = [request.args.get("_lang"), request.cookies.get("preferred_language")]
	asked += [code for code, _quality in request.accept_languages]
	for code in filter(None, asked):
		return code.split("-")[0].lower()
	return "en"


def texts(lang: str) -> tuple[str, str]:
	"""The title and message in `lang`, from the translations Frappe has cached (no database needed);
	English when they cannot be had."""
	try:
		return frappe._(TITLE.msg, lang=lang), frappe._(MESSAGE.msg, lang=lang)
	except Exception:
		return TITLE.msg, MESSAGE.msg


def answer(environ: dict) -> tuple[str, list[tuple[str, str]], bytes]:
	"""The 503's status line, headers and body for this request."""
	title, message = texts(request_language(environ))
	if wants_json(
		environ.get("PATH_INFO", ""), environ.get("HTTP_ACCEPT", ""), environ.get("HTTP_X_REQUESTED_WITH", "")
	):
		shown = json.dumps({"message": message, "title": title, "indicator": "red", "raise_exception": 1})
		body = json.dumps(
			{
				"exc_type": EXC_TYPE,
				"_server_messages": json.dumps([shown]),
				"errors": [{"type": EXC_TYPE, "message": message, "title": title}],
			}
		)
		content_type = "application/json"
	else:
		body = (
			f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
			f"<body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>"
		)
		content_type = "text/html; charset=utf-8"
	data = body.encode()
	headers = [
		("Content-Type", content_type),
		("Content-Length", str(len(data))),
		("Retry-After", str(RETRY_AFTER_SECONDS)),
		("Cache-Control", "no-store"),
	]
	return "503 Service Unavailable", headers, data


class DatabaseOutageMiddleware:
	"""Wraps Frappe's WSGI application: a lost or refused database connection that escapes it is
	answered with the 503 above; every other error goes on as before."""

	def __init__(self, app):
		self.app = app

	def __call__(self, environ, start_response):
		try:
			return self.app(environ, start_response)
		except Exception as e:
			if not is_outage(e):
				raise
			with suppress(Exception):
				frappe.logger("account_manager").error(
					"database unavailable: %s %s", environ.get("PATH_INFO"), e
				)
			status, headers, data = answer(environ)
			# with exc_info, as WSGI wants after an error: it replaces any headers set but not yet sent
			start_response(status, headers, sys.exc_info())
			return [data]


def after_request(response, request):
	"""hooks.py after_request: Frappe's own answer to a request whose database connection was lost (a
	500 of a database error), made the 503 above when the database does not answer a ping either."""
	if response is None or response.status_code != 500:
		return
	if frappe.local.response.get("exc_type") not in ("OperationalError", "InterfaceError"):
		return
	try:
		frappe.db.sql("select 1")
		return  # the database answers: a bad query, not an outage; Frappe's answer stands
	except Exception as e:
		if not is_outage(e):
			return
	status, headers, data = answer(request.environ)
	response.status = status
	for name, value in headers:
		response.headers[name] = value
	response.set_data(data)
