"""Exactly once under parallel calls (issue 26): an action that changes state, called at the same moment
by a double click, a client's retry after a timeout or two users, takes effect once, and every other caller
is told so.

- `lock(doc)`: the action first locks the document's row and reads it as committed: a parallel call waits
  there for the first to commit, then sees its effect (the status it set, the record it made) instead of
  the state it loaded before.
- `done_already(...)`: the answer to such a repeat: the action was done already, by whom and when.
- `@exactly_once`: a deadlock or a lock wait timeout (MariaDB ended the transaction, or the statement) is
  retried once from the start when that is safe (the action writes only to the database: an e-mail is
  only queued in it), else answered with a clear message; never a savepoint error or a traceback.
  `@frappe.whitelist()` goes above it.
"""

import functools
import hashlib

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_to_date, format_datetime, get_fullname, now_datetime

RETRYABLE = (frappe.QueryDeadlockError, frappe.QueryTimeoutError)


class TryAgainError(frappe.ValidationError):
	"""A deadlock or lock wait that could not be retried: nothing of the action was saved."""


class StaleSnapshot(Exception):
	"""The action's document was changed by a parallel call after this transaction's snapshot was taken."""


RESTARTS = 8  # parallel calls that may each change the document once before this one gets its turn


def lock(doc):
	"""Lock the document's row (and its child rows) for this transaction; when a parallel call changed it
	since it was loaded, reload it as committed (a locking read sees what parallel calls committed, which
	this transaction's snapshot does not). A current copy is kept as it is (a form's, posted with the call).

	When a parallel call changed the document after this transaction's snapshot was taken, the plain
	reads that follow (a link's validation, a count) would not see what it made either: within an
	@exactly_once action (which locks before it changes anything) the action starts again in a fresh
	transaction, whose snapshot sees it."""
	loaded = doc.get("modified")
	current = frappe.db.get_value(doc.doctype, doc.name, "modified", for_update=True)
	if str(current) == str(loaded):
		# as committed: the document the caller holds (the form's, posted with the call, or as loaded) stays
		for df in doc.meta.get_table_fields():
			frappe.db.sql(
				f"select name from `tab{df.options}` where parent = %s and parenttype = %s for update",
				(doc.name, doc.doctype),
			)
		return doc
	if frappe.flags.in_exactly_once:
		raise StaleSnapshot  # exactly_once starts the action again, in a fresh transaction
	locking_reload(doc)
	return doc


def locking_reload(doc) -> None:
	doc.flags.for_update = True
	try:
		doc.reload()
	finally:
		doc.flags.for_update = False


def lock_row(doctype: str, name: str) -> None:
	"""Lock one row for this transaction: parallel calls acting on it wait here for each other."""
	frappe.db.get_value(doctype, name, "name", for_update=True)


def hold_lock(name: str, timeout: int = 30) -> None:
	"""A named MariaDB lock held until this transaction ends (commit or rollback): parallel requests for
	the same name (a request key, a job) wait here in turn, and the next one sees what the first one
	committed. For what has no row to lock yet."""
	key = hashlib.sha1(f"{frappe.local.site}:{name}".encode()).hexdigest()  # a lock name has 64 characters
	if frappe.db.sql("select get_lock(%s, %s)", (key, timeout))[0][0] != 1:
		frappe.throw(
			_("Someone was doing the same at the same moment: try again."),
			title=_("Try Again"),
			exc=TryAgainError,
		)

	def release():
		frappe.db.sql("select release_lock(%s)", key)

	frappe.db.after_commit.add(release)
	frappe.db.after_rollback.add(release)


def done_already(what: str, user: str | None, when) -> None:
	"""Tell the caller that the action was done already (by a parallel or an earlier call): `what` is a
	translated sentence, e.g. _("Offer {0} was sent").format(...)."""
	frappe.msgprint(
		_("{0} already, by {1} on {2}.").format(
			what, frappe.bold(get_fullname(user) if user else _("someone")), format_datetime(when)
		),
		title=_("Done Already"),
		indicator="blue",
	)


def exactly_once(fn=None, *, retry: bool = True):
	"""An action run once more from the start after a deadlock or a lock wait timeout, when `retry` (all it
	does is written in the database); otherwise, or when it happens again, the caller is asked to try again,
	nothing of it having been saved. Only the outermost such action handles it (an action calling another
	one, as sending an offer raises its goods request, is retried whole)."""
	if fn is None:
		return functools.partial(exactly_once, retry=retry)

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		if frappe.flags.in_exactly_once:
			return fn(*args, **kwargs)
		frappe.flags.in_exactly_once = True
		try:
			failures = restarts = 0
			while True:
				messages = len(frappe.local.message_log or [])
				try:
					return fn(*args, **kwargs)
				except (*RETRYABLE, StaleSnapshot) as e:
					# MariaDB rolled the transaction back on a deadlock (its savepoints with it); a lock wait
					# timeout ended the statement; a stale snapshot was found before anything was changed:
					# start again from a clean transaction
					frappe.db.rollback()
					del frappe.local.message_log[messages:]
					if isinstance(e, StaleSnapshot):
						restarts += 1
						if restarts > RESTARTS:
							break
					else:
						failures += 1
						if not retry or failures == 2:
							break
					doc = args[0] if args and isinstance(args[0], Document) else None
					if doc and not doc.is_new():
						doc.reload()
		finally:
			frappe.flags.in_exactly_once = False
		frappe.throw(
			_("Someone was changing the same records at the same moment, and nothing was saved: try again."),
			title=_("Try Again"),
			exc=TryAgainError,
		)

	return wrapper


