"""The filters that the portfolio rule, the jobs and the reports run on every request or every day have an
index (issue 15): read from the database itself, so a lost index (a schema sync, a renamed field) fails."""

import pytest

import frappe

# doctype: the columns an index must start with, and the query that filters on them
INDEXED_FILTERS = [
	("Portfolio Delegation", ("to_user", "from_date", "to_date")),  # permissions.portfolio_owners
	("Client Card", ("next_contact_date",)),  # Follow-up Queue, Clients to Contact Today
	("KPI Plan", ("account_manager", "month")),  # kpi.plans_for, the workspace's quotas
	("Account Manager Report", ("account_manager",)),  # ownership.move_client, the report list
	("Commercial Offer", ("status", "valid_till")),  # expire_offers (daily)
	("Commercial Offer", ("status",)),  # the follow-up queue, Offers by Status
	("Job Run Batch", ("status", "attempts")),  # batches.resume_job_runs (every five minutes)
	# erp.receivables groups a client's ledger rows per voucher in this order (install.LEDGER_INDEX;
	# of several columns, so Frappe's schema sync leaves it alone)
	("Payment Ledger Entry", ("party", "against_voucher_type", "against_voucher_no")),
]


def indexes(doctype: str) -> dict[str, tuple[str, ...]]:
	"""{index name: its columns in order}, as SHOW INDEX tells them."""
	found: dict[str, list[tuple[int, str]]] = {}
	for row in frappe.db.sql(f"show index from `tab{doctype}`", as_dict=True):
		found.setdefault(row.Key_name, []).append((row.Seq_in_index, row.Column_name))
	return {name: tuple(column for _seq, column in sorted(columns)) for name, columns in found.items()}


@pytest.mark.parametrize(
	"doctype, columns", INDEXED_FILTERS, ids=lambda v: "+".join(v) if isinstance(v, tuple) else v
)
def test_the_filter_has_an_index(doctype, columns):
	assert any(indexed[: len(columns)] == columns for indexed in indexes(doctype).values()), (
		f"no index of {doctype} starts with {columns}: {indexes(doctype)}"
	)
