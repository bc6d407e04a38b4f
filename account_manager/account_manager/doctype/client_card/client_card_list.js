// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// account_manager.report_filters and account_manager.list_view (public/js/desk_shared.js)
{% include "account_manager/public/js/desk_shared.js" %}

frappe.provide("account_manager.client_card_list");

// the title and kind of a campaign, asked for by both ways of starting one
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

const MAKE_CAMPAIGN = "account_manager.account_manager.doctype.offer_campaign.offer_campaign.make_campaign";

// an action of the list's Actions menu on the ticked cards, asking for `fields` in a dialog first;
// act(cards, values) returns a promise, the dialog closes and the ticks are cleared when it resolves
account_manager.client_card_list.add_checked_action = (listview, label, { title, fields, primary_action_label, act }) => {
	listview.page.add_actions_menu_item(label, () => {
		const cards = listview.get_checked_items(true);
		if (!cards.length) return;
		// one key per dialog: a double click on its button, or a retry, makes one campaign
		const request_key = frappe.utils.get_random(20);
		const dialog = new frappe.ui.Dialog({
			title: title(cards.length),
			fields,
			primary_action_label,
			primary_action: (values) =>
				act(cards, values, request_key).then(() => {
					dialog.hide();
					listview.clear_checked_items();
				}),
		});
		dialog.show();
	});
};

// one offer or promotion to the selected clients, or to the clients of a segment / not offered anything
// for N days: a draft Offer Campaign, its lines added there (OF5)
account_manager.client_card_list.add_campaign_actions = (listview) => {
	account_manager.client_card_list.add_checked_action(listview, __("Send Offer to Selected"), {
		title: (count) => __("Campaign to {0} Clients", [count]),
		fields: [
			...account_manager.client_card_list.campaign_fields(),
			{ fieldname: "email_template", fieldtype: "Link", options: "Email Template", label: __("Email Template") },
			{ fieldname: "proposal", fieldtype: "Text Editor", label: __("Proposal") },
		],
		primary_action_label: __("Create Campaign"),
		act: (client_cards, values, request_key) =>
			frappe
				.call({ method: MAKE_CAMPAIGN, args: { client_cards, ...values, request_key }, freeze: true })
				.then((r) => frappe.set_route("Form", "Offer Campaign", r.message)),
	});
	listview.page.add_inner_button(__("Campaign by Filter"), () => {
		const request_key = frappe.utils.get_random(20);
		frappe.prompt(
			[
				...account_manager.client_card_list.campaign_fields(),
				{ fieldname: "segment", fieldtype: "Select", label: __("Segment"), options: ["", "A", "B", "C"] },
				{ fieldname: "not_offered_days", fieldtype: "Int", label: __("Not Offered for Days") },
				{ fieldname: "email_template", fieldtype: "Link", options: "Email Template", label: __("Email Template") },
			],
			(values) =>
				frappe
					.call({ method: MAKE_CAMPAIGN, args: { ...values, request_key }, freeze: true })
					.then((r) => frappe.set_route("Form", "Offer Campaign", r.message)),
			__("Campaign by Filter"),
			__("Create Campaign")
		);
	});
};

// the Sales Head deals out the portfolios: the selected cards go to a manager in one action (their open
// work follows on the server), and Create Missing Cards gives every client without a card its card
account_manager.client_card_list.add_assignment_actions = (listview) => {
	account_manager.client_card_list.add_checked_action(listview, __("Assign to Account Manager"), {
		title: (count) => __("Assign {0} Clients", [count]),
		fields: [
			{
				fieldname: "account_manager",
				fieldtype: "Link",
				options: "User",
				label: __("Account Manager"),
				reqd: 1,
				get_query: () => ({ query: "frappe.core.doctype.user.user.user_query", filters: { ignore_user_type: 1 } }),
			},
		],
		primary_action_label: __("Assign Clients"),
		act: (cards, { account_manager }) =>
			frappe.call({ method: "account_manager.cards.assign_cards", args: { cards, account_manager }, freeze: true }).then(({ message: changed }) => {
				frappe.show_alert({
					message: __("{0} clients assigned to {1}", [changed.length, account_manager]),
					indicator: "green",
				});
				listview.refresh();
			}),
	});
	listview.page.add_inner_button(__("Create Missing Cards"), () =>
		frappe.confirm(__("Give every customer without a client card its card (a background job)?"), () =>
			frappe.call({ method: "account_manager.cards.enqueue_missing_cards", freeze: true }).then(() =>
				frappe.show_alert({ message: __("Creating client cards in the background"), indicator: "blue" })
			)
		)
	);
};

frappe.listview_settings["Client Card"] = {
	add_fields: ["account_manager", "party_type", "has_email_contact", "debt_blocked"],
	// the search box looks up the client's name (the title field), not the card's number
	hide_name_filter: true,
	// the Status column is never empty: the pool, then what a campaign would do with the client (skip it for
	// its debt or for want of an e-mail contact, or reach it)
	get_indicator(doc) {
		if (!doc.account_manager) return [__("Unassigned Pool"), "orange", "account_manager,is,not set"];
		// short words: the Status column is narrow (the filters and the form say it in full)
		if (doc.debt_blocked && !doc.has_email_contact)
			return [__("In Debt, No E-mail"), "red", "debt_blocked,=,1|has_email_contact,=,0"];
		if (doc.debt_blocked) return [__("In Debt"), "red", "debt_blocked,=,1"];
		if (!doc.has_email_contact) return [__("No E-mail", null, "Client Card"), "yellow", "has_email_contact,=,0"];
		return [__("Has E-mail"), "green", "has_email_contact,=,1"];
	},
	onload(listview) {
		account_manager.list_view.add_button_label(listview, __("Add Client Card"));
		const has_role = (...roles) => roles.some((role) => frappe.user.has_role(role));
		if (has_role("Account Manager", "Sales Head")) account_manager.client_card_list.add_campaign_actions(listview);
		if (has_role("Sales Head", "System Manager")) account_manager.client_card_list.add_assignment_actions(listview);
	},
};
