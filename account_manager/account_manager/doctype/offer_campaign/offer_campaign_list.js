// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// the status says what happened: a campaign that reached nobody is red, not "Sent"
const CAMPAIGN_COLORS = {
	Draft: "gray",
	Queued: "blue",
	Sending: "blue",
	Sent: "green",
	"Partly Sent": "orange",
	"Nothing Sent": "red",
};

// the list's Add button names the DocType in the accusative, as Polish needs it ("Dodaj ofertę handlową",
// not Frappe's "Dodaj Oferta handlowa": "Add" and the DocType's name put side by side) (issue 27)
const add_campaign_button_label = (listview, label) => {
	const set_primary_action = listview.set_primary_action.bind(listview);
	listview.set_primary_action = () => {
		set_primary_action();
		if (listview.can_create && !frappe.boot.read_only && !listview.$result.find(".list-row-checkbox:checked").length) {
			listview.page.set_primary_action(
				label,
				() => (listview.settings.primary_action ? listview.settings.primary_action() : listview.make_new_doc()),
				"add"
			);
		}
	};
	listview.set_primary_action();
};

frappe.listview_settings["Offer Campaign"] = {
	onload(listview) {
		add_campaign_button_label(listview, __("Add Offer Campaign"));
	},
	add_fields: ["status"],
	get_indicator(doc) {
		return [__(doc.status, null, "Offer Campaign"), CAMPAIGN_COLORS[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
