// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt
// "Log Call" and "New Offer" on ERPNext's Customer form, through the customer's Client Card.

frappe.ui.form.on("Customer", {
	refresh(frm) {
		if (frm.is_new() || !frappe.model.can_read("Client Card")) return;
		frappe.db.get_value("Client Card", { party_type: "Customer", party: frm.doc.name }, "name").then((r) => {
			const card = r.message && r.message.name;
			const group = __("Account Manager");
			if (!card) {
				frm.add_custom_button(
					__("Client Card"),
					() => frappe.new_doc("Client Card", { party_type: "Customer", party: frm.doc.name }),
					__("Create")
				);
				return;
			}
			frm.add_custom_button(__("Client Card"), () => frappe.set_route("Form", "Client Card", card), group);
			frm.add_custom_button(__("Log Call"), () => frappe.new_doc("Client Call", { client_card: card }), group);
			frm.add_custom_button(__("New Offer"), () => frappe.new_doc("Commercial Offer", { client_card: card }), group);
		});
	},
});
