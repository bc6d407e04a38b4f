// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Unreconciled Settlements"] = {
	filters: [
		{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company"), reqd: 1 },
		{ fieldname: "month", label: __("Month"), fieldtype: "Date", description: __("Any day of the month; empty: last month, the one reconciled this month"), default: frappe.datetime.month_start(frappe.datetime.add_months(frappe.datetime.get_today(), -1)) },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],
};
