# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""Unreconciled Settlements: the active clients of a month (ledger movement in the month or a
balance at its end) whose settlement reconciliation is missing or not confirmed. By default the
month before this one: the month reconciled this month. Limited to the user's portfolio."""

import frappe
from frappe import _
from frappe.utils import get_first_day, get_last_day, getdate

from account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation import (
	CONFIRMED,
	previous_month_period,
)
from account_manager.account_manager.report.columns import checked_filters, column, customer_columns
from account_manager.erp import statements
from account_manager.permissions import visible_owners


def execute(filters: dict | None = None):
	return get_columns(), get_data(frappe._dict(filters or {}))


def get_columns() -> list[dict]:
	return [
		*customer_columns(),
		column(_("Reconciliation"), "reconciliation", "Link", 120, "Settlement Reconciliation"),
		column(_("Status"), "status", "Data", 100),
		column(_("Closing Balance", context="Unreconciled Settlements"), "closing_balance", "Currency", 120),
		column(_("Difference"), "difference", "Currency", 120),
	]


def period(filters) -> tuple:
	if filters.get("month"):
		start = get_first_day(getdate(filters.month))
		return start, get_last_day(start)
	return previous_month_period()


def get_data(filters) -> list[dict]:
	company = checked_filters(filters)
	from_date, to_date = period(filters)
	active = statements.active_customers(company, from_date, to_date)
	if not active:
		return []
	customer_filters = {"name": ("in", active)}
	owners = visible_owners()
	if owners is not None:
		customer_filters["account_manager"] = ("in", owners)
	if filters.get("account_manager"):
		customer_filters["account_manager"] = filters.account_manager
	customers = frappe.get_all(
		"Customer",
		filters=customer_filters,
		fields=["name", "customer_name", "account_manager"],
		order_by="customer_name asc",
	)
	done = {
		r.customer: r
		for r in frappe.get_all(
			"Settlement Reconciliation",
			filters={"company": company, "from_date": from_date, "to_date": to_date},
			fields=["name", "customer", "status", "closing_balance", "difference"],
		)
	}
	rows = []
	for customer in customers:
		reconciliation = done.get(customer.name)
		if reconciliation and reconciliation.status == CONFIRMED:
			continue
		rows.append(
			{
				"customer": customer.name,
				"customer_name": customer.customer_name,
				"account_manager": customer.account_manager,
				"reconciliation": reconciliation.name if reconciliation else None,
				"status": _(reconciliation.status) if reconciliation else _("Not Drafted"),
				"closing_balance": reconciliation.closing_balance if reconciliation else None,
				"difference": reconciliation.difference if reconciliation else None,
			}
		)
	return rows
