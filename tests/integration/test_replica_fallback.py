"""Reads for a read replica (issue 16), without a replica: `replica_read` switches `frappe.db` to a second
connection and back, and reads from the primary when the replica is down or does not replicate, where
Frappe's own `frappe.read_only()` fails. The proof on a real replica: tests/system/test_replica.py."""

import socket
from unittest.mock import patch

import pytest

import frappe
from frappe.desk import query_report

from account_manager import desk, replica, reports_rule
from account_manager.compat import FRAPPE_MAJOR, db_driver, replica_credentials
from account_manager.utils import default_company


@pytest.fixture(autouse=True)
def no_replica():
	"""The site as CI has it, whatever its config says: no replica until a test points it at one."""
	with patch.dict(frappe.local.conf, {"read_from_replica": 0, "replica_max_lag": None}):
		yield


def connection_id() -> int:
	return frappe.db.sql("select connection_id()")[0][0]


@replica.replica_read
def read_connection_id() -> int:
	return connection_id()


def closed_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]  # nothing listens there once the socket is closed


def replica_conf(**conf):
	"""The site pointed at a "replica": by default the primary's own server, over a second connection."""
	host = frappe.db.host if frappe.db.host and not frappe.db.socket else "127.0.0.1"
	return patch.dict(
		frappe.local.conf,
		{"read_from_replica": 1, "replica_host": host, "replica_db_port": frappe.db.port or 3306, **conf},
	)


def test_without_a_replica_the_read_runs_on_the_primary_connection():
	assert read_connection_id() == connection_id()


def test_a_read_runs_on_the_replica_connection_and_comes_back():
	primary = frappe.db
	with replica_conf():
		assert read_connection_id() != connection_id()
	assert frappe.db is primary
	assert not any(hasattr(frappe.local, a) for a in ("primary_db", "replica_db", "in_replica_read"))


def test_a_replica_that_is_down_leaves_the_reads_on_the_primary():
	company = default_company()
	filters = {"company": company, "only_with_debt": 0}
	expected_card = desk.overdue_receivables()
	expected_report = query_report.run("Client Receivables", filters=dict(filters))["result"]
	with replica_conf(replica_db_port=closed_port()):
		assert read_connection_id() == connection_id()
		assert desk.overdue_receivables() == expected_card
		# the app's report runner (hooks: override_whitelisted_methods; the report rule, then
		# replica.run_report) falls back; Frappe's own fails
		run = frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.query_report.run"))
		assert run is reports_rule.run
		assert run(report_name="Client Receivables", filters=dict(filters))["result"] == expected_report
		try:
			with pytest.raises(db_driver().OperationalError):
				query_report.run("Client Receivables", filters=dict(filters))
		finally:  # what Frappe's failed switch leaves behind (a request ends with frappe.local cleared)
			for attribute in ("primary_db", "replica_db"):
				if hasattr(frappe.local, attribute):
					delattr(frappe.local, attribute)
		assert read_connection_id() == connection_id()  # and the app's reads fall back all the same


def test_a_server_that_does_not_replicate_is_not_read_with_a_lag_limit():
	# the primary's own server has no replica status (or the site's user may not read it): lag unknown
	with replica_conf(replica_max_lag=30):
		assert read_connection_id() == connection_id()


def test_inside_a_read_frappe_read_only_stays_on_the_chosen_connection():
	"""With the replica down, Frappe's read_only functions within (the report runner's
	generate_report_result) do not try it again."""
	with replica_conf(replica_db_port=closed_port()):
		nested = replica.replica_read(frappe.read_only()(connection_id))
		assert nested() == connection_id()


def test_number_cards_of_type_document_type_go_through_the_app():
	method = frappe.override_whitelisted_method("frappe.desk.doctype.number_card.number_card.get_result")
	assert frappe.get_attr(method) is replica.number_card_result
	from account_manager.tests.utils import make_customer

	make_customer()  # a customer nobody holds: its card is in the Sales Head's pool
	unassigned = frappe.db.count("Client Card", {"account_manager": ("is", "not set")})
	assert unassigned >= 1
	card = frappe.get_doc("Number Card", "Unassigned Clients").as_dict()
	with replica_conf(replica_db_port=closed_port()):
		assert replica.number_card_result(doc=card, filters=card.filters_json) == unassigned


def test_who_may_see_what_is_read_from_the_primary_inside_a_replica_read():
	"""A delegation the replica has not received yet (here: not committed, so a second connection cannot
	see it) already lends the portfolio: the permission-deciding read goes to the primary."""
	from frappe.utils import add_days, nowdate

	from account_manager.permissions import visible_owners
	from account_manager.tests.utils import make_user

	owner, deputy = make_user(), make_user()
	frappe.get_doc(
		{
			"doctype": "Portfolio Delegation",
			"from_user": owner,
			"to_user": deputy,
			"from_date": nowdate(),
			"to_date": add_days(nowdate(), 3),
			"reason": "Leave",
		}
	).insert()
	with replica_conf():
		assert read_connection_id() != connection_id()  # the read below runs on another connection
		assert owner in replica.replica_read(visible_owners)(deputy)
	assert owner in visible_owners(deputy)


def test_the_replica_is_read_as_the_user_frappe_itself_connects_with():
	"""v15 connects as the database's name, v16 as its db_user (replica_db_user with other credentials)."""
	conf = frappe._dict(db_name="_site", db_user="site_user", db_password="p")
	other = frappe._dict(conf, different_credentials_for_replica=1, replica_db_password="r")
	if FRAPPE_MAJOR >= 16:
		assert replica_credentials(conf) == ("site_user", "p")
		assert replica_credentials(frappe._dict(conf, db_user=None)) == ("_site", "p")
		assert replica_credentials(frappe._dict(other, replica_db_user="ro")) == ("ro", "r")
	else:
		assert replica_credentials(conf) == ("_site", "p")
	assert replica_credentials(frappe._dict(other, replica_db_name="_ro")) == ("_ro", "r")
