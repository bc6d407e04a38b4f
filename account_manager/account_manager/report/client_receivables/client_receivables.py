# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Client Receivables: per client of the user's portfolio (the Sales Head: every client) the
outstanding debt, the overdue debt by age, the last payment, credit use, the current collection step
and the reliability score, from the ledger (Payment Ledger Entry).

A handful of queries whatever the number of clients: the portfolio with credit limits and open
collection plans, one query over Payment Ledger Entry for the ageing and the invoice history totals
(erp.receivables.portfolio_receivables), and only when needed the current steps of the open plans and
the warning signs on the cards of clients without invoices. Speed: benchmarks/bench_client_receivables.py
and RESULTS-client-receivables.md."""

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from account_manager.account_manager.report.columns import checked_filters, column, customer_columns
from account_manager.erp import receivables
from account_manager.permissions import visible_owners
from account_manager.rules.scoring import (
	WARNING_SIGNS,
	HistoryTotals,
	reliability_from_warning_signs,
	reliability_score,
)
from account_manager.utils import default_company

BALANCE_FIELDS = (
	"outstanding",
	"overdue",
	"overdue_0_30",
	"overdue_31_60",
	"overdue_61_90",
	"overdue_90_plus",
	"oldest_overdue_days",
	"last_payment_date",
)


def execute(filters: dict | None = None):
	data = get_data(frappe._dict(filters or {}))
	return get_columns(), data, None, None, get_summary(data)


def get_columns() -> list[dict]:
	return [
		*customer_columns(),
		column(_("Outstanding", context="Client Receivables"), "outstanding", "Currency", 120),
		column(_("Overdue", context="Client Receivables"), "overdue", "Currency", 120),
		column(_("Overdue 0-30"), "overdue_0_30", "Currency", 120),
		column(_("Overdue 31-60"), "overdue_31_60", "Currency", 120),
		column(_("Overdue 61-90"), "overdue_61_90", "Currency", 120),
		column(_("Overdue 90+"), "overdue_90_plus", "Currency", 120),
		column(_("Oldest Overdue (Days)"), "oldest_overdue_days", "Int", 90, total=False),
		column(_("Last Payment"), "last_payment_date", "Date", 100),
		column(_("Credit Limit"), "credit_limit", "Currency", 120),
		column(_("Credit Used %"), "credit_used_percent", "Percent", 90, total=False),
		column(_("Collection Plan"), "collection_plan", "Link", 110, "Collection Plan"),
		column(_("Collection Step"), "collection_step", "Data", 160),
		column(_("Reliability"), "reliability_score", "Int", 80, total=False),
	]


def get_data(filters) -> list[dict]:
	company = checked_filters(filters)
	today = getdate(filters.get("report_date") or nowdate())
	clients = portfolio(filters)
	if not clients:
		return []
	names = list(clients)
	balances = receivables.portfolio_receivables(names, company, today)
	steps = current_steps({c.open_plan: name for name, c in clients.items() if c.open_plan})
	# clients with no invoice history are scored by the warning signs on their cards
	warning_signs = card_warning_signs([c for c in names if not balances[c]["invoices"]])
	company_limit = flt(frappe.get_cached_value("Company", company, "credit_limit"))
	only_with_debt = filters.get("only_with_debt")
	no_step = {}
	rows = []
	for customer, client in clients.items():
		balance = balances[customer]
		outstanding = balance["outstanding"]
		if only_with_debt and not outstanding:
			continue
		limit = float(client["own_limit"] or 0) or float(client["group_limit"] or 0) or company_limit
		if balance["invoices"]:
			reliability = reliability_score(history_totals(balance), outstanding, limit)
		else:
			reliability = reliability_from_warning_signs(warning_signs.get(customer, {})).score
		step = steps.get(customer, no_step)
		row = {
			"customer": customer,
			"customer_name": client["customer_name"],
			"account_manager": client["account_manager"],
			"credit_limit": limit,
			"credit_used_percent": flt(100 * outstanding / limit, 1) if limit else None,
			"collection_plan": step.get("plan"),
			"collection_step": step.get("label"),
			"reliability_score": reliability,
		}
		for field in BALANCE_FIELDS:
			row[field] = balance[field]
		rows.append(row)
	return rows


def history_totals(balance: dict) -> HistoryTotals:
	return HistoryTotals(
		invoices=balance["invoices"],
		settled=balance["settled"],
		on_time=balance["on_time"],
		judged=balance["judged"],
		days_late=balance["days_late"],
		overdue=balance["invoices_overdue"],
	)


def portfolio(filters) -> dict:
	"""The customers the user may see (their own and delegated portfolios; all for the Sales Head) with
	the credit limits ERPNext would find (the customer's own, else its group's) and their open collection
	plan (CollectionPlan.open_key): one query."""
	owners = visible_owners()
	values = {"company": filters.get("company") or default_company()}
	conditions = ["customer.disabled = 0"]
	if owners is not None:
		conditions.append("customer.account_manager in %(owners)s")
		values["owners"] = tuple(owners)
	if filters.get("account_manager"):
		conditions.append("customer.account_manager = %(account_manager)s")
		values["account_manager"] = filters.account_manager
	if filters.get("customer"):
		conditions.append("customer.name = %(customer)s")
		values["customer"] = filters.customer
	rows = frappe.db.sql(
		f"""select customer.name, customer.customer_name, customer.account_manager,
			own.credit_limit as own_limit, grp.credit_limit as group_limit, plan.name as open_plan
		from `tabCustomer` customer
		left join `tabCustomer Credit Limit` own on own.parenttype = 'Customer'
			and own.parent = customer.name and own.company = %(company)s
		left join `tabCustomer Credit Limit` grp on grp.parenttype = 'Customer Group'
			and grp.parent = customer.customer_group and grp.company = %(company)s
			and grp.bypass_credit_limit_check = 0
		left join `tabCollection Plan` plan on plan.open_key = concat(%(company)s, '::', customer.name)
		where {" and ".join(conditions)}
		order by customer.customer_name""",
		values,
		as_dict=True,
	)
	return {row.name: row for row in rows}


def current_steps(plans: dict[str, str]) -> dict:
	"""Per customer whose open collection plan ({plan: customer}) has a step not done: the plan and
	that step (the first not done). No query when no plan is open."""
	if not plans:
		return {}
	rows = frappe.db.sql(
		"""select parent, day, action, status from `tabCollection Plan Step`
		where parenttype = 'Collection Plan' and parent in %(plans)s and status in ('Pending', 'Due')
		order by idx""",
		{"plans": tuple(plans)},
	)
	current = {}
	for plan, day, action, status in rows:
		customer = plans[plan]
		if customer not in current:
			current[customer] = {
				"plan": plan,
				"label": _("Day {0}: {1} ({2})").format(day, _(action), _(status)),
			}
	return current


def card_warning_signs(customers: list[str]) -> dict:
	if not customers:
		return {}
	cards = frappe.get_all(
		"Client Card",
		filters={"party_type": "Customer", "party": ("in", customers)},
		fields=["party", *WARNING_SIGNS],
	)
	return {card.pop("party"): {sign: int(card[sign] or 0) for sign in WARNING_SIGNS} for card in cards}


def get_summary(data: list[dict]) -> list[dict]:
	if not data:
		return []

	def total(field):
		return sum(flt(row.get(field)) for row in data)

	return [
		{
			"label": _("Outstanding", context="Client Receivables"),
			"value": total("outstanding"),
			"datatype": "Currency",
		},
		{
			"label": _("Overdue", context="Client Receivables"),
			"value": total("overdue"),
			"datatype": "Currency",
			"indicator": "Red",
		},
		{"label": _("Overdue 90+"), "value": total("overdue_90_plus"), "datatype": "Currency"},
		{
			"label": _("Clients in Collection"),
			"value": sum(1 for row in data if row.get("collection_plan")),
			"datatype": "Int",
		},
	]
