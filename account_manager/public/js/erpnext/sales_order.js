// Debt rule (Account Manager app): the Sales Head approves a draft order of a client in debt.
frappe.ui.form.on("Sales Order", {
	refresh(frm) {
		if (frm.doc.docstatus !== 0 || frm.is_new() || frm.doc.debt_approved_by) return;
		if (!frappe.user.has_role("Sales Head")) return;
		frm.add_custom_button(__("Approve Despite Debt"), () => {
			frappe.confirm(__("Let this order of a client in debt be submitted?"), () => {
				frappe
					.call("account_manager.api.approve_debt_order", { sales_order: frm.doc.name })
					.then(() => frm.reload_doc());
			});
		});
	},
});
