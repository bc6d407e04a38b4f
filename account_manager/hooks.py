from account_manager.overrides.party_methods import PARTY_METHODS, guarded_name

app_name = "account_manager"
app_title = "Account Manager"
app_publisher = "account_manager contributors"
app_description = (
	"The wholesale account manager's job in ERPNext: client data bank, offers on real stock, "
	"the debt rule, calls, KPI plan and the monthly report"
)
app_email = "account-manager@example.com"
app_license = "MIT"

# Apps
# ------------------

required_apps = ["frappe/erpnext"]  # org/repo, as hrms: a bare name makes Frappe ask GitHub for the org

# Includes in <head>
# ------------------

# include js in the desk: one clear message while the database is unreachable (account_manager/outage.py)
app_include_js = ["/assets/account_manager/js/database_unavailable.js"]

# include js in doctype views
doctype_js = {
	"Customer": "public/js/erpnext/customer.js",
	"Sales Order": "public/js/erpnext/sales_order.js",
	"Call Log": "public/js/erpnext/call_log.js",
	# the contract's negotiation and rebate (issue 25); contract_draft.js has the rebate's progress
	"Contract": ["public/js/contract_draft.js", "public/js/erpnext/contract.js"],
	# Draft Contract on the forms a contract is drafted from (issue 25)
	"Client Card": "public/js/contract_draft.js",
	"Commercial Offer": "public/js/contract_draft.js",
	"Quotation": "public/js/contract_draft.js",
}

# Installation
# ------------

before_install = "account_manager.install.before_install"
after_install = "account_manager.install.after_install"
after_sync = "account_manager.install.after_sync"  # once the fixtures (the roles) are in

# Uninstallation
# ------------

before_uninstall = "account_manager.uninstall.before_uninstall"

# Fixtures
# --------
# Synced on install and on every migrate; Custom Fields and Property Setters carry
# module "Account Manager", so uninstall-app removes them with the module. The Property Setter marks
# Customer.account_manager as indexed (install.ERPNEXT_INDEXES) so that schema syncs keep the index.

fixtures = [
	{"dt": "Role", "filters": [["name", "in", ["Account Manager", "Sales Head", "Logistics Manager"]]]},
	{"dt": "Custom Field", "filters": [["module", "=", "Account Manager"]]},
	{"dt": "Property Setter", "filters": [["module", "=", "Account Manager"]]},
	# the Sales Head's unassigned pool, a saved filter of the Client Card list for everyone (CB17)
	{"dt": "List Filter", "filters": [["name", "in", ["Client Card Unassigned Pool"]]]},
]

# Permissions
# -----------

# Every DocType that carries a client's data follows the rule the registry derives for it from the schema
# (account_manager.registry): one hook for all DocTypes, so a DocType added later is covered as well.
permission_query_conditions = {
	"*": "account_manager.permissions.query_conditions",
	"Portfolio Delegation": "account_manager.permissions.portfolio_delegation_query",
}
has_permission = {
	"*": "account_manager.permissions.has_permission",
	"Portfolio Delegation": "account_manager.permissions.portfolio_delegation_has_permission",
}

# the registry follows the schema: computed again when it changes
clear_cache = "account_manager.registry.clear_cache"

# Document Events
# ---------------

doc_events = {
	# every record that links a client names only clients of the user's portfolios (CB14)
	"*": {"validate": "account_manager.permissions.check_client_links"},
	"Customer": {
		"before_insert": "account_manager.overrides.customer.before_insert",
		"validate": "account_manager.overrides.customer.validate",
		"after_insert": "account_manager.cards.card_for_new_party",
		"on_update": [
			"account_manager.overrides.customer.on_update",
			"account_manager.card_flags.on_party_change",
		],
		"on_trash": "account_manager.cards.delete_card_with_party",
	},
	# every client gets its card where it is made (CB1, CB17); one deleted takes its card along when the
	# card holds nothing of its own
	"Lead": {
		"after_insert": "account_manager.cards.card_for_new_party",
		"on_update": "account_manager.card_flags.on_party_change",
		"on_trash": "account_manager.cards.delete_card_with_party",
	},
	"Prospect": {
		"after_insert": "account_manager.cards.card_for_new_party",
		"on_trash": "account_manager.cards.delete_card_with_party",
	},
	# the Client Card list shows who has an e-mail contact and who is debt-blocked (issue 27)
	"Contact": {
		"on_update": "account_manager.card_flags.on_contact_change",
		"after_delete": "account_manager.card_flags.on_contact_change",
	},
	"Payment Ledger Entry": {"on_submit": "account_manager.card_flags.on_ledger_entry"},
	# a contract's negotiation status moves by its actions; its card and owner come from the client (CT2)
	"Contract": {
		"before_validate": "account_manager.contracts.before_validate",
		"validate": [
			"account_manager.contracts.guard_status",
			"account_manager.contract_performance.validate_rebate_scheme",
		],
		"on_update": "account_manager.contracts.keep_terms_version",
		"before_submit": "account_manager.contracts.guard_submit",
	},
	# the debt rule's terms are the Sales Head's on every record that carries them (DR1)
	"Customer Group": {"validate": "account_manager.ownership.guard_customer_group_terms"},
	"Company": {"validate": "account_manager.ownership.guard_company_terms"},
	"Stock Entry": {"on_submit": "account_manager.overrides.stock_entry.on_submit"},
	"Purchase Receipt": {"on_submit": "account_manager.overrides.purchase_receipt.on_submit"},
	"Material Request": {"validate": "account_manager.overrides.material_request.validate"},
	"Quotation": {
		"validate": "account_manager.overrides.quotation.validate",
	},
	# an e-mail from a client: a reply moves its offer, another lands on the client card (OF6)
	"Communication": {
		"before_insert": "account_manager.overrides.communication.before_insert",
		"after_insert": "account_manager.overrides.communication.after_insert",
	},
	# an item made of a product request is enabled by its first selling price (CB16)
	"Item Price": {
		"after_insert": "account_manager.account_manager.doctype.product_request.product_request.enable_priced_item"
	},
	# Account Managers and the Sales Head land on their workspace at login (issue 27)
	"User": {"validate": "account_manager.overrides.user.validate"},
	# a call the telephone system recorded becomes the client's Client Call (OF6)
	"Call Log": {"on_update": "account_manager.overrides.call_log.on_update"},
	# a late order delivered in full: its manager tells the client (OF7)
	"Delivery Note": {
		"before_submit": "account_manager.debt.check_billing_approval",
		"on_submit": "account_manager.overrides.delivery_note.on_submit",
	},
	# the debt rule on every way goods or bills reach a client (DR1)
	"Sales Invoice": {"before_submit": "account_manager.debt.check_billing_approval"},
	"POS Invoice": {"before_submit": "account_manager.debt.check_billing_approval"},
	"Sales Order": {
		"onload": "account_manager.overrides.sales_order.onload",
		"validate": "account_manager.overrides.sales_order.validate",
		"before_submit": "account_manager.overrides.sales_order.before_submit",
	},
}

