// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// One offer or promotion to many clients: Send Campaign runs the campaign job (progress shown as it goes);
// run again on a campaign partly sent, it sends only to the clients still pending or failed.
const RECIPIENT_COLORS = { Pending: "gray", Sent: "green", Skipped: "orange", Failed: "red" };

frappe.ui.form.on("Offer Campaign", {
	setup(frm) {
		frm.set_indicator_formatter("client_card", (row) => RECIPIENT_COLORS[row.status] || "gray");
	},

	refresh(frm) {
		if (frm.is_new()) return;
		const to_send = (frm.doc.recipients || []).some((row) => ["Pending", "Failed"].includes(row.status));
		if (to_send || frm.doc.status === "Draft") {
			frm.add_custom_button(__("Send Campaign"), () =>
				frm.call({ method: "send", doc: frm.doc, freeze: true }).then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
	},
});
