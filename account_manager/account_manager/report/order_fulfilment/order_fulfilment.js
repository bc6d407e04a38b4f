// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// account_manager.report_filters and account_manager.list_view (public/js/desk_shared.js)
{% include "account_manager/public/js/desk_shared.js" %}

frappe.query_reports["Order Fulfilment"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -3), reqd: 1 },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],
};

// a date filter holding a date keeps its label beside it (issue 27)
account_manager.report_filters.label_dates("Order Fulfilment");
