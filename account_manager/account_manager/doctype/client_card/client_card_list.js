// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// The Sales Head deals out the portfolios: the selected cards go to a manager in one action (their open
// work follows on the server), and Create Missing Cards gives every client without a card its card.
// the title and kind of a campaign, asked for by both ways of starting one
frappe.provide("account_manager.client_card_list");
account_manager.client_card_list.campaign_fields = () => [
	{ fieldname: "title", fieldtype: "Data", label: __("Title", null, "Offer Campaign"), reqd: 1 },
	{
		fieldname: "kind",
		fieldtype: "Select",
		label: __("Kind"),
		options: [
			{ value: "Offer", label: __("Offer") },
			{ value: "Promotion", label: __("Promotion", null, "Offer Campaign") },
		],
		default: "Offer",
	},
];

frappe.listview_settings["Client Card"] = {
	add_fields: ["account_manager", "party_type"],
	get_indicator(doc) {
		if (!doc.account_manager) return [__("Unassigned Pool"), "orange", "account_manager,is,not set"];
	},
	onload(listview) {
		// one offer or promotion to the selected clients: a draft Offer Campaign, its lines added there (OF5)
		if (frappe.user.has_role("Account Manager") || frappe.user.has_role("Sales Head")) {
			listview.page.add_actions_menu_item(__("Send Offer to Selected"), () => {
				const client_cards = listview.get_checked_items(true);
				if (!client_cards.length) return;
				const dialog = new frappe.ui.Dialog({
					title: __("Campaign to {0} Clients", [client_cards.length]),
					fields: [
						...account_manager.client_card_list.campaign_fields(),
						{ fieldname: "email_template", fieldtype: "Link", options: "Email Template", label: __("Email Template") },
						{ fieldname: "proposal", fieldtype: "Text Editor", label: __("Proposal") },
					],
					primary_action_label: __("Create Campaign"),
					primary_action(values) {
						frappe
							.xcall("account_manager.account_manager.doctype.offer_campaign.offer_campaign.make_campaign", {
								client_cards,
								...values,
							})
							.then((name) => {
								dialog.hide();
								listview.clear_checked_items();
								frappe.set_route("Form", "Offer Campaign", name);
							});
					},
				});
				dialog.show();
			});
		}
		// or to the clients of a segment, or those not offered anything for N days
		if (frappe.user.has_role("Account Manager") || frappe.user.has_role("Sales Head")) {
			listview.page.add_inner_button(__("Campaign by Filter"), () =>
				frappe.prompt(
					[
						...account_manager.client_card_list.campaign_fields(),
						{ fieldname: "segment", fieldtype: "Select", label: __("Segment"), options: ["", "A", "B", "C"] },
						{ fieldname: "not_offered_days", fieldtype: "Int", label: __("Not Offered for Days") },
						{ fieldname: "email_template", fieldtype: "Link", options: "Email Template", label: __("Email Template") },
					],
					(values) =>
						frappe
							.xcall("account_manager.account_manager.doctype.offer_campaign.offer_campaign.make_campaign", values)
							.then((name) => frappe.set_route("Form", "Offer Campaign", name)),
					__("Campaign by Filter"),
					__("Create Campaign")
				)
			);
		}
		if (!(frappe.user.has_role("Sales Head") || frappe.user.has_role("System Manager"))) return;

		listview.page.add_actions_menu_item(__("Assign to Account Manager"), () => {
			const cards = listview.get_checked_items(true);
			if (!cards.length) return;
			const dialog = new frappe.ui.Dialog({
				title: __("Assign {0} Clients", [cards.length]),
				fields: [
					{
						fieldname: "account_manager",
						fieldtype: "Link",
						options: "User",
						label: __("Account Manager"),
						reqd: 1,
						get_query: () => ({
							query: "frappe.core.doctype.user.user.user_query",
							filters: { ignore_user_type: 1 },
						}),
					},
				],
				primary_action_label: __("Assign Clients"),
				primary_action({ account_manager }) {
					frappe
						.xcall("account_manager.cards.assign_cards", { cards, account_manager })
						.then((changed) => {
							dialog.hide();
							frappe.show_alert({
								message: __("{0} clients assigned to {1}", [changed.length, account_manager]),
								indicator: "green",
							});
							listview.clear_checked_items();
							listview.refresh();
						});
				},
			});
			dialog.show();
		});

		listview.page.add_inner_button(__("Create Missing Cards"), () =>
			frappe.confirm(__("Give every customer without a client card its card (a background job)?"), () =>
				frappe.xcall("account_manager.cards.enqueue_missing_cards").then(() =>
					frappe.show_alert({ message: __("Creating client cards in the background"), indicator: "blue" })
				)
			)
		);
	},
};
