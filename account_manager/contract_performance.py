"""A signed contract watched (CT4, CT5; issue 25): its turnover rebate and whether it is kept.

CT4: a contract may carry a turnover rebate (`rebate_tiers`, over each `rebate_period`): the card and the
contract show the turnover of the running period (submitted Sales Invoices less returns, before tax, as
Client Segmentation computes it), the threshold reached and the distance to the next; a daily job proposes,
for each period that ended, the rebate earned as a draft Credit Note or Journal Entry (Account Manager
Settings) for Accounts to review, once per period (`rebate_proposals`).

CT5: per contract, obligations measured from ERPNext's data — its fulfilment checklist (ERPNext's
`fulfilment_status` and deadline), the client's orders delivered on time over the contract's days so far
(OF7's measure), its invoices paid on time (the ledger's history, as the reliability score counts it), and
the committed turnover against the turnover so far — and the risks they show (rules.rebates.risks), for
the Contract Performance report and the Follow-up Queue."""

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate, nowdate

from account_manager.erp import receivables, sales
from account_manager.permissions import not_permitted
from account_manager.rules import fulfilment as fulfilment_rules
from account_manager.rules import rebates
from account_manager.utils import default_company


def tier_error(error: str) -> str:
	return {
		"threshold": _("Each rebate threshold is a turnover above zero."),
		"percent": _("Each rebate is a percent above 0 and at most 100."),
		"thresholds_increasing": _("The rebate thresholds go up row by row: {0}."),
		"percents_increasing": _("A higher threshold earns a higher rebate: {0}."),
	}[error]


def tiers_of(doc) -> list[tuple[float, float]]:
	return [(flt(row.threshold), flt(row.rebate_percent)) for row in doc.get("rebate_tiers") or []]


def validate_rebate_scheme(doc, method=None) -> None:
	"""doc_events validate of Contract: a rebate scheme's thresholds go up and earn more (bad input: a clear
	message, nothing saved)."""
	tiers = tiers_of(doc)
	errors = rebates.tier_errors(tiers)
	if not errors:
		return
	shown = " → ".join(
		f"{frappe.format_value(t, 'Currency')} ({frappe.format_value(p, 'Percent')})" for t, p in tiers
	)
	frappe.throw(
		"<br>".join(tier_error(error).format(shown) for error in errors),
		title=_("Rebate Scheme Not Valid"),
	)


def company_of(contract) -> str:
	card_company = (
		frappe.db.get_value("Client Card", contract.client_card, "company")
		if contract.get("client_card")
		else None
	)
	return card_company or default_company()


def turnover(customer: str, start, end, company: str) -> float:
	return sales.turnover_and_margin([customer], getdate(start), getdate(end), company)[customer]["turnover"]


def readable(contract) -> bool:
	"""The contract and its rebate terms (permission level 1) are the user's to read."""
	return bool(contract.has_permission("read") and contract.has_permlevel_access_to("rebate_tiers"))


@frappe.whitelist()
def rebate_progress(contract: str | None = None, client_card: str | None = None) -> dict | None:
	"""The running rebate period of a signed contract (or of the client card's signed contract with a rebate
	scheme): turnover so far, the threshold reached and its rebate, the next threshold and the distance to it.
	None when there is no such contract. The rebate's terms are the contract's permission level 1."""
	if client_card:
		card = (
			frappe.get_doc("Client Card", client_card)
			if frappe.db.exists("Client Card", client_card)
			else None
		)
		if not card or not card.has_permission("read"):
			not_permitted()
		names = frappe.get_all(
			"Contract",
			filters={"client_card": card.name, "docstatus": 1, "status": "Active"},
			order_by="start_date desc",
			pluck="name",
		)
		contract = next(
			(
				n
				for n in names
				if frappe.db.exists("Contract Rebate Tier", {"parent": n, "parenttype": "Contract"})
			),
			None,
		)
		if not contract:
			return None
	if not contract or not frappe.db.exists("Contract", contract):
		not_permitted()
	doc = frappe.get_doc("Contract", contract)
	if client_card and not readable(doc):
		return None  # the card's reader without the contract's terms: nothing to show
	if not readable(doc):
		not_permitted()
	tiers = tiers_of(doc)
	today = getdate(nowdate())
	span = (
		rebates.current_period(
			getdate(doc.start_date),
			doc.end_date and getdate(doc.end_date),
			doc.get("rebate_period") or "Contract Term",
			today,
		)
		if tiers
		else None
	)
	if not span:
		return None
	company = company_of(doc)
	so_far = turnover(doc.party_name, span[0], min(span[1], today), company)
	place = rebates.position(so_far, tiers)
	return {
		"contract": doc.name,
		"period_start": span[0],
		"period_end": span[1],
		"currency": frappe.get_cached_value("Company", company, "default_currency"),
		**place.__dict__,
	}


