// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.query_reports["Client Segmentation"] = {
	filters: [
		{ fieldname: "company", label: __("Company"), fieldtype: "Link", options: "Company", default: frappe.defaults.get_user_default("Company"), reqd: 1 },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.add_months(frappe.datetime.get_today(), -12), 1) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],
	// tick clients of a segment to send them one offer: a draft Offer Campaign (OF5)
	get_datatable_options: (options) => Object.assign(options, { checkboxColumn: true }),
	onload(report) {
		report.page.add_inner_button(__("Send Offer to Selected"), () => {
			const cards = report.get_checked_items().map((row) => row.client_card);
			frappe
				.xcall("account_manager.account_manager.doctype.offer_campaign.offer_campaign.make_campaign", {
					client_cards: cards.filter(Boolean),
				})
				.then((name) => frappe.set_route("Form", "Offer Campaign", name));
		});
		if (!frappe.user.has_role("Sales Head")) return;
		report.page.add_inner_button(__("Apply Suggested Segments"), () => {
			frappe.confirm(__("Write the suggested segment onto every client card that differs?"), () => {
				frappe
					.xcall(
						"account_manager.account_manager.report.client_segmentation.client_segmentation.apply_suggested_segments",
						{ filters: report.get_filter_values() }
					)
					.then((changed) => {
						frappe.show_alert({
							message: __("{0} client cards changed", [changed.length]),
							indicator: "green",
						});
						report.refresh();
					});
			});
		});
	},
};
