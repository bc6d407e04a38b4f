// Debt rule (Account Manager app): a draft order of a client in debt waits for the Sales Head, who
// approves it; the manager can ask for that approval.
frappe.ui.form.on("Sales Order", {
	refresh(frm) {
		const warning = frm.doc.__onload && frm.doc.__onload.debt_warning;
		if (frm.doc.docstatus !== 0 || frm.is_new() || frm.doc.debt_approved_by || !warning) return;
		frm.dashboard.add_comment(warning.message, "orange", true);
		if (frappe.user.has_role("Sales Head")) {
			frm.add_custom_button(__("Approve Despite Debt"), () => {
				frappe.confirm(__("Let this order of a client in debt be submitted?"), () => {
					frappe
						.call({ method: "account_manager.api.approve_debt_order", args: { sales_order: frm.doc.name }, freeze: true })
						.then(() => frm.reload_doc());
				});
			});
		} else {
			frm.add_custom_button(__("Ask the Sales Head to Approve"), () => {
				frappe
					.call({ method: "account_manager.api.request_debt_approval", args: { sales_order: frm.doc.name }, freeze: true })
					.then((r) => {
						frappe.show_alert({
							message: __("Sent for approval to {0}", [(r.message || []).join(", ")]),
							indicator: "green",
						});
						frm.reload_doc();
					});
			});
		}
	},
});
