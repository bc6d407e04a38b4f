// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Calls Without Outcome"] = {
	filters: [
		{ fieldname: "date", label: __("Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],

	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "action" && data) {
			const esc = frappe.utils.escape_html;
			if (data.client_call) {
				return `<a href="/app/client-call/${encodeURIComponent(data.client_call)}">${esc(value)}</a>`;
			}
			if (data.call_log) {
				return `<button class="btn btn-xs btn-primary" data-call-log="${esc(data.call_log)}"
					onclick="account_manager.new_prospect_from_call(this.dataset.callLog)">${esc(value)}</button>`;
			}
		}
		return default_formatter(value, row, column, data);
	},
};

frappe.provide("account_manager");

account_manager.new_prospect_from_call = function (call_log) {
	frappe.prompt(
		{ fieldname: "client_name", fieldtype: "Data", label: __("Company Name"), reqd: 1 },
		(values) =>
			frappe
				.call("account_manager.overrides.call_log.prospect_from_call", { call_log, client_name: values.client_name })
				.then((r) => frappe.set_route("Form", "Client Card", r.message.client_card)),
		__("New Prospect")
	);
};
