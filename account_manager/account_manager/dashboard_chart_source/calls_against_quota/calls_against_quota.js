frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Calls Against Quota"] = {
	method: "account_manager.desk.calls_against_quota",
	filters: [
		{
			fieldname: "account_manager",
			label: __("Account Manager"),
			fieldtype: "Link",
			options: "User",
		},
	],
};
