from account_manager.account_manager.doctype.commercial_offer import commercial_offer
from account_manager.account_manager.doctype.kpi_plan import kpi_plan
from account_manager.account_manager.doctype.portfolio_delegation import portfolio_delegation


def execute():
	"""The composite indexes of the filters the portfolio rule, the jobs and the reports use, on sites that
	had these DocTypes before: on_doctype_update runs only when a DocType's JSON is synced (the single-column
	ones are search_index in the JSON and arrive with the sync). Safe to run again: add_index skips an
	index that exists."""
	for module in (portfolio_delegation, kpi_plan, commercial_offer):
		module.on_doctype_update()
