"""Where Frappe v15 and v16 differ, and how the app meets both (issue 24). Nothing else in the app asks
which major it runs on.

- A `has_permission` hook that has no objection: v15 reads `None` as "no opinion" and asks the next hook
  (an app's hook for the same DocType, ERPNext's own), while `True` would end the questioning; v16 asks
  every hook and reads `None` as a refusal. `ALLOW` is the answer that lets the document through on both.
- Whether tests run: v15 sets `frappe.flags.in_test`, v16 `frappe.in_test` (its `flags.in_test` is a
  deprecated copy, reset from `frappe.in_test` by every `frappe.init`).
- The database user of a site: v15 connects as the database's name (`db_name`), and to a replica with
  other credentials as `replica_db_name`; v16 has a user of its own, `db_user` (`replica_db_user`),
  that defaults to the database's name.
- The database driver: v15 talks to MariaDB through PyMySQL, v16 through mysqlclient (MySQLdb) unless the
  site sets `use_mysqlclient: 0`; their exception classes differ (a refused connection is
  pymysql.OperationalError on one, MySQLdb.OperationalError on the other).
- Link validation: v15's desk checks a typed link with `frappe.client.validate_link`, which answers from
  the table (the app guards it: overrides/whitelisted.py); v16 removed that method for
  `frappe.client.validate_link_and_fetch`, which looks the name up through `search_widget`, so the
  permission query conditions (the portfolio rule) answer there.
- ERPNext's link query for a customer's primary contact: v15 `get_customer_primary_contact`; v16 merged it
  with the address one into `get_customer_primary` (filters {"customer", "type": "Contact"}; v15's
  ignores "type").
"""

import frappe

FRAPPE_MAJOR = int(frappe.__version__.split(".")[0])

# what a has_permission hook returns when it does not object (v15: no opinion; v16: allowed)
ALLOW = True if FRAPPE_MAJOR >= 16 else None


def in_test() -> bool:
	return bool(getattr(frappe, "in_test", False) or frappe.flags.in_test)


def set_in_test(enable: bool = True):
	"""Mark this process as running tests, the way its major reads it (v16's toggle_test_mode sets both)."""
	if FRAPPE_MAJOR >= 16:
		frappe.in_test = enable
	frappe.flags.in_test = enable


def replica_credentials(conf) -> tuple[str, str]:
	"""The user and password Frappe itself connects to the site's read replica with
	(frappe.connect_replica of each major)."""
	if conf.different_credentials_for_replica:
		if FRAPPE_MAJOR >= 16:
			return conf.replica_db_user or conf.replica_db_name, conf.replica_db_password
		return conf.replica_db_name, conf.replica_db_password
	return (conf.db_user or conf.db_name if FRAPPE_MAJOR >= 16 else conf.db_name), conf.db_password


def db_driver():
	"""The module of the driver the site's connections use; its OperationalError, IntegrityError, ... are
	the exceptions a failed connection or statement raises (frappe.database.get_db of each major)."""
	if FRAPPE_MAJOR >= 16 and frappe.conf.get("use_mysqlclient", 1):
		import MySQLdb

		return MySQLdb
	import pymysql

	return pymysql


# the method the desk of this major calls to check a typed link ({"name": ...} when the user may link it)
VALIDATE_LINK = (
	"frappe.client.validate_link_and_fetch" if FRAPPE_MAJOR >= 16 else "frappe.client.validate_link"
)


def frappe_validate_link(doctype: str, docname: str, fields=None):
	"""Frappe's own answer to a link check, v15's `validate_link(doctype, docname, fields)` on either major."""
	if FRAPPE_MAJOR >= 16:
		from frappe.client import validate_link_and_fetch

		return frappe._dict(
			validate_link_and_fetch(doctype, docname, fields_to_fetch=fields) or {"name": None}
		)
	from frappe.client import validate_link

	return validate_link(doctype, docname, fields)


CUSTOMER_PRIMARY_CONTACT_QUERY = "erpnext.selling.doctype.customer.customer." + (
	"get_customer_primary" if FRAPPE_MAJOR >= 16 else "get_customer_primary_contact"
)
