// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

const VERDICT_COLORS = { "In Stock": "green", Partly: "orange", "Out of Stock": "red", "Not a Stock Item": "blue" };

frappe.ui.form.on("Commercial Offer", {
	setup(frm) {
		frm.set_indicator_formatter("item_code", (row) => VERDICT_COLORS[row.verdict] || "gray");
	},

	client_card(frm) {
		account_manager.offer.show_debt(frm);
	},

	refresh(frm) {
		account_manager.offer.show_debt(frm);
		if (frm.is_new()) return;
		const open = ["Draft", "Sent", "Negotiation"].includes(frm.doc.status);
		if (open) {
			frm.add_custom_button(__("Send"), () => account_manager.offer.send(frm));
			if ((frm.doc.items || []).some((d) => ["Partly", "Out of Stock"].includes(d.verdict))) {
				frm.add_custom_button(__("Request Goods"), () =>
					frm.call({ method: "request_goods", doc: frm.doc, freeze: true }).then(() => frm.reload_doc()), __("Actions", null, "Commercial Offer"));
			}
			if ((frm.doc.items || []).some((d) => d.alternative_item)) {
				frm.add_custom_button(__("Use Alternative"), () => account_manager.offer.use_alternative(frm), __("Actions", null, "Commercial Offer"));
			}
			frm.add_custom_button(__("Ask Production"), () =>
				frappe.prompt(
					{ fieldname: "message", fieldtype: "Small Text", label: __("Question for production"), reqd: 1 },
					(v) => frm.call({ method: "ask_production", doc: frm.doc, args: { message: v.message }, freeze: true }).then(() => frm.reload_doc()),
					__("Production Consultation")
				), __("Actions", null, "Commercial Offer"));
			// the client asks for goods the company does not carry: a new product card (CB16)
			frm.add_custom_button(__("New Product Request"), () =>
				frappe.new_doc("Product Request", { client_card: frm.doc.client_card, commercial_offer: frm.doc.name }),
				__("Actions", null, "Commercial Offer"));
		}
		const next = {
			Draft: ["Rejected"], Sent: ["Negotiation", "Accepted", "Rejected"],
			Negotiation: ["Sent", "Accepted", "Rejected"], Accepted: ["Negotiation"], Rejected: ["Negotiation"], Expired: ["Negotiation"],
		}[frm.doc.status] || [];
		next.forEach((status) =>
			frm.add_custom_button(__(status, null, "Commercial Offer"), () => frm.call({ method: "set_status", doc: frm.doc, args: { status }, freeze: true }).then(() => frm.reload_doc()), __("Status")));
		if (frm.doc.status === "Accepted" && (frm.doc.items || []).length) {
			const make = (method) => frappe.model.open_mapped_doc({
				method: `account_manager.account_manager.doctype.commercial_offer.commercial_offer.${method}`, frm,
			});
			frm.add_custom_button(__("Quotation"), () => make("make_quotation"), __("Create"));
			if (frm.doc.party_type === "Customer") frm.add_custom_button(__("Sales Order"), () => make("make_sales_order"), __("Create"));
		}
	},
});

frappe.provide("account_manager.offer");

account_manager.offer.send = function (frm) {
	const fields = [{ fieldname: "request_goods", fieldtype: "Check", label: __("Also request the missing goods") }];
	if (frm.doc.channel === "E-mail") {
		fields.unshift(
			{ fieldname: "recipients", fieldtype: "Data", label: __("To"), default: frm.doc.contact_email, reqd: 1 },
			{ fieldname: "email_template", fieldtype: "Link", options: "Email Template", label: __("Email Template"), default: frm.doc.email_template }
		);
	}
	frappe.prompt(fields, (v) => frm.call({ method: "send", doc: frm.doc, args: v, freeze: true }).then(() => frm.reload_doc()), __("Send Offer"), __("Send"));
};

account_manager.offer.use_alternative = function (frm) {
	const rows = frm.doc.items.filter((d) => d.alternative_item);
	frappe.prompt(
		{
			fieldname: "row", fieldtype: "Select", label: __("Offer Line"), reqd: 1,
			options: rows.map((d) => ({
				value: d.name,
				label: `${d.idx}: ${d.item_code} (${__(d.verdict)}) → ${d.alternative_item} (${d.alternative_available_qty})`,
			})),
		},
		(v) => frm.call({ method: "use_alternative", doc: frm.doc, args: { row: v.row }, freeze: true }).then(() => frm.reload_doc()),
		__("Use Alternative")
	);
};

frappe.provide("account_manager.offer");

// The debt rule, visible before the offer is saved: the client's live status from the ledger.
account_manager.offer.show_debt = function (frm) {
	if (!frm.doc.client_card) return;
	frappe.db.get_value("Client Card", frm.doc.client_card, ["party_type", "party"]).then(({ message: card }) => {
		if (!card || card.party_type !== "Customer") return;
		frappe
			.xcall("account_manager.api.client_status", { party_type: card.party_type, party: card.party })
			.then((status) => {
				if (!status.blocked) return;
				const reasons = status.reasons.map((r) => frappe.utils.escape_html(r.message)).join(" ");
				frm.dashboard.set_headline_alert(
					`<b>${__("Debt Warning")}:</b> ${reasons} ${__("A new order needs the Sales Head's approval.")}`,
					"red"
				);
			});
	});
};
