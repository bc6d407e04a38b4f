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