# Scheduled Tasks
# ---------------

scheduler_events = {
	"daily_long": [
		"account_manager.tasks.update_card_timeliness",
		"account_manager.tasks.remind_greetings",
		"account_manager.account_manager.doctype.commercial_offer.commercial_offer.expire_offers",
		"account_manager.account_manager.doctype.collection_plan.collection_plan.run_collection",
		# the turnover rebate of each contract period that ended, as a draft for Accounts (CT4)
		"account_manager.contract_performance.propose_rebates",
		# a ToDo to renew each signed contract ending within the renewal days (CT5)
		"account_manager.contracts.remind_renewals",
	],
	"monthly_long": [
		"account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation.draft_monthly_reconciliations",
	],
	"cron": {
		# the batches of a Job Run that failed or whose worker died run again
		# ... and a campaign job that stopped midway resumes with the clients still pending or failed
		"*/5 * * * *": [
			"account_manager.batches.resume_job_runs",
			"account_manager.account_manager.doctype.offer_campaign.offer_campaign.resume_campaigns",
		],
		# the monthly report: drafted on the 1st, flagged on the 4th when not submitted (KP3)
		"0 5 1 * *": [
			"account_manager.account_manager.doctype.account_manager_report.account_manager_report.draft_monthly_reports"
		],
		"0 6 4 * *": [
			"account_manager.account_manager.doctype.account_manager_report.account_manager_report.flag_unsubmitted_reports"
		],
	},
}

# ERPNext forms
# -------------

# Frappe's reads that may go to a read replica fall back to the primary when it is down or lags (issue 16)
override_whitelisted_methods = {
	# reports: ERPNext's own on client data are refused to the managers the rule binds (reports_rule)
	"frappe.desk.query_report.run": "account_manager.reports_rule.run",
	"frappe.desk.query_report.export_query": "account_manager.reports_rule.export_query",
	"frappe.core.doctype.prepared_report.prepared_report.make_prepared_report": (
		"account_manager.reports_rule.make_prepared_report"
	),
	"frappe.desk.doctype.number_card.number_card.get_result": "account_manager.replica.number_card_result",
	# reads that answer without the portfolio rule (CB14): counted, looked up and searched through it
	"frappe.client.get_count": "account_manager.overrides.whitelisted.get_count",
	# v15 (v16 has validate_link_and_fetch, which searches through the permission query conditions)
	"frappe.client.validate_link": "account_manager.overrides.whitelisted.validate_link",
	"frappe.desk.search.search_link": "account_manager.overrides.whitelisted.search_link",
	"frappe.desk.search.search_widget": "account_manager.overrides.whitelisted.search_widget",
	# a document method acts on the stored document; records of clients are not shared (CB14)
	"run_doc_method": "account_manager.overrides.whitelisted.run_doc_method",
	"frappe.handler.run_doc_method": "account_manager.overrides.whitelisted.run_doc_method",
	"runserverobj": "account_manager.overrides.whitelisted.run_doc_method",
	"frappe.share.add": "account_manager.overrides.whitelisted.share_add",
	# ERPNext's receivable helpers, refused for a client outside the caller's portfolios
	**{method: f"account_manager.overrides.whitelisted.{guarded_name(method)}" for method in PARTY_METHODS},
}


override_doctype_dashboards = {
	"Customer": "account_manager.overrides.dashboard_overrides.get_dashboard_for_customer",
}

# Request Events
# --------------

# a 500 of a lost database connection becomes a clear 503 (account_manager/outage.py; the errors that
# escape Frappe are answered by account_manager.wsgi:application)
after_request = ["account_manager.outage.after_request"]

# Testing
# -------

# before_tests = "account_manager.install.before_tests"

export_python_type_annotations = True
