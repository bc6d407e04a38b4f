// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.ui.form.on("KPI Plan", {
	refresh(frm) {
		if (frm.doc.docstatus === 0 && frm.doc.account_manager && frm.doc.month) {
			frm.add_custom_button(__("Copy from Last Month"), () =>
				frm.call({ doc: frm.doc, method: "copy_from_last_month" }).then(() => frm.dirty() || frm.refresh_fields())
			);
		}
	},
});
