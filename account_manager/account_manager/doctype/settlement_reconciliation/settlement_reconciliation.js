// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.ui.form.on("Settlement Reconciliation", {
	refresh(frm) {
		if (frm.is_new()) return;
		const status = frm.doc.status;
		if (["Draft", "Sent", "Disputed"].includes(status)) {
			frm.add_custom_button(__("Send to Client"), () =>
				frm.call({ method: "send_to_client", doc: frm.doc, freeze: true }).then(() => frm.reload_doc())
			);
		}
		if (["Sent", "Disputed"].includes(status)) {
			frm.add_custom_button(__("Confirmed"), () => frm.call({ method: "confirm", doc: frm.doc, freeze: true }).then(() => frm.reload_doc()), __("Client's Answer"));
			frm.add_custom_button(
				__("Disputed"),
				() =>
					frappe.prompt(
						[
							{ fieldname: "client_closing_balance", fieldtype: "Data", label: __("Client's Closing Balance"), reqd: 1 },
							{ fieldname: "notes", fieldtype: "Small Text", label: __("Notes") },
						],
						(values) => frm.call({ method: "dispute", doc: frm.doc, args: values, freeze: true }).then(() => frm.reload_doc()),
						__("Client disputes the statement")
					),
				__("Client's Answer")
			);
		}
	},
});
