// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Daily Activity"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), -30), reqd: 1 },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		const key = column.fieldname;
		if (data && ["calls", "email_offers", "phone_offers"].includes(key)) {
			const met = data[key] >= data[`${key}_target`];
			return `<span style="color: var(--${met ? "green" : "red"}-600)">${value}</span>`;
		}
		return value;
	},
};
