// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// account_manager.report_filters and account_manager.list_view (public/js/desk_shared.js)
{% include "account_manager/public/js/desk_shared.js" %}

frappe.listview_settings["Commercial Offer"] = {
	onload(listview) {
		account_manager.list_view.add_button_label(listview, __("Add Commercial Offer"));
	},
};
