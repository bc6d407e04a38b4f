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

// The turnover rebate of the client's signed contract (CT4): the period's turnover so far, the threshold
// reached and the distance to the next, on the card and on the contract.
account_manager.contract.show_rebate = function (frm, args) {
	frappe.call({ method: "account_manager.contract_performance.rebate_progress", args }).then((r) => {
		const p = r.message;
		if (!p) return;
		const money = (v) => format_currency(v, p.currency);
		const pct = (v) => format_number(v, null, v % 1 ? 1 : 0);
		const parts = [
			__("Turnover rebate {0} – {1}: turnover {2}", [
				frappe.datetime.str_to_user(p.period_start),
				frappe.datetime.str_to_user(p.period_end),
				money(p.turnover),
			]),
		];
		if (p.percent) parts.push(__("{0}% rebate reached ({1})", [pct(p.percent), money(p.rebate)]));
		if (p.next_threshold) {
			parts.push(
				__("{0} to the next threshold of {1} ({2}%), {3}% of the way", [
					money(p.to_next),
					money(p.next_threshold),
					pct(p.next_percent),
					pct(p.progress),
				])
			);
		}
		frm.dashboard.add_comment(parts.join("; "), "blue", true);
	});
};

frappe.ui.form.on("Client Card", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.party_type === "Customer") {
			account_manager.contract.show_rebate(frm, { client_card: frm.doc.name });
		}
	},
});
