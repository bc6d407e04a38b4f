"""Frappe's and ERPNext's whitelisted methods that answer without asking the portfolio rule, taken over
(CB14). Each one here reads client data with SQL of its own or with no permission check:

- `frappe.client.get_count` (v15 counts rows with no permission at all; v16 already counts what the user
  may list, as this does) and `frappe.client.validate_link` (tells whether a record exists);
- `frappe.desk.search.search_link` / `search_widget`, whose custom queries (ERPNext's link queries) take
  filters and read with SQL of their own: a filter naming another manager's client is refused, and the
  rows a custom query returns pass the rule of the DocType searched;
- ERPNext's receivable helpers (PARTY_METHODS), which take a party or a document of one and answer its
  balance, open invoices and due dates.

Every one answers a user the rule does not bind exactly as Frappe or ERPNext would.
"""

import json

import frappe
from frappe import _
from frappe.desk import search

from account_manager.compat import frappe_validate_link
from account_manager.overrides.party_methods import PARTY_METHODS, guarded_name
from account_manager.permissions import (
	CARD,
	OWNER_FIELD,
	PARTY_TYPES,
	may_link,
	not_permitted,
	registry,
	rules_for,
	widened,
)

# argument names that carry (DocType, name) pairs, and those that carry a client of a known kind
TYPED_ARGUMENTS = (
	("party_type", "party"),
	("ptype", "pty"),
	("reference_doctype", "reference_name"),
	("dt", "dn"),
	("doctype", "docname"),
)
NAMED_ARGUMENTS = {"customer": "Customer", "lead": "Lead", "prospect": "Prospect", "client_card": CARD}


def named_records(arguments: dict) -> list[tuple[str, str]]:
	"""The (DocType, name) pairs of the set that a method's arguments name (an `args` dict included)."""
	named = []
	for type_key, name_key in TYPED_ARGUMENTS:
		doctype, name = arguments.get(type_key), arguments.get(name_key)
		if isinstance(doctype, str) and isinstance(name, str) and name:
			named.append((doctype, name))
	for key, doctype in NAMED_ARGUMENTS.items():
		if isinstance(arguments.get(key), str) and arguments[key]:
			named.append((doctype, arguments[key]))
	nested = arguments.get("args")
	if isinstance(nested, str) and nested.strip().startswith("{"):
		nested = json.loads(nested)
	if isinstance(nested, dict):
		named += named_records(nested)
	return named


def check_arguments(arguments: dict) -> None:
	"""Refuse a call that names a client outside the user's portfolios (or a record of one); one and the
	same answer for "not there" and "not yours"."""
	user = frappe.session.user
	rules = rules_for(user)
	if rules is None:
		return
	reg = registry()
	for doctype, name in named_records(arguments):
		if not reg.ruled(doctype) or widened(user, doctype):
			continue
		if not frappe.db.exists(doctype, name) or not may_link(doctype, name, user, rules):
			not_permitted()


def guarded(method: str):
	"""The ERPNext method, called only when its arguments name no client outside the user's portfolios."""

	def call(*args, **kwargs):
		check_arguments(kwargs)
		return frappe.call(method, *args, **kwargs)

	call.__name__ = method.rsplit(".", 1)[-1]
	return frappe.whitelist()(call)


# the module attributes hooks.py names, one per method of PARTY_METHODS
for _method in PARTY_METHODS:
	globals()[guarded_name(_method)] = guarded(_method)


# -- Frappe's reads without a permission check ----------------------------------------------------------


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""frappe.client.get_count: the rows the user may list (as Frappe v16 counts them), not every row."""
	from frappe.desk.reportview import get_count as list_count

	saved = frappe.local.form_dict
	frappe.local.form_dict = frappe._dict(doctype=doctype, filters=filters, debug=debug)
	try:
		return list_count()
	finally:
		frappe.local.form_dict = saved


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""frappe.client.validate_link: a record of the set the user may not see is answered as one that does
	not exist."""
	rules = rules_for(frappe.session.user)
	if (
		rules is not None
		and isinstance(doctype, str)
		and isinstance(docname, str)
		and registry().ruled(doctype)
		and not widened(frappe.session.user, doctype)
		and frappe.db.exists(doctype, docname)
		and not may_link(doctype, docname, frappe.session.user, rules)
	):
		return frappe._dict(name=None)
	return frappe_validate_link(doctype, docname, fields)


# -- link searches -------------------------------------------------------------------------------------


