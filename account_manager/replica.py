"""Reads that a site's read replica may answer (issue 16), and their fallback to the primary.

Frappe sends a function decorated with `frappe.read_only()` to the replica when the site's config has
`read_from_replica: 1` and `replica_host` (and `replica_db_port`): `frappe.connect_replica` swaps
`frappe.db` for a connection to the replica while the function runs. It opens that connection at the
first query and does not fall back: with the replica down the request fails (the driver's "Can't
connect", a 500), and a replica that has stopped replicating, or lags, is read as it is.

`replica_read` does what `frappe.read_only()` does, but connects to the replica first and reads from the
primary instead when the replica cannot be reached within REPLICA_CONNECT_TIMEOUT seconds or, with
`replica_max_lag` (seconds) in the site config, when it replicates no more or lags further behind than
that (SHOW REPLICA STATUS: the site's database user on the replica needs the SLAVE MONITOR privilege;
without it the lag is unknown and the primary answers). Only for functions that write nothing: on the
replica a write fails. The setup for an admin: docs/replica.md.
"""

import functools
import inspect

import frappe
from frappe.database import get_db
from frappe.desk import query_report
from frappe.desk.doctype.number_card import number_card

from account_manager.compat import replica_credentials

REPLICA_CONNECT_TIMEOUT = 2  # seconds: a replica that does not answer by then is taken for down


def replica_read(fn):
	"""Run `fn` on the site's read replica when one is configured and healthy, else on the primary.

	Within it, `frappe.read_only()` functions (Frappe's report runner, say) stay on the connection chosen
	here: they do not try a replica that has just failed."""

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		local = frappe.local
		if not frappe.conf.read_from_replica or getattr(local, "in_replica_read", False) or frappe_switched():
			return fn(*args, **kwargs)  # no replica, or already inside a read (on the replica or not)
		primary = local.db
		replica = healthy_replica()
		# what frappe.connect_replica sets: while both are there, frappe.read_only() connects nothing
		local.primary_db, local.replica_db = primary, replica or primary
		local.db, local.in_replica_read = replica or primary, True
		if replica and hasattr(local, "_recorder"):
			local._recorder._patch_sql(replica)
		try:
			return fn(*args, **kwargs)
		finally:
			local.db = primary
			del local.primary_db, local.replica_db, local.in_replica_read
			if replica:
				replica.close()

	return wrapper


def whitelisted_read(fn):
	"""@frappe.whitelist() for a method that only reads: it runs on the site's read replica when there is
	a healthy one (replica_read)."""
	return frappe.whitelist()(replica_read(fn))


def frappe_switched() -> bool:
	"""Inside Frappe's own read_only, on the replica (after it, Frappe leaves primary_db behind)."""
	primary = getattr(frappe.local, "primary_db", None)
	return primary is not None and primary is not frappe.local.db


def healthy_replica():
	"""A connection to the site's replica, opened; None (and a line in the log) when it is down or lags."""
	conf = frappe.conf
	user, password = replica_credentials(conf)
	db = get_db(
		host=conf.replica_host,
		port=conf.replica_db_port,
		user=user,
		password=password,
		cur_db_name=conf.db_name,
	)
	settings = db.get_connection_settings
	db.get_connection_settings = lambda: {**settings(), "connect_timeout": REPLICA_CONNECT_TIMEOUT}
	try:
		db.connect()
		lag = replica_lag(db) if conf.replica_max_lag is not None else None
	except Exception as e:
		db.close()
		log(f"replica {conf.replica_host}:{conf.replica_db_port} unreachable, reading from the primary: {e}")
		return None
	if conf.replica_max_lag is not None and (lag is None or lag > float(conf.replica_max_lag)):
		db.close()
		log(
			f"replica {conf.replica_host}:{conf.replica_db_port} "
			+ ("not replicating" if lag is None else f"{lag} s behind")
			+ f" (replica_max_lag {conf.replica_max_lag}), reading from the primary"
		)
		return None
	return db


def replica_lag(db) -> float | None:
	"""Seconds_Behind_Master of the replica; None when it does not replicate (a thread stopped)."""
	status = db.sql("show replica status", as_dict=True)
	if not status or status[0].get("Seconds_Behind_Master") is None:
		return None
	return float(status[0]["Seconds_Behind_Master"])


def log(message: str) -> None:
	frappe.logger("account_manager.replica").error(message)  # Frappe's file loggers keep ERROR and up


def _fallback(method):
	"""A whitelisted Frappe method that only reads, as `replica_read` (without Frappe's own read_only, if it
	has it): the same reads, on the replica, but the primary answers when the replica is down or lags
	(hooks.override_whitelisted_methods)."""
	return frappe.whitelist()(replica_read(inspect.unwrap(method)))


# frappe.desk.query_report.run: every script and query report, the app's included (their `execute` runs
# inside it). Prepared reports are generated by a background job on the primary, as Frappe does.
run_report = _fallback(query_report.run)

# frappe.desk.doctype.number_card.number_card.get_result: a number card of type Document Type (a count
# or sum by frappe.get_list, e.g. Unassigned Clients), which Frappe runs on the primary. It only reads.
number_card_result = _fallback(number_card.get_result)
