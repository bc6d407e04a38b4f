"""A Client Card for every client (CB1, CB17), and the Sales Head dealing out the portfolios.

- For what exists: on install, from the Sales Head's *Create Missing Cards* (a background job) and from
  `bench --site <site> account-manager-create-cards`, every Customer without a card gets one (with
  `include_potential`, every open Lead and Prospect too). Its owner is the Customer's account manager,
  else the user of the first Sales Person of its Sales Team who is an Account Manager, else nobody: the
  Sales Head's unassigned pool. Cards are written in batches of BATCH rows straight into the table
  (names reserved from the series in one step), so 10,000 customers take seconds; the unique key on
  the party makes a second run, or two runs at once, add nothing.
- For what comes: a Customer, Lead or Prospect created anywhere (a form, a conversion, Data Import, the
  API) gets its card in the same transaction; a customer converted from a lead or prospect takes that
  party's card, with its history.
- Dealing out: the Sales Head gives selected cards to a manager in one action; each card is saved, so the
  client's open work moves with it (ownership.move_client) and the change is on its timeline.
"""

import frappe
from frappe import _
from frappe.utils import cint, get_fullname, now_datetime
from frappe.utils.background_jobs import create_job_id, is_job_enqueued

from account_manager import ownership
from account_manager.concurrency import done_already, exactly_once, hold_lock, lock
from account_manager.permissions import PORTFOLIO_ROLE, is_bound
from account_manager.utils import default_company, users_with_roles

BATCH = 500
SERIES = "CC-"  # the naming series of Client Card, "CC-.#####"
PARTY_NAME = {"Customer": "customer_name", "Lead": "company_name", "Prospect": "company_name"}
SETTINGS = "Account Manager Settings"


def account_managers() -> set[str]:
	return set(users_with_roles([PORTFOLIO_ROLE]))


def sales_team_owners(customers: list[str], managers: set[str]) -> dict[str, str]:
	"""{customer: the user of the first Sales Person of its Sales Team who is an Account Manager}."""
	if not customers:
		return {}
	team = frappe.qb.DocType("Sales Team")
	person = frappe.qb.DocType("Sales Person")
	employee = frappe.qb.DocType("Employee")
	rows = (
		frappe.qb.from_(team)
		.join(person)
		.on(person.name == team.sales_person)
		.join(employee)
		.on(employee.name == person.employee)
		.select(team.parent, employee.user_id)
		.where((team.parenttype == "Customer") & team.parent.isin(customers) & employee.user_id.isnotnull())
		.orderby(team.parent)
		.orderby(team.idx)
		.run()
	)
	owners = {}
	for customer, user in rows:
		if user in managers:
			owners.setdefault(customer, user)
	return owners


def missing_parties(party_type: str) -> list[dict]:
	"""Parties of the type without a card: customers not disabled, leads and prospects still open."""
	party = frappe.qb.DocType(party_type)
	card = frappe.qb.DocType("Client Card")
	name_field = PARTY_NAME[party_type]
	fields = [party.name, party[name_field].as_("party_name")]
	if party_type == "Customer":
		fields.append(party.account_manager)
	query = (
		frappe.qb.from_(party)
		.left_join(card)
		.on((card.party_type == party_type) & (card.party == party.name))
		.select(*fields)
		.where(card.name.isnull())
		.orderby(party.name)
	)
	if party_type == "Customer":
		query = query.where(party.disabled == 0)
	elif party_type == "Lead":
		query = query.where(party.status.notin(["Converted", "Do Not Contact"]))
	rows = query.run(as_dict=True)
	if party_type == "Lead":
		for row in rows:
			if not row.party_name:
				row.party_name = frappe.db.get_value("Lead", row.name, "lead_name")
	return rows


@frappe.whitelist(methods=["POST"])
def enqueue_missing_cards(include_potential: int = 0) -> str:
	"""The Sales Head's *Create Missing Cards*: a background job on the long queue."""
	if not ownership.may_assign_owners():
		ownership.refuse(_("Only the Sales Head can create the cards of all clients."))
	# one request at a time: a parallel one (a double click, the other Sales Head) finds the job queued
	hold_lock(CARDS_JOB)
	if is_job_enqueued(CARDS_JOB):
		frappe.msgprint(
			_("The cards of all clients are being created already: the job is queued or running."),
			title=_("Done Already"),
			indicator="blue",
		)
		return create_job_id(CARDS_JOB)
	job = frappe.enqueue(
		"account_manager.cards.create_missing_cards",
		queue="long",
		timeout=1500,
		include_potential=cint(include_potential),
		job_id=CARDS_JOB,
		deduplicate=True,
	)
	return job.id if job else create_job_id(CARDS_JOB)


