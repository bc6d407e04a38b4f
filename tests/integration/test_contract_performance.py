"""A signed contract watched (issue 25: CT4 rebates, CT5 Contract Performance and the queue, the bad
inputs), over REST as the managers.

Manager A's client signs a contract with a turnover rebate (2 % from 500,000, 3 % from 1,000,000): the card
shows the period's turnover net of returns, the threshold reached and the distance to the next; when a
period ends the rebate earned is proposed once as a draft credit note (or journal entry) for Accounts. A
contract whose fulfilment deadline passed, whose invoices are paid late and whose turnover lags its
commitment is at risk in Contract Performance and in A's Follow-up Queue. Manager B sees and changes none
of it; thresholds that do not go up, an end before the start and a second contract over the same days are
refused with nothing written."""

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate, random_string

from account_manager.contract_performance import propose_rebate
from account_manager.tests.team import make_team
from account_manager.tests.utils import make_credit_note, make_sales_invoice, service_item

pytestmark = pytest.mark.usefixtures("outgoing_email")

SCHEME = [{"threshold": 500_000, "rebate_percent": 2}, {"threshold": 1_000_000, "rebate_percent": 3}]


@pytest.fixture
def team():
	team = make_team()
	frappe.db.set_value("Commercial Offer", team.client_a.offer, "status", "Accepted")
	settings = frappe.get_single("Account Manager Settings")
	settings.set("contract_standards", [])
	settings.append(
		"contract_standards",
		{"segment": "C", "max_credit_limit": 10**9, "max_payment_days": 365, "max_discount_percent": 50},
	)
	settings.rebate_document = "Credit Note"
	settings.rebate_item = service_item()
	settings.allow_overlapping_contracts = 0
	settings.save()
	frappe.db.set_value("Client Card", team.client_a.card, "segment", "C")
	return team


def draft(team) -> str:
	reply = team.rest[team.a].call(
		"account_manager.contracts.draft_contract",
		source_doctype="Client Card",
		source_name=team.client_a.card,
	)
	assert reply.status == 200, reply.body
	return reply.data


def signed(team, start, end, **values) -> str:
	"""A's contract from `start` to `end` with `values`, agreed and signed over REST."""
	a = team.rest[team.a]
	name = draft(team)
	reply = a.write("Contract", name, {"start_date": str(start), "end_date": str(end), **values})
	assert reply.status == 200, reply.body
	assert (
		a.call("account_manager.contracts.send_contract", contract=name, recipient="buyer@example.com").status
		== 200
	)
	assert a.call("account_manager.contracts.mark_agreed", contract=name).status == 200
	reply = a.call("account_manager.contracts.sign_contract", contract=name, signee="Jan Nowak")
	assert reply.status == 200, reply.body
	return name


def tiers(name) -> list:
	return frappe.get_all(
		"Contract Rebate Tier",
		filters={"parent": name, "parenttype": "Contract"},
		fields=["threshold", "rebate_percent"],
		order_by="idx",
	)


# -- bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"scheme, message",
	[
		(
			[{"threshold": 1_000_000, "rebate_percent": 3}, {"threshold": 500_000, "rebate_percent": 2}],
			"go up",
		),
		(
			[{"threshold": 500_000, "rebate_percent": 3}, {"threshold": 1_000_000, "rebate_percent": 2}],
			"higher",
		),
		([{"threshold": 500_000, "rebate_percent": 0}], "percent"),
	],
)
def test_a_rebate_scheme_that_does_not_go_up_is_refused_and_nothing_is_written(team, scheme, message):
	name = draft(team)
	reply = team.rest[team.a].write("Contract", name, {"rebate_tiers": scheme})
	assert reply.status == 417 and message in reply.text, reply.body
	assert tiers(name) == []
	# positive control: the scheme going up is saved
	assert team.rest[team.a].write("Contract", name, {"rebate_tiers": SCHEME}).status == 200
	assert [(t.threshold, t.rebate_percent) for t in tiers(name)] == [(500_000, 2), (1_000_000, 3)]


