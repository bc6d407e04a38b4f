// ERPNext's Contract, negotiated with the client (issue 25: CT2): Send, Agreed and Sign move its
// negotiation status; the server keeps every move on the timeline.
frappe.ui.form.on("Contract", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.docstatus === 1 && (frm.doc.rebate_tiers || []).length) {
			account_manager.contract.show_rebate(frm, { contract: frm.doc.name });
		}
		if (!frm.is_new() && frm.doc.docstatus === 1) {
			frm.add_custom_button(__("Renew"), () =>
				frappe.call({ method: "account_manager.contracts.renew_contract", args: { contract: frm.doc.name }, freeze: true })
					.then((r) => r.message && frappe.set_route("Form", "Contract", r.message)));
		}
		if (frm.is_new() || frm.doc.docstatus !== 0) return;
		if (frappe.user.has_role("Sales Head") && !frm.doc.terms_approved_by) {
			frm.add_custom_button(__("Approve Terms"), () =>
				frappe.call({ method: "account_manager.contracts.approve_terms", args: { contract: frm.doc.name }, freeze: true })
					.then(() => frm.reload_doc()), __("Negotiation"));
		}
		const call = (method, args) =>
			frappe.call({ method: `account_manager.contracts.${method}`, args: { contract: frm.doc.name, ...args }, freeze: true })
				.then(() => frm.reload_doc());
		const status = frm.doc.negotiation_status || "Draft";
		if (frm.doc.sent_on) {
			frm.add_custom_button(__("Changes Since Sent"), () =>
				frappe.call({ method: "account_manager.contracts.terms_changes", args: { contract: frm.doc.name } }).then((r) => {
					const c = r.message || {};
					const lines = (rows, sign, cls) => rows.map((t) => `<div class="${cls}">${sign} ${frappe.utils.escape_html(t)}</div>`).join("");
					frappe.msgprint({
						title: __("Changes since the client received it on {0}", [frappe.datetime.str_to_user(c.sent_on)]),
						message: c.changed
							? lines(c.removed, "−", "text-danger") + lines(c.added, "+", "text-success")
							: __("The terms are as the client received them."),
						wide: true,
					});
				}), __("Negotiation"));
		}
		frm.add_custom_button(__("Send to the Client"), () => call("send_contract"), __("Negotiation"));
		if (["Sent", "Negotiation"].includes(status)) {
			frm.add_custom_button(__("Agreed", null, "Contract"), () => call("mark_agreed"), __("Negotiation"));
		}
		if (status === "Agreed") {
			frm.add_custom_button(__("Sign"), () =>
				frappe.prompt({ fieldname: "signee", fieldtype: "Data", label: __("Signed for the client by"), reqd: 1 },
					(v) => call("sign_contract", { signee: v.signee }), __("Sign the Contract")),
				__("Negotiation"));
		}
	},
});
