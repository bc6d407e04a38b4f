// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.ui.form.on("Account Manager Report", {
	refresh(frm) {
		if (frm.doc.flagged_late) {
			frm.dashboard.set_headline_alert(__("Not submitted by the 3rd"), "red");
		}
		if (frm.doc.docstatus === 1 && !frm.doc.approved_by && frappe.user.has_role("Sales Head")) {
			frm.add_custom_button(__("Approve", null, "Account Manager Report"), () => frm.call({ method: "approve", doc: frm.doc, freeze: true }).then(() => frm.reload_doc()));
		}
	},
});