def test_an_end_before_the_start_is_refused_and_nothing_is_written(team):
	name = draft(team)
	before = frappe.db.get_value("Contract", name, ["start_date", "end_date"])
	reply = team.rest[team.a].write("Contract", name, {"end_date": str(add_days(nowdate(), -1))})
	assert reply.status == 417 and "End Date" in reply.text, reply.body
	assert frappe.db.get_value("Contract", name, ["start_date", "end_date"]) == before


def test_a_second_signed_contract_over_the_same_days_is_refused_unless_the_settings_allow(team):
	first = signed(team, nowdate(), add_days(nowdate(), 90))
	a = team.rest[team.a]
	second = draft(team)
	assert a.write("Contract", second, {"end_date": str(add_days(nowdate(), 30))}).status == 200
	frappe.db.set_value("Contract", second, "negotiation_status", "Agreed")
	reply = a.call("account_manager.contracts.sign_contract", contract=second, signee="Jan")
	assert reply.status == 417 and first in reply.text, reply.body
	assert frappe.db.get_value("Contract", second, ["docstatus", "is_signed"]) == (0, 0)
	frappe.db.set_single_value("Account Manager Settings", "allow_overlapping_contracts", 1)
	assert a.call("account_manager.contracts.sign_contract", contract=second, signee="Jan").status == 200


def test_another_manager_neither_reads_nor_writes_the_rebate(team):
	name = signed(team, nowdate(), add_days(nowdate(), 364), rebate_tiers=SCHEME)
	b = team.rest[team.b]
	assert b.call("account_manager.contract_performance.rebate_progress", contract=name).status == 403
	assert (
		b.call("account_manager.contract_performance.rebate_progress", client_card=team.client_a.card).status
		== 403
	)
	draft_name = draft(team)
	assert b.write("Contract", draft_name, {"rebate_tiers": SCHEME}).status == 403
	assert tiers(draft_name) == []
	# positive control: A reads it
	assert (
		team.rest[team.a].call("account_manager.contract_performance.rebate_progress", contract=name).status
		== 200
	)


# -- CT4: the rebate ----------------------------------------------------------------------------------------


def test_the_card_shows_the_turnover_net_of_returns_the_threshold_reached_and_the_distance_to_the_next(team):
	start = add_days(nowdate(), -30)
	name = signed(team, start, add_days(start, 364), rebate_tiers=SCHEME)
	customer = team.client_a.customer
	invoice = make_sales_invoice(customer, 850_000, add_days(start, 2), add_days(start, 32))
	make_credit_note(invoice.name, 50_000, add_days(start, 5))
	make_sales_invoice(customer, 10_000, add_days(start, -3), add_days(start, 10))  # before the contract
	reply = team.rest[team.a].call(
		"account_manager.contract_performance.rebate_progress", client_card=team.client_a.card
	)
	assert reply.status == 200, reply.body
	p = reply.data
	assert p["contract"] == name
	assert (p["turnover"], p["threshold"], p["percent"], p["rebate"]) == (800_000, 500_000, 2, 16_000)
	assert (p["next_threshold"], p["to_next"], p["progress"]) == (1_000_000, 200_000, 80.0)
	assert getdate(p["period_start"]) == getdate(start)
	# the same on the contract
	same = team.rest[team.a].call("account_manager.contract_performance.rebate_progress", contract=name).data
	assert same["turnover"] == 800_000


def test_at_the_periods_end_the_rebate_earned_is_proposed_once_as_a_draft_credit_note(team):
	start = add_days(nowdate(), -200)
	name = signed(team, start, add_days(start, 364), rebate_tiers=SCHEME, rebate_period="Quarter")
	customer = team.client_a.customer
	make_sales_invoice(customer, 600_000, add_days(start, 10), add_days(start, 40))  # 1st quarter: 2 %
	make_sales_invoice(customer, 100_000, add_days(start, 100), add_days(start, 130))  # 2nd: none
	made = propose_rebate(name)
	assert len(made) == 1
	note = frappe.get_doc("Sales Invoice", made[0])
	assert (note.docstatus, note.is_return, note.customer) == (0, 1, customer)
	assert note.grand_total == -12_000 and name in note.remarks
	rows = frappe.get_all(
		"Contract Rebate Proposal",
		filters={"parent": name},
		fields=["turnover", "rebate_percent", "rebate_amount", "reference_doctype", "reference_name"],
		order_by="period_start",
	)
	assert [(r.turnover, r.rebate_percent, r.rebate_amount, r.reference_name) for r in rows] == [
		(600_000, 2, 12_000, note.name),
		(100_000, 0, 0, None),
	]
	# a second run (the next day's job, a retry) proposes nothing again
	assert propose_rebate(name) == []
	assert frappe.db.count("Sales Invoice", {"customer": customer, "is_return": 1, "docstatus": 0}) == 1
	assert frappe.db.count("Contract Rebate Proposal", {"parent": name}) == 2


