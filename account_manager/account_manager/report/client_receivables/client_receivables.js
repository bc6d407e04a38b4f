// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Client Receivables"] = {
	filters: [
		{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company"), reqd: 1 },
		{ fieldname: "report_date", label: __("As On"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
		{ fieldname: "only_with_debt", label: __("Only Clients with Debt"), fieldtype: "Check", default: 1 },
	],
};
