// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Follow-up Queue"] = {
	filters: [
		{ fieldname: "to_date", label: __("Up To"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), 7), reqd: 1 },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],
};
