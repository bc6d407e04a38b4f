"""Which reports an Account Manager may run (CB14), derived from the registry.

ERPNext's script and query reports read with SQL of their own: the portfolio rule does not reach inside
them (Customer Credit Balance shows any customer's credit limit and outstanding to a Sales User). A report
is judged by its DocType (`ref_doctype`):
- the app's reports narrow to the caller's portfolios themselves (their `execute` takes the clients from
  permissions.visible_owners): open;
- Report Builder reports read through frappe.get_list, where the rule applies: open;
- a script or query report on a DocType of the registry's set, for an Account Manager the rule binds who
  holds no role ERPNext lets see that DocType whole: refused (REFUSED in `verdict`);
- any other report (on a DocType that carries no client data): open, as ERPNext has it.

Frappe's report runner also takes a `user` whose prepared results it returns: the app's runner answers
only for the user who asks.
"""

import frappe
from frappe import _

from account_manager.permissions import not_permitted, rules_for, widened
from account_manager.registry import APP_MODULE, registry

OPEN, NARROWED, REFUSED = "open", "narrowed", "refused"


def verdict(report_name: str, user: str | None = None) -> tuple[str, str]:
	"""(OPEN / NARROWED / REFUSED, the reason) of the report for the user."""
	user = user or frappe.session.user
	report = frappe.db.get_value(
		"Report", report_name, ["module", "report_type", "ref_doctype"], as_dict=True
	)
	if not report:
		return OPEN, "no such report: Frappe answers"
	if report.module == APP_MODULE:
		return NARROWED, "the app's report: its clients are the caller's portfolios"
	if report.report_type == "Report Builder":
		return OPEN, "reads through frappe.get_list, where the portfolio rule applies"
	if not registry().ruled(report.ref_doctype):
		return OPEN, f"{report.ref_doctype} carries no client data"
	if rules_for(user) is None or widened(user, report.ref_doctype):
		return OPEN, "the rule does not bind the user on this DocType"
	return REFUSED, f"reads {report.ref_doctype} with SQL of its own, past the portfolio rule"


def check_report(report_name: str | None) -> None:
	if report_name and verdict(report_name)[0] == REFUSED:
		not_permitted(
			_(
				"Report {0} reads all clients' data, past your portfolio: use the Account Manager reports "
				"(Client Portfolio, Client Receivables), which show your clients."
			).format(frappe.bold(_(report_name)))
		)


@frappe.whitelist()
def run(
	report_name,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	"""frappe.desk.query_report.run (on the replica: replica.run_report) after the report rule, and only for
	the user who asks (Frappe's `user` would return another user's prepared results)."""
	from account_manager.replica import run_report

	check_report(report_name)
	return run_report(
		report_name,
		filters=filters,
		user=frappe.session.user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)


@frappe.whitelist()
def export_query():
	from frappe.desk.query_report import export_query as frappe_export_query

	check_report(frappe.form_dict.get("report_name"))
	return frappe_export_query()


@frappe.whitelist()
def make_prepared_report(report_name, filters=None):
	from frappe.core.doctype.prepared_report.prepared_report import make_prepared_report as make

	check_report(report_name)
	return make(report_name, filters)
