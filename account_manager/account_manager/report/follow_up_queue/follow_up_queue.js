// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Follow-up Queue"] = {
	filters: [
		{ fieldname: "to_date", label: __("Up To"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), 7), reqd: 1 },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],
	// tick the clients to follow up with one offer: a draft Offer Campaign to them (OF5)
	get_datatable_options: (options) => Object.assign(options, { checkboxColumn: true }),
	onload(report) {
		report.page.add_inner_button(__("Send Offer to Selected"), () => {
			const rows = report.get_checked_items();
			frappe
				.xcall("account_manager.account_manager.doctype.offer_campaign.offer_campaign.make_campaign", {
					client_cards: [...new Set(rows.map((row) => row.client_card).filter(Boolean))],
				})
				.then((name) => frappe.set_route("Form", "Offer Campaign", name));
		});
	},
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
account_manager.report_filters.label_dates("Follow-up Queue");
