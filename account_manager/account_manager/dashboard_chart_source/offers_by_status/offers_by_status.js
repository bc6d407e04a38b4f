frappe.provide("frappe.dashboards.chart_sources");

// the offers of the portfolio by status, the statuses in the reader's language (issue 27)
frappe.dashboards.chart_sources["Offers by Status"] = {
	method: "account_manager.desk.offers_by_status",
	filters: [
		{
			fieldname: "account_manager",
			label: __("Account Manager"),
			fieldtype: "Link",
			options: "User",
		},
	],
};
