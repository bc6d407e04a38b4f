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

# include js in doctype views
doctype_js = {
	"Customer": "public/js/erpnext/customer.js",
	"Sales Order": "public/js/erpnext/sales_order.js",
	"Call Log": "public/js/erpnext/call_log.js",
}

# Installation
# ------------

before_install = "account_manager.install.before_install"
after_install = "account_manager.install.after_install"

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

permission_query_conditions = {
	"Customer": "account_manager.permissions.customer_query",
	"Lead": "account_manager.permissions.potential_client_query",
	"Prospect": "account_manager.permissions.potential_client_query",
	"Client Card": "account_manager.permissions.client_card_query",
	"Client Call": "account_manager.permissions.client_call_query",
	"KPI Plan": "account_manager.permissions.portfolio_query",
	"Account Manager Report": "account_manager.permissions.portfolio_query",
	"Portfolio Delegation": "account_manager.permissions.portfolio_delegation_query",
	"Commercial Offer": "account_manager.permissions.portfolio_query",
	"Offer Campaign": "account_manager.permissions.portfolio_query",
	"Collection Plan": "account_manager.permissions.portfolio_query",
	"Settlement Reconciliation": "account_manager.permissions.portfolio_query",
	"Product Request": "account_manager.permissions.portfolio_query",
	# ERPNext's selling documents, contacts and addresses of another manager's client (CB14)
	"Quotation": "account_manager.permissions.selling_query",
	"Opportunity": "account_manager.permissions.selling_query",
	"Sales Order": "account_manager.permissions.selling_query",
	"Sales Invoice": "account_manager.permissions.selling_query",
	"Delivery Note": "account_manager.permissions.selling_query",
	"Contact": "account_manager.permissions.linked_record_query",
	"Address": "account_manager.permissions.linked_record_query",
}
has_permission = {
	"Customer": "account_manager.permissions.portfolio_has_permission",
	"Lead": "account_manager.permissions.potential_client_has_permission",
	"Prospect": "account_manager.permissions.potential_client_has_permission",
	"Client Card": "account_manager.permissions.client_card_has_permission",
	"Client Call": "account_manager.permissions.client_call_has_permission",
	"KPI Plan": "account_manager.permissions.portfolio_has_permission",
	"Account Manager Report": "account_manager.permissions.portfolio_has_permission",
	"Portfolio Delegation": "account_manager.permissions.portfolio_delegation_has_permission",
	"Commercial Offer": "account_manager.permissions.portfolio_has_permission",
	"Offer Campaign": "account_manager.permissions.portfolio_has_permission",
	"Collection Plan": "account_manager.permissions.portfolio_has_permission",
	"Settlement Reconciliation": "account_manager.permissions.portfolio_has_permission",
	"Product Request": "account_manager.permissions.portfolio_has_permission",
	"Quotation": "account_manager.permissions.selling_has_permission",
	"Opportunity": "account_manager.permissions.selling_has_permission",
	"Sales Order": "account_manager.permissions.selling_has_permission",
	"Sales Invoice": "account_manager.permissions.selling_has_permission",
	"Delivery Note": "account_manager.permissions.selling_has_permission",
	"Contact": "account_manager.permissions.linked_record_has_permission",
	"Address": "account_manager.permissions.linked_record_has_permission",
}

# Document Events
# ---------------

doc_events = {
	"Customer": {
		"before_insert": "account_manager.overrides.customer.before_insert",
		"validate": "account_manager.overrides.customer.validate",
		"after_insert": "account_manager.cards.card_for_new_party",
		"on_update": "account_manager.overrides.customer.on_update",
	},
	# every client gets its card where it is made (CB1, CB17)
	"Lead": {"after_insert": "account_manager.cards.card_for_new_party"},
	"Prospect": {"after_insert": "account_manager.cards.card_for_new_party"},
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
	# a call the telephone system recorded becomes the client's Client Call (OF6)
	"Call Log": {"on_update": "account_manager.overrides.call_log.on_update"},
	# a late order delivered in full: its manager tells the client (OF7)
	"Delivery Note": {"on_submit": "account_manager.overrides.delivery_note.on_submit"},
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
	],
	"monthly_long": [
		"account_manager.account_manager.doctype.settlement_reconciliation.settlement_reconciliation.draft_monthly_reconciliations",
	],
	"cron": {
		# the batches of a Job Run that failed or whose worker died run again
		"*/5 * * * *": ["account_manager.batches.resume_job_runs"],
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
	"frappe.desk.query_report.run": "account_manager.replica.run_report",
	"frappe.desk.doctype.number_card.number_card.get_result": "account_manager.replica.number_card_result",
}


override_doctype_dashboards = {
	"Customer": "account_manager.overrides.dashboard_overrides.get_dashboard_for_customer",
}

# Testing
# -------

# before_tests = "account_manager.install.before_tests"

export_python_type_annotations = True
