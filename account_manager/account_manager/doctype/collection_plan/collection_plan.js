// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.ui.form.on("Collection Plan", {
	refresh(frm) {
		frm.set_df_property("steps", "cannot_add_rows", true);
		frm.set_df_property("steps", "cannot_delete_rows", true);
	},
});
