// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

frappe.ui.form.on("Product Request", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.status !== "Open") return;
		if (!(frappe.user.has_role("Item Manager") || frappe.user.has_role("System Manager"))) return;
		frm.add_custom_button(__("Approve", null, "Product Request"), () =>
			frappe.prompt(
				[
					{ fieldname: "item_code", fieldtype: "Data", label: __("Item Code"), default: frm.doc.name },
					{ fieldname: "item_group", fieldtype: "Link", label: __("Item Group"), options: "Item Group", reqd: 1, default: frm.doc.item_group },
				],
				(values) => frm.call({ method: "approve", doc: frm.doc, args: values, freeze: true }).then(() => frm.reload_doc()),
				__("New Item, disabled until priced")
			)
		);
		frm.add_custom_button(__("Reject", null, "Product Request"), () =>
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Rejection"), reqd: 1 },
				(values) => frm.call({ method: "reject", doc: frm.doc, args: values, freeze: true }).then(() => frm.reload_doc()),
				__("Reject", null, "Product Request")
			)
		);
	},
});
