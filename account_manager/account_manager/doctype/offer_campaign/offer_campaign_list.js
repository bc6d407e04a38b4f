// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// account_manager.report_filters and account_manager.list_view (public/js/desk_shared.js)
{% include "account_manager/public/js/desk_shared.js" %}

// the status says what happened: a campaign that reached nobody is red, not "Sent"
const CAMPAIGN_COLORS = {
	Draft: "gray",
	Queued: "blue",
	Sending: "blue",
	Sent: "green",
	"Partly Sent": "orange",
	"Nothing Sent": "red",
};

frappe.listview_settings["Offer Campaign"] = {
	onload(listview) {
		account_manager.list_view.add_button_label(listview, __("Add Offer Campaign"));
	},
	add_fields: ["status"],
	get_indicator(doc) {
		return [__(doc.status, null, "Offer Campaign"), CAMPAIGN_COLORS[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
