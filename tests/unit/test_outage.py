"""Which errors mean the database is gone (account_manager.outage), and who is answered in JSON."""

import pymysql
import pytest

from account_manager.outage import is_outage, wants_json


@pytest.mark.parametrize(
	"error",
	[
		pymysql.err.OperationalError(2003, "Can't connect to MySQL server on '127.0.0.1'"),
		pymysql.err.OperationalError(2006, "MySQL server has gone away"),
		pymysql.err.OperationalError(2013, "Lost connection to MySQL server during query"),
		pymysql.err.OperationalError(1053, "Server shutdown in progress"),
		pymysql.err.OperationalError(4151, "Access denied, this account is locked"),
		pymysql.err.InterfaceError(0, ""),
	],
)
def test_a_lost_or_refused_connection_is_an_outage(error):
	assert is_outage(error)


def test_an_outage_under_another_error_is_an_outage():
	try:
		try:
			raise pymysql.err.OperationalError(2013, "Lost connection to MySQL server during query")
		except pymysql.err.OperationalError as lost:
			raise RuntimeError("the request's rollback failed") from lost
	except RuntimeError as e:
		assert is_outage(e)


@pytest.mark.parametrize(
	"error",
	[
		pymysql.err.OperationalError(1054, "Unknown column 'x' in 'field list'"),
		pymysql.err.OperationalError(1213, "Deadlock found when trying to get lock"),
		pymysql.err.ProgrammingError(1064, "You have an error in your SQL syntax"),
		ValueError("not a database error"),
		None,
	],
)
def test_a_bad_query_or_a_deadlock_is_not_an_outage(error):
	assert not is_outage(error)


def test_the_desk_and_the_api_are_answered_in_json_a_page_in_html():
	assert wants_json("/api/method/x", "application/json", "XMLHttpRequest")
	assert wants_json("/api/resource/Client Card", "", "")  # an API client that says nothing
	assert wants_json("/app/client-card", "application/json, text/javascript", "")
	assert not wants_json("/app/client-card", "text/html,application/xhtml+xml", "")
	assert not wants_json("/api/method/x", "text/html", "")
