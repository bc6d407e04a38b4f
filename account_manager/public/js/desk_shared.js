// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// What the app's report and list scripts share. Frappe loads those scripts one by one (a report's with the
// report, a list's with its DocType's meta), so each takes this file in with Frappe's include directive at
// its top, read from the app's folder as its own script is: it only assigns to the account_manager
// namespace (no top-level const), so running it once per script is harmless.

frappe.provide("account_manager.report_filters");
frappe.provide("account_manager.list_view");

// a date filter holding a date shows no placeholder: its label stays visible beside it (issue 27)
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

// the list's Add button names the DocType in the accusative, as Polish needs it ("Dodaj ofertę handlową",
// not Frappe's "Dodaj Oferta handlowa": "Add" and the DocType's name put side by side) (issue 27)
account_manager.list_view.add_button_label = (listview, label) => {
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
