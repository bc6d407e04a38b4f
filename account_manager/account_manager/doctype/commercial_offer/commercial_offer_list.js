// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// the list's Add button names the DocType in the accusative, as Polish needs it ("Dodaj ofertę handlową",
// not Frappe's "Dodaj Oferta handlowa": "Add" and the DocType's name put side by side) (issue 27)
const add_button_label = (listview, label) => {
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

frappe.listview_settings["Commercial Offer"] = {
	onload(listview) {
		add_button_label(listview, __("Add Commercial Offer"));
	},
};
