frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Turnover by Month"] = {
	method: "account_manager.desk.turnover_by_month",
	filters: [
		{
			fieldname: "account_manager",
			label: __("Account Manager"),
			fieldtype: "Link",
			options: "User",
		},
	],
};
