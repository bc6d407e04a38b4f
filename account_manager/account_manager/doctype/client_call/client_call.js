// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.ui.form.on("Client Call", {
	outcome(frm) {
		if (frm.doc.outcome === "Offer Made") frm.set_value("offer_made", 1);
	},
});
