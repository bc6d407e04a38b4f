// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Order Fulfilment"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -3), reqd: 1 },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],
};

// a date filter holding a date shows no placeholder: its label stays visible beside it (issue 27)
frappe.provide("account_manager.report_filters");
account_manager.report_filters.label_dates = (report_name) => {
	const settings = frappe.query_reports[report_name];
	const onload = settings.onload;
	settings.onload = (report) => {
		report.filters
			.filter((filter) => filter.df.fieldtype === "Date")
			.forEach((filter) => {
				const wrapper = $(filter.wrapper).css({ display: "flex", "align-items": "center", gap: "6px" });
				wrapper.find(".am-filter-label").remove();
				$('<span class="am-filter-label text-muted small text-nowrap"></span>')
					.text(__(filter.df.label))
					.prependTo(wrapper);
			});
		return onload && onload(report);
	};
};
account_manager.report_filters.label_dates("Order Fulfilment");