def test_the_rebate_is_proposed_as_a_journal_entry_when_the_settings_say_so(team):
	company = frappe.db.get_value("Client Card", team.client_a.card, "company")
	expense = frappe.get_cached_value("Company", company, "default_expense_account") or frappe.db.get_value(
		"Account", {"company": company, "root_type": "Expense", "is_group": 0}
	)
	frappe.db.set_single_value(
		"Account Manager Settings", {"rebate_document": "Journal Entry", "rebate_account": expense}
	)
	start = add_days(nowdate(), -100)
	name = signed(team, start, add_days(start, 89), rebate_tiers=SCHEME)
	make_sales_invoice(team.client_a.customer, 1_200_000, add_days(start, 10), add_days(start, 40))
	made = propose_rebate(name)
	entry = frappe.get_doc("Journal Entry", made[0])
	assert entry.docstatus == 0 and entry.total_debit == 36_000
	party_row = next(r for r in entry.accounts if r.party)
	assert (party_row.party_type, party_row.party, party_row.credit_in_account_currency) == (
		"Customer",
		team.client_a.customer,
		36_000,
	)


# -- CT5: the contract kept ---------------------------------------------------------------------------------


def test_a_contract_at_risk_is_in_contract_performance_and_the_queue_of_its_manager_only(team):
	start = add_days(nowdate(), -180)
	name = signed(
		team,
		start,
		add_days(start, 364),
		committed_turnover=1_000_000,
		requires_fulfilment=1,
		fulfilment_deadline=str(add_days(nowdate(), -2)),
		fulfilment_terms=[{"requirement": f"Shelf display {random_string(4)}"}],
	)
	# an invoice past due and unpaid: paid on time 0 %; turnover far behind the commitment
	make_sales_invoice(team.client_a.customer, 20_000, add_days(start, 5), add_days(start, 35))
	reply = team.rest[team.a].report("Contract Performance", {"status": "Active"})
	assert reply.status == 200, reply.body
	rows = [r for r in reply.data["result"] if isinstance(r, dict) and r.get("contract") == name]
	assert len(rows) == 1
	row = rows[0]
	assert row["at_risk"] == 1 and row["turnover"] == 20_000 and row["payments_on_time_percent"] == 0
	assert "Fulfilment deadline passed" in row["why"] and "paid on time" in row["why"]
	assert "behind the committed pace" in row["why"]
	# B's report and queue do not show A's contract; A's queue does
	other = team.rest[team.b].report("Contract Performance", {"status": "Active"}).data["result"]
	assert [r for r in other if isinstance(r, dict) and r.get("contract") == name] == []

	def queued(user):
		rows = team.rest[user].report("Follow-up Queue", {"to_date": nowdate()}).data["result"]
		return [r for r in rows if isinstance(r, dict) and r.get("document") == name]

	assert len(queued(team.a)) == 1 and "at risk" in queued(team.a)[0]["reason"]
	assert queued(team.b) == []


def test_a_contract_kept_is_not_at_risk(team):
	"""Positive control: a contract with its checklist done, no invoices yet and no commitment."""
	name = signed(team, nowdate(), add_days(nowdate(), 364))
	reply = team.rest[team.a].report(
		"Contract Performance", {"status": "Active", "customer": team.client_a.customer}
	)
	rows = [r for r in reply.data["result"] if isinstance(r, dict) and r.get("contract") == name]
	assert len(rows) == 1 and rows[0]["at_risk"] == 0 and rows[0]["why"] == ""
	only_risk = (
		team.rest[team.a].report("Contract Performance", {"status": "Active", "at_risk": 1}).data["result"]
	)
	assert [r for r in only_risk if isinstance(r, dict) and r.get("contract") == name] == []
