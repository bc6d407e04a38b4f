// Draft Contract on a client card, an accepted offer or a quotation (issue 25: CT1): an ERPNext Contract
// for the client from a Contract Template, filled with the client's terms and the lines.
frappe.provide("account_manager.contract");

account_manager.contract.draft = function (frm) {
	frappe.prompt(
		{ fieldname: "contract_template", fieldtype: "Link", options: "Contract Template", label: __("Contract Template") },
		(v) => frappe.call({
			method: "account_manager.contracts.draft_contract",
			args: { source_doctype: frm.doctype, source_name: frm.doc.name, contract_template: v.contract_template },
			freeze: true,
		}).then((r) => r.message && frappe.set_route("Form", "Contract", r.message)),
		__("Draft Contract")
	);
};

const can_draft = {
	"Client Card": (doc) => true,
	"Commercial Offer": (doc) => doc.status === "Accepted",
	Quotation: (doc) => doc.docstatus !== 2,
};
Object.keys(can_draft).forEach((doctype) =>
	frappe.ui.form.on(doctype, {
		refresh(frm) {
			if (!frm.is_new() && can_draft[doctype](frm.doc)) {
				frm.add_custom_button(__("Draft Contract"), () => account_manager.contract.draft(frm), __("Create"));
			}
		},
	})
);
