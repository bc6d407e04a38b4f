// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Client Portfolio"] = {
	filters: [
		{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company") },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
		{ fieldname: "party_type", label: __("Party Type", null, "Client Portfolio"), fieldtype: "Select", options: "\nCustomer\nLead\nProspect" },
		{ fieldname: "segment", label: __("Segment"), fieldtype: "Select", options: "\nA\nB\nC" },
	],
};