def filter_values(filters) -> list:
	if isinstance(filters, str):
		filters = json.loads(filters) if filters.strip()[:1] in "[{" else {}
	values = []
	if isinstance(filters, dict):
		for value in filters.values():
			values += value[1:] if isinstance(value, list | tuple) else [value]
	elif isinstance(filters, list | tuple):
		for condition in filters:
			if isinstance(condition, list | tuple) and condition:
				values.append(condition[-1])
	flat = []
	for value in values:
		flat += list(value) if isinstance(value, list | tuple) else [value]
	return [v for v in flat if isinstance(v, str) and v]


def check_filters(filters) -> None:
	"""A search filtered by another manager's client (a customer's contacts, say) is refused."""
	user = frappe.session.user
	rules = rules_for(user)
	if rules is None:
		return
	for value in filter_values(filters):
		for doctype in (*PARTY_TYPES, CARD):
			if widened(user, doctype):
				continue
			if frappe.db.exists(doctype, value) and not may_link(doctype, value, user, rules):
				not_permitted()


def visible_names(doctype: str, names: list[str]) -> set[str]:
	rules = rules_for(frappe.session.user)
	condition = rules.condition(doctype) if rules and registry().ruled(doctype) else ""
	if not condition or not names:
		return set(names)
	return {
		name
		for (name,) in frappe.db.sql(
			f"select `name` from `tab{doctype}` where `name` in %(names)s and {condition}", {"names": names}
		)
	}


def _row_name(row):
	if isinstance(row, dict):
		return row.get("value", row.get("name"))
	return row[0] if isinstance(row, list | tuple) and row else row


@frappe.whitelist()
def search_link(doctype: str, txt: str, query: str | None = None, filters=None, **kwargs):
	check_filters(filters)
	results = frappe.call(search.search_link, doctype, txt, query=query, filters=filters, **kwargs)
	names = visible_names(doctype, [_row_name(r) for r in results])
	return [r for r in results if _row_name(r) in names]


@frappe.whitelist()
def search_widget(doctype: str, txt: str, query: str | None = None, filters=None, **kwargs):
	check_filters(filters)
	results = frappe.call(search.search_widget, doctype, txt, query=query, filters=filters, **kwargs)
	names = visible_names(doctype, [_row_name(r) for r in results or []])
	return [r for r in results or [] if _row_name(r) in names]


# -- a document method acts on the document as stored ---------------------------------------------------


def check_posted_document(docs) -> None:
	"""A document posted with a method call (Frappe's run_doc_method) is the form's state: a record of the
	set whose owner or client in it differs from the stored one is refused, so a method never reads another
	manager's name or client from the request."""
	posted = frappe.parse_json(docs) if docs else None
	if not isinstance(posted, dict) or not posted.get("doctype") or not posted.get("name"):
		return
	doctype, name = posted["doctype"], posted["name"]
	member = registry().ruled(doctype)
	if not member or rules_for(frappe.session.user) is None or not frappe.db.exists(doctype, name):
		return
	fields = [OWNER_FIELD, *(f for f, _t in member.links)]
	fields += [f for pair in member.dynamic for f in pair[:2]]
	meta = frappe.get_meta(doctype)
	fields = [f for f in dict.fromkeys(fields) if meta.has_field(f)]
	stored = frappe.db.get_value(doctype, name, fields, as_dict=True) or {}
	changed = [f for f in fields if (posted.get(f) or None) != (stored.get(f) or None)]
	if changed:
		not_permitted(
			_("{0} acts on the document as saved: save {1} first, or reload it.").format(
				_(doctype), ", ".join(frappe.bold(_(meta.get_label(f))) for f in changed)
			)
		)


@frappe.whitelist()
def run_doc_method(method, docs=None, dt=None, dn=None, arg=None, args=None):
	"""Frappe's run_doc_method, refusing a posted document whose owner or client differs from the stored."""
	from frappe.handler import run_doc_method as frappe_run_doc_method

	check_posted_document(docs)
	return frappe_run_doc_method(method, docs=docs, dt=dt, dn=dn, arg=arg, args=args)


# -- sharing -------------------------------------------------------------------------------------------


@frappe.whitelist()
def share_add(doctype, name, user=None, read=1, write=0, submit=0, share=0, everyone=0, notify=0):
	"""frappe.share.add: a record of a client is not shared by a manager the portfolio rule binds — a
	Portfolio Delegation from the Sales Head lends a portfolio, for a set time."""
	from frappe.share import add

	if registry().ruled(doctype) and rules_for(frappe.session.user) is not None:
		not_permitted(
			_(
				"Records of clients are not shared: the Sales Head lends a portfolio with a Portfolio Delegation."
			)
		)
	return add(doctype, name, user, read, write, submit, share, everyone, notify)
