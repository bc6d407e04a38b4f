// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// The Sales Head deals out the portfolios: the selected cards go to a manager in one action (their open
// work follows on the server), and Create Missing Cards gives every client without a card its card.
frappe.listview_settings["Client Card"] = {
	add_fields: ["account_manager", "party_type"],
	get_indicator(doc) {
		if (!doc.account_manager) return [__("Unassigned Pool"), "orange", "account_manager,is,not set"];
	},
	onload(listview) {
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