CARDS_JOB = "account_manager:create_missing_cards"


def create_missing_cards(include_potential: int = 0, publish: bool = True) -> dict[str, int]:
	"""A card for every Customer (with include_potential: every open Lead and Prospect) that has none.
	Returns {party type: cards made}. Running it again makes nothing."""
	company = default_company()
	managers = account_managers()
	made = {}
	for party_type in ("Customer", "Lead", "Prospect") if cint(include_potential) else ("Customer",):
		rows = missing_parties(party_type)
		owners = {}
		if party_type == "Customer":
			team = sales_team_owners([r.name for r in rows if not r.account_manager], managers)
			owners = {
				r.name: r.account_manager if r.account_manager in managers else team.get(r.name) for r in rows
			}
		made[party_type] = 0
		for start in range(0, len(rows), BATCH):
			batch = rows[start : start + BATCH]
			made[party_type] += insert_cards(party_type, batch, owners, company)
			if publish:
				frappe.publish_progress(
					100 * min(start + BATCH, len(rows)) / len(rows),
					title=_("Creating client cards"),
					description=_("{0}: {1} of {2}").format(
						_(party_type), min(start + BATCH, len(rows)), len(rows)
					),
				)
	return made


def reserve_names(count: int) -> list[str]:
	"""`count` names of the Client Card series, reserved in one step (as make_autoname would, one by one)."""
	series = frappe.qb.DocType("Series")
	current = frappe.db.sql("select `current` from `tabSeries` where `name` = %s for update", SERIES)
	if not current:
		frappe.qb.into(series).columns(series.name, series.current).insert(SERIES, 0).run()
		start = 0
	else:
		start = cint(current[0][0])
	frappe.qb.update(series).set(series.current, start + count).where(series.name == SERIES).run()
	return [f"{SERIES}{number:05d}" for number in range(start + 1, start + count + 1)]


def insert_cards(
	party_type: str, rows: list[dict], owners: dict[str, str | None], company: str | None
) -> int:
	if not rows:
		return 0
	now, user = now_datetime(), frappe.session.user
	names = reserve_names(len(rows))
	fields = [
		"name",
		"naming_series",
		"party_type",
		"party",
		"party_name",
		"account_manager",
		"company",
		"owner",
		"modified_by",
		"creation",
		"modified",
		"docstatus",
		"idx",
	]
	values = [
		(
			name,
			"CC-.#####",
			party_type,
			row.name,
			row.party_name or row.name,
			owners.get(row.name),
			company,
			*(user, user, now, now, 0, 0),
		)
		for name, row in zip(names, rows, strict=True)
	]
	before = frappe.db.count("Client Card", {"party_type": party_type})
	frappe.db.bulk_insert("Client Card", fields, values, ignore_duplicates=True)
	return frappe.db.count("Client Card", {"party_type": party_type}) - before


# -- cards for what comes ------------------------------------------------------------------------------


def card_for_new_party(doc, method=None):
	"""after_insert of Customer, Lead and Prospect: the new party's card, in the same transaction. A
	customer converted from a lead or prospect takes that party's card; a manager's new party is theirs."""
	if doc.flags.get("client_card") or frappe.db.exists(
		"Client Card", {"party_type": doc.doctype, "party": doc.name}
	):
		return
	if doc.doctype == "Customer":
		for party_type, field in (("Lead", "lead_name"), ("Prospect", "prospect_name")):
			source = doc.get(field) and frappe.db.get_value(
				"Client Card", {"party_type": party_type, "party": doc.get(field)}
			)
			if source:
				move_card_to_customer(source, doc)
				return
	owner = new_party_owner(doc)
	card = frappe.get_doc(
		{
			"doctype": "Client Card",
			"party_type": doc.doctype,
			"party": doc.name,
			"account_manager": owner,
			"company": doc.get("company") or default_company(),
		}
	)
	card.flags.ignore_permissions = True  # the party's creator may create it; its owner is decided here
	card.insert()


