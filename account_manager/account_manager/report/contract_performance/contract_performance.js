// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Contract Performance"] = {
	filters: [
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
		{ fieldname: "customer", label: __("Customer"), fieldtype: "Link", options: "Customer" },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Active", "Inactive"],
			default: "Active",
		},
		{ fieldname: "at_risk", label: __("Only at Risk"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "why" && data && data.why) {
			return `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