# -- the rebate proposed at each period's end -------------------------------------------------------------


def propose_rebates() -> list[str]:
	"""Daily: for every signed contract with a rebate scheme, each period that ended without a proposal gets
	one (the rebate earned as a draft document, or a row saying none was earned). Returns the documents made.
	A contract whose proposal fails (e.g. the settings name no rebate item) is logged and tried again the
	next day."""
	made = []
	tier = frappe.qb.DocType("Contract Rebate Tier")
	contract = frappe.qb.DocType("Contract")
	names = (
		frappe.qb.from_(contract)
		.join(tier)
		.on((tier.parent == contract.name) & (tier.parenttype == "Contract"))
		.select(contract.name)
		.distinct()
		.where(contract.docstatus == 1)
		.run(pluck=True)
	)
	for name in names:
		try:
			made.extend(propose_rebate(name))
			frappe.db.commit()  # each contract's proposals stand on their own
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=_("Rebate of contract {0} not proposed").format(name))
	return made


def propose_rebate(name: str) -> list[str]:
	"""The proposals due for one contract, under its row lock: a period is proposed once, whoever runs it."""
	frappe.db.get_value("Contract", name, "name", for_update=True)
	doc = frappe.get_doc("Contract", name)
	done = {getdate(row.period_end) for row in doc.get("rebate_proposals") or []}
	today = getdate(nowdate())
	tiers = tiers_of(doc)
	company = company_of(doc)
	made = []
	for start, end in rebates.ended_periods(
		getdate(doc.start_date),
		doc.end_date and getdate(doc.end_date),
		doc.get("rebate_period") or "Contract Term",
		today,
	):
		if end in done:
			continue
		place = rebates.position(turnover(doc.party_name, start, end, company), tiers)
		reference = (None, None)
		if place.rebate > 0:
			reference = rebate_document(doc, company, start, end, place)
			made.append(reference[1])
		doc.append(
			"rebate_proposals",
			{
				"period_start": start,
				"period_end": end,
				"turnover": place.turnover,
				"rebate_percent": place.percent,
				"rebate_amount": place.rebate,
				"reference_doctype": reference[0],
				"reference_name": reference[1],
			},
		)
	new_rows = [row for row in doc.rebate_proposals if not row.name]
	for row in new_rows:
		row.docstatus = doc.docstatus
		row.db_insert()  # rows of a submitted contract: only the server proposes them
	if new_rows:
		doc.add_comment(
			"Info", _("Turnover rebate proposed: {0}").format(", ".join(made) or _("none earned"))
		)
	return made


def rebate_document(doc, company: str, start, end, place) -> tuple[str, str]:
	"""The rebate as a draft Credit Note (a return Sales Invoice of the settings' rebate item) or Journal
	Entry (the settings' expense account against the client's receivable), for Accounts to review."""
	settings = frappe.get_cached_doc("Account Manager Settings")
	remark = _("Turnover rebate of contract {0}: {1}% of {2} ({3} – {4})").format(
		doc.name,
		flt(place.percent),
		frappe.format_value(place.turnover, "Currency"),
		frappe.format_value(start, "Date"),
		frappe.format_value(end, "Date"),
	)
	if (settings.rebate_document or "Credit Note") == "Journal Entry":
		if not settings.rebate_account:
			frappe.throw(_("Set the Rebate Expense Account in Account Manager Settings."))
		from erpnext.accounts.party import get_party_account

		entry = frappe.new_doc("Journal Entry")
		entry.update(
			{
				"voucher_type": "Credit Note",
				"company": company,
				"posting_date": nowdate(),
				"user_remark": remark,
			}
		)
		cost_center = frappe.get_cached_value("Company", company, "cost_center")
		entry.append(
			"accounts",
			{
				"account": settings.rebate_account,
				"debit_in_account_currency": place.rebate,
				"cost_center": cost_center,
			},
		)
		entry.append(
			"accounts",
			{
				"account": get_party_account("Customer", doc.party_name, company),
				"party_type": "Customer",
				"party": doc.party_name,
				"credit_in_account_currency": place.rebate,
				"cost_center": cost_center,
			},
		)
		entry.insert(ignore_permissions=True)  # the scheduler's proposal, reviewed by Accounts
		return "Journal Entry", entry.name
	if not settings.rebate_item:
		frappe.throw(_("Set the Rebate Item in Account Manager Settings."))
	note = frappe.new_doc("Sales Invoice")
	note.update(
		{
			"customer": doc.party_name,
			"company": company,
			"is_return": 1,
			"update_stock": 0,
			"posting_date": nowdate(),
			"remarks": remark,
		}
	)
	note.append(
		"items", {"item_code": settings.rebate_item, "qty": -1, "rate": place.rebate, "description": remark}
	)
	note.set_missing_values()
	for row in note.items:
		row.rate = place.rebate
	note.insert(ignore_permissions=True)  # the scheduler's proposal, reviewed by Accounts
	return "Sales Invoice", note.name