def new_party_owner(doc) -> str | None:
	if doc.doctype == "Customer":
		managers = account_managers()
		if doc.get("account_manager") in managers:
			return doc.account_manager
		team = sales_team_owners([doc.name], managers) if doc.get("sales_team") else {}
		if team.get(doc.name):
			return team[doc.name]
	return frappe.session.user if is_bound() else None


def move_card_to_customer(card_name: str, customer) -> None:
	"""The lead's or prospect's card becomes the customer's: calls, offers and notes stay on it."""
	card = frappe.get_doc("Client Card", card_name)
	card.party_type, card.party = "Customer", customer.name
	if not customer.get("account_manager") and card.account_manager:
		# part of making the customer (its after_insert, same transaction): a Version is not written for
		# an insert either; the card's save below records the change of party on the card
		frappe.db.set_value("Customer", customer.name, "account_manager", card.account_manager)
	card.flags.ignore_permissions = True
	card.save()


# -- dealing out the portfolios ------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
@exactly_once
def assign_cards(cards: str | list, account_manager: str) -> list[str]:
	"""The Sales Head gives the selected cards to a manager: each card is saved, so the client's open work
	follows (ownership.move_client) and the change is audited. Returns the cards that changed."""
	if not ownership.may_assign_owners():
		ownership.refuse(_("Only the Sales Head can deal out clients."))
	check_account_manager(account_manager)
	cards = frappe.parse_json(cards) if isinstance(cards, str) else cards
	changed = []
	for i, name in enumerate(cards or []):
		# locked and read as committed: a parallel assignment waits here, then finds the card given
		card = lock(frappe.get_doc("Client Card", name))
		if card.account_manager != account_manager:
			card.account_manager = account_manager
			card.save()
			changed.append(card.name)
		frappe.publish_progress(100 * (i + 1) / len(cards), title=_("Assigning clients"))
	if cards and not changed:
		done_already(
			_("The clients were given to {0}").format(get_fullname(account_manager)),
			card.modified_by,
			card.modified,
		)
	return changed


def check_account_manager(user: str | None) -> None:
	"""A client's owner is an enabled user with the Account Manager role."""
	if user and user not in account_managers():
		frappe.throw(
			_("{0} is not an Account Manager: give the user that role first.").format(frappe.bold(user)),
			title=_("Not an Account Manager"),
		)


# -- a party deleted -----------------------------------------------------------------------------------


def delete_card_with_party(doc, method=None):
	"""on_trash of Customer, Lead and Prospect: ERPNext deletes a party made by mistake as it would without
	the app. Its card goes with it when it holds nothing of its own (the app made it, nobody worked on
	it); a card with history refuses the deletion, naming what it holds (the client's calls, offers, ...
	are not lost with a click)."""
	card = frappe.db.get_value("Client Card", {"party_type": doc.doctype, "party": doc.name})
	if not card:
		return
	held = card_history(card)
	if held:
		frappe.throw(
			_("{0} {1} cannot be deleted: its Client Card {2} holds {3}. Disable it instead.").format(
				_(doc.doctype), frappe.bold(doc.name), frappe.bold(card), ", ".join(held)
			),
			title=_("Client With History"),
			exc=frappe.LinkExistsError,
		)
	frappe.delete_doc("Client Card", card, ignore_permissions=True, delete_permanently=True)


def card_history(card: str) -> list[str]:
	"""What a card holds beyond what the app filled in: the records that name it (calls, offers, product
	requests, lines of campaigns and reports, ...: every Link to Client Card in the schema), the changes
	people made to it (Versions), its comments and e-mails. ["3 Client Calls", ...]; empty when none."""
	held = []
	for doctype, fieldname in card_links():
		count = frappe.db.count(doctype, {fieldname: card})
		if count:
			held.append(f"{count} × {_(doctype)}")
	for doctype, filters in (
		("Version", {"ref_doctype": "Client Card", "docname": card}),
		("Comment", {"reference_doctype": "Client Card", "reference_name": card, "comment_type": "Comment"}),
		("Communication", {"reference_doctype": "Client Card", "reference_name": card}),
	):
		count = frappe.db.count(doctype, filters)
		if count:
			held.append(f"{count} × {_(doctype)}")
	return held


def card_links() -> list[tuple[str, str]]:
	"""(DocType, field) of every Link to Client Card in the schema, child tables included."""
	from account_manager.registry import CARD, registry

	return sorted(
		(name, fieldname)
		for name, member in registry().members.items()
		for fieldname, target in member.links
		if target == CARD and not frappe.get_meta(name).is_virtual
	)