REPEAT_SECONDS = 120


def recent_email(doctype: str, name: str, recipients: str | None = None, seconds: int = REPEAT_SECONDS):
	"""The e-mail of the document queued to the same recipients in the last two minutes ({name, owner,
	creation}), else None: sending it again now is a repeat (a double click, a retry after a timeout), not
	a new e-mail. A locking read: it sees the e-mail a parallel call committed."""
	comm = frappe.qb.DocType("Communication")
	rows = (
		frappe.qb.from_(comm)
		.select(comm.name, comm.owner, comm.creation, comm.recipients)
		.where(
			(comm.reference_doctype == doctype)
			& (comm.reference_name == name)
			& (comm.communication_type == "Communication")
			& (comm.sent_or_received == "Sent")
			& (comm.creation >= add_to_date(now_datetime(), seconds=-seconds))
		)
		.orderby(comm.creation, order=frappe.qb.desc)
		.for_update()
		.run(as_dict=True)
	)
	wanted = addresses(recipients)
	return next((row for row in rows if not wanted or addresses(row.recipients) == wanted), None)


def addresses(recipients: str | None) -> set[str]:
	return {part.strip().lower() for part in (recipients or "").replace(";", ",").split(",") if part.strip()}


# -- request keys: a creating method called again with the key it was called with makes nothing new -----


def made_with_key(doctype: str, request_key: str | None, for_update: bool = False) -> str | None:
	"""The record the caller made with this request key (a key the client makes once per record it asks
	for, e.g. a UUID), else None; a key another user used is refused."""
	if not request_key:
		return None
	made = frappe.db.get_value(
		doctype, {"request_key": request_key}, ["name", "owner"], as_dict=True, for_update=for_update
	)
	if not made:
		return None
	if made.owner != frappe.session.user:
		frappe.throw(
			_("This request key was used for another record: make a new key for each request."),
			title=_("Request Key Used"),
		)
	return made.name


def insert_with_key(doc, request_key: str | None) -> str:
	"""Insert the document carrying the request key (a unique field): a repeat (a retry after a timeout, a
	double click) answers with the record the first call made. A parallel repeat waits on the first one's
	uncommitted key and then fails on it; a duplicate key leaves the transaction alive, so the savepoint
	holds, and a locking read then sees the first one's record."""
	if request_key:
		hold_lock(f"request_key:{doc.doctype}:{request_key}")
	made = made_with_key(doc.doctype, request_key)
	if made:
		return made
	doc.request_key = request_key or None
	savepoint = "insert_with_key"
	frappe.db.savepoint(savepoint)
	try:
		doc.insert()
	except frappe.UniqueValidationError:
		frappe.db.rollback(save_point=savepoint)
		frappe.clear_last_message()  # the duplicate key's message: not the caller's news
		made = made_with_key(doc.doctype, request_key, for_update=True)
		if not made:
			raise
		return made
	return doc.name


def recent_change(doctype: str, name: str, fieldnames, seconds: int = REPEAT_SECONDS):
	"""The latest change of one of the document's fields in the last two minutes, from its timeline (a
	Version: {owner, creation}), else None: what a parallel or just-repeated call did, for a caller that
	finds nothing left to do."""
	rows = frappe.get_all(
		"Version",
		filters={
			"ref_doctype": doctype,
			"docname": name,
			"creation": (">=", add_to_date(now_datetime(), seconds=-seconds)),
		},
		fields=["owner", "creation", "data"],
		order_by="creation desc",
	)
	return next((row for row in rows if any(f'"{field}"' in (row.data or "") for field in fieldnames)), None)


def assigned_already(doctype: str, name: str, users) -> dict | None:
	"""The latest open assignment of the document ({owner, creation}) when every one of the users holds
	one already, else None. A locking read: it sees the ToDos a parallel call committed (Frappe records an
	assignment on the document without changing its `modified`)."""
	todos = frappe.db.sql(
		"""select allocated_to, owner, creation from `tabToDo`
		where reference_type = %s and reference_name = %s and status = 'Open'
		order by creation desc for update""",
		(doctype, name),
		as_dict=True,
	)
	return todos[0] if todos and set(users) <= {todo.allocated_to for todo in todos} else None