# -- CT5: the contract kept ------------------------------------------------------------------------------


def risk_label(risk: str) -> str:
	return {
		"fulfilment_overdue": _("Fulfilment deadline passed with the checklist not done"),
		"fulfilment_due": _("Fulfilment deadline in {0} days with the checklist not done"),
		"late_orders": _("Orders on time: {0}%"),
		"late_payments": _("Invoices paid on time: {0}%"),
		"volume_behind": _("Turnover so far {0} is behind the committed pace ({1} by now)"),
	}[risk]


# the fields of a Contract a list of contracts to measure reads (Contract Performance, the Follow-up Queue)
MEASURED_FIELDS = (
	"name",
	"client_card",
	"party_name",
	"account_manager",
	"start_date",
	"end_date",
	"fulfilment_status",
	"fulfilment_deadline",
	"committed_turnover",
)


def measures(contracts: list) -> dict[str, dict]:
	"""Per signed contract (rows with the MEASURED_FIELDS): its measures and risks."""
	settings = frappe.get_cached_doc("Account Manager Settings")
	floor = flt(settings.contract_on_time_floor) or 80.0
	warning_days = (
		cint(settings.fulfilment_warning_days) if settings.fulfilment_warning_days is not None else 14
	)
	today = getdate(nowdate())
	result = {}
	by_company: dict[str, list] = {}
	for c in contracts:
		by_company.setdefault(company_of(c), []).append(c)
	for company, rows in by_company.items():
		history = receivables.invoice_history(sorted({c.party_name for c in rows}), company)
		for c in rows:
			start = getdate(c.start_date)
			end = getdate(c.end_date) if c.end_date else None
			upto = min(end, today) if end else today
			so_far = turnover(c.party_name, start, upto, company) if upto >= start else 0.0
			orders = (
				[
					(getdate(o.delivery_date), getdate(o.delivered_on) if o.delivered_on else None)
					for o in sales.fulfilment(start, upto, customers=[c.party_name])
				]
				if upto >= start
				else []
			)
			record = fulfilment_rules.record(orders, today)
			judged_orders = record.on_time + record.late
			orders_pct = record.on_time_percent if judged_orders else None
			payments_pct = rebates.paid_on_time_percent(
				[(i.due_date, i.outstanding, i.settled_on) for i in history.get(c.party_name) or []],
				start,
				today,
			)
			expected = rebates.expected_by_now(flt(c.committed_turnover), start, end, today)
			found = rebates.risks(
				today=today,
				start=start,
				end=end,
				fulfilment_deadline=getdate(c.fulfilment_deadline) if c.fulfilment_deadline else None,
				fulfilled=c.fulfilment_status in ("Fulfilled", "N/A"),
				deadline_days=warning_days,
				orders_on_time_percent=orders_pct,
				payments_on_time_percent=payments_pct,
				committed=flt(c.committed_turnover),
				turnover=so_far,
				on_time_floor=floor,
			)
			result[c.name] = {
				"turnover": so_far,
				"orders_judged": judged_orders,
				"orders_on_time_percent": orders_pct,
				"payments_on_time_percent": payments_pct,
				"expected_turnover": expected,
				"risks": found,
				"why": risk_text(found, c, today, orders_pct, payments_pct, so_far, expected),
			}
	return result


def risk_text(found, contract, today, orders_pct, payments_pct, so_far, expected) -> str:
	parts = []
	for risk in found:
		if risk == "fulfilment_due":
			parts.append(risk_label(risk).format((getdate(contract.fulfilment_deadline) - today).days))
		elif risk == "late_orders":
			parts.append(risk_label(risk).format(frappe.format_value(orders_pct, "Float")))
		elif risk == "late_payments":
			parts.append(risk_label(risk).format(frappe.format_value(payments_pct, "Float")))
		elif risk == "volume_behind":
			parts.append(
				risk_label(risk).format(
					frappe.format_value(so_far, "Currency"), frappe.format_value(expected, "Currency")
				)
			)
		else:
			parts.append(risk_label(risk))
	return "; ".join(parts)
