// Calls from the telephone system (Account Manager app): a call from a number no client card knows
// becomes a New Prospect, with its Client Call, in one click.
frappe.ui.form.on("Call Log", {
	refresh(frm) {
		if (frm.is_new() || !["Completed", "No Answer", "Busy", "Failed"].includes(frm.doc.status)) return;
		frappe.db.get_value("Client Call", { call_log: frm.doc.name }, "name").then((r) => {
			const call = r.message && r.message.name;
			if (call) {
				frm.add_custom_button(__("Client Call"), () => frappe.set_route("Form", "Client Call", call));
				return;
			}
			frm.add_custom_button(__("New Prospect"), () =>
				frappe.prompt(
					{ fieldname: "client_name", fieldtype: "Data", label: __("Company Name"), reqd: 1 },
					(values) =>
						frappe
							.call({
								method: "account_manager.overrides.call_log.prospect_from_call",
								args: { call_log: frm.doc.name, client_name: values.client_name },
								freeze: true,
							})
							.then((res) => frappe.set_route("Form", "Client Card", res.message.client_card)),
					__("New Prospect")
				)
			);
		});
	},
});
