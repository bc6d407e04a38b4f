// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

const VERDICT_COLORS = { "In Stock": "green", Partly: "orange", "Out of Stock": "red", "Not a Stock Item": "blue" };

frappe.ui.form.on("Commercial Offer", {
	setup(frm) {
		frm.set_indicator_formatter("item_code", (row) => VERDICT_COLORS[row.verdict] || "gray");
	},

	client_card(frm) {
		account_manager.offer.show_debt(frm);
		account_manager.offer.fill_in(frm);
	},

	refresh(frm) {
		account_manager.offer.show_debt(frm);
		account_manager.offer.setup_alternative_column(frm);
		if (frm.is_new()) {
			account_manager.offer.fill_in(frm);
			return;
		}
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

// a line's price and stock verdict as soon as its item or quantity is typed, before the offer is saved
frappe.ui.form.on("Commercial Offer Item", {
	item_code(frm, cdt, cdn) {
		account_manager.offer.quote(frm, cdt, cdn, true);
	},
	qty(frm, cdt, cdn) {
		account_manager.offer.quote(frm, cdt, cdn, false);
	},
	rate(frm, cdt, cdn) {
		account_manager.offer.set_amount(frm, locals[cdt][cdn]);
	},
	items_remove(frm) {
		account_manager.offer.set_total(frm);
	},
	// a line added by Add Row is ready for its item: typed, not clicked into
	items_add(frm, cdt, cdn) {
		account_manager.offer.setup_alternative_column(frm);
		setTimeout(() => {
			const grid = frm.fields_dict.items.grid;
			const row = grid.get_row(cdn);
			if (!row || grid.grid_rows[grid.grid_rows.length - 1] !== row) return;
			if (!row.columns || !row.columns.item_code || !row.columns.item_code.field) row.toggle_editable_row(true);
			const field = row.columns.item_code && row.columns.item_code.field;
			if (field && field.$input && !$(document.activeElement).closest(row.row).length) field.$input.trigger("focus");
		}, 150);
	},
});

frappe.provide("account_manager.offer");

const QUOTED_FIELDS = [
	"price_list_rate", "discount_percentage", "pricing_rules", "available_qty", "verdict", "shortfall_qty",
	"expected_date", "expected_source", "expected_source_name", "alternative_item", "alternative_available_qty",
	"alternatives",
];

account_manager.offer.quote = function (frm, cdt, cdn, new_item) {
	const row = locals[cdt][cdn];
	if (!row || !row.item_code || !frm.doc.client_card || !(row.qty > 0)) return;
	const ask = (row.__quote_seq = (row.__quote_seq || 0) + 1);
	frappe
		.xcall("account_manager.account_manager.doctype.commercial_offer.commercial_offer.quote_line", {
			client_card: frm.doc.client_card,
			item_code: row.item_code,
			qty: row.qty,
			warehouse: row.warehouse || null,
			company: frm.doc.company || null,
			transaction_date: frm.doc.transaction_date || null,
		})
		.then((line) => {
			if (ask !== row.__quote_seq || !locals[cdt][cdn]) return; // a newer question was asked
			for (const field of QUOTED_FIELDS) row[field] = line[field];
			// a rate typed by hand stays while only the quantity changes
			if (new_item || !row.rate || flt(row.rate) === flt(row.__quoted_rate)) row.rate = line.rate;
			row.__quoted_rate = line.rate;
			if (!frm.doc.currency && line.currency) frm.doc.currency = line.currency;
			if (!frm.doc.price_list && line.price_list) frm.doc.price_list = line.price_list;
			account_manager.offer.set_amount(frm, row);
		});
};

account_manager.offer.set_amount = function (frm, row) {
	row.amount = flt(flt(row.qty) * flt(row.rate), precision("amount", row));
	// the row's cells only: a refresh of the whole grid would take the cursor from the line being typed
	const grid = frm.fields_dict.items.grid;
	for (const field of [...QUOTED_FIELDS, "rate", "amount"]) grid.set_value(field, row[field], row);
	account_manager.offer.set_total(frm);
	frm.dirty();
};

account_manager.offer.set_total = function (frm) {
	frm.set_value("total", (frm.doc.items || []).reduce((sum, d) => sum + flt(d.amount), 0));
};

// a new offer fills itself in from the client: its contact for offers, Valid Till, the Email Template
account_manager.offer.fill_in = function (frm) {
	if (!frm.is_new() || !frm.doc.client_card || frm.__filled_for === frm.doc.client_card) return;
	frm.__filled_for = frm.doc.client_card;
	frappe
		.xcall("account_manager.account_manager.doctype.commercial_offer.commercial_offer.offer_defaults", {
			client_card: frm.doc.client_card,
			transaction_date: frm.doc.transaction_date || null,
		})
		.then((defaults) => {
			const values = {};
			// a contact filled in for the client chosen before is replaced; one typed in stays
			const filled = frm.__filled_contact || {};
			const own_contact =
				(frm.doc.contact_person || frm.doc.contact_email) &&
				(frm.doc.contact_person !== filled.contact_person || frm.doc.contact_email !== filled.contact_email);
			if (!own_contact) {
				Object.assign(values, { contact_person: defaults.contact_person || "", contact_email: defaults.contact_email || "" });
				frm.__filled_contact = { contact_person: values.contact_person, contact_email: values.contact_email };
			}
			for (const field of ["valid_till", "email_template"]) {
				if (!frm.doc[field] && defaults[field]) values[field] = defaults[field];
			}
			return Object.keys(values).length && frm.set_value(values);
		});
	// lines typed before the client was chosen get their prices now
	for (const row of frm.doc.items || []) account_manager.offer.quote(frm, row.doctype, row.name, false);
};

// the Alternative column: one click puts the alternative on the line
account_manager.offer.setup_alternative_column = function (frm) {
	const control = frm.fields_dict.items;
	const grid = control && control.grid;
	if (!grid) return;
	const formatter = (value, df, options, doc) => {
		if (!value) return "";
		const esc = frappe.utils.escape_html;
		const open = account_manager.offer.is_open(frm);
		const label = `${esc(value)} (${format_number(doc.alternative_available_qty || 0, null, 0)})`;
		return open
			? `<button type="button" class="btn btn-xs btn-default am-use-alternative" data-row="${esc(doc.name)}"
				title="${esc(__("Use Alternative"))}">⇄ ${label}</button>`
			: label;
	};
	// the verdict with what decides it: how many are there and when the rest comes (one column, readable
	// at 1440 px in English and Polish)
	const verdict = (value, df, options, doc) => {
		if (!value) return "";
		let text = __(value, null, "Commercial Offer Item");
		if (["Partly", "Out of Stock"].includes(value)) {
			if (value === "Partly") text += `: ${format_number(doc.available_qty || 0, null, 0)}`;
			if (doc.expected_date) text += ` → ${frappe.datetime.str_to_user(doc.expected_date)}`;
		}
		return frappe.utils.escape_html(text);
	};
	for (const df of [grid.docfields || [], ...(grid.grid_rows || []).map((r) => r.docfields || [])].flat()) {
		if (df && df.fieldname === "alternative_item") df.formatter = formatter;
		if (df && df.fieldname === "verdict") df.formatter = verdict;
	}
	const wrapper = control.$wrapper[0];
	if (wrapper.__am_alternative) return;
	wrapper.__am_alternative = true;
	// a line being edited shows the Alternative as a disabled input, which a browser gives no clicks: the
	// click goes to its cell
	frappe.dom.set_style(
		`.frappe-control[data-fieldname="items"] .grid-static-col[data-fieldname="alternative_item"] input { pointer-events: none; }
		.frappe-control[data-fieldname="items"] .grid-static-col[data-fieldname="alternative_item"] { cursor: pointer; }`,
		"am-offer-alternative"
	);
	// on the press, in the capture phase: the click swaps, it does not open the line or its field for editing
	wrapper.addEventListener(
		"mousedown",
		(event) => {
			// the Alternative cell, shown or being edited, is the button
			const cell = event.target.closest(".am-use-alternative, [data-fieldname='alternative_item']");
			const line = cell && cell.closest(".grid-row[data-name]");
			const row = line && (frm.doc.items || []).find((d) => d.name === line.dataset.name);
			if (!row || !row.alternative_item || !account_manager.offer.is_open(frm)) return;
			event.stopPropagation();
			event.preventDefault();
			account_manager.offer.swap(frm, row.name);
		},
		true
	);
};

account_manager.offer.is_open = (frm) => !frm.doc.status || ["Draft", "Sent", "Negotiation"].includes(frm.doc.status);

account_manager.offer.swap = function (frm, row_name) {
	const row = (frm.doc.items || []).find((d) => d.name === row_name);
	if (!row || !row.alternative_item) return;
	if (frm.is_new() || frm.is_dirty() || row.__islocal) {
		const replaced = row.replaced_item || row.item_code;
		frappe.model.set_value(row.doctype, row.name, "item_code", row.alternative_item).then(() =>
			frappe.model.set_value(row.doctype, row.name, "replaced_item", replaced)
		);
		return;
	}
	frm.call("use_alternative", { row: row.name }).then(() => frm.reload_doc());
};

account_manager.offer.send = function (frm) {
	const fields = [{ fieldname: "request_goods", fieldtype: "Check", label: __("Also request the missing goods") }];
	if (frm.doc.channel === "E-mail") {
		fields.unshift(
			{ fieldname: "recipients", fieldtype: "Data", label: __("To"), default: frm.doc.contact_email, reqd: 1 },
			{ fieldname: "email_template", fieldtype: "Link", options: "Email Template", label: __("Email Template"), default: frm.doc.email_template }
		);
	}
	frappe.prompt(
		fields,
		(v) =>
			frm.call({ method: "send", doc: frm.doc, args: v, freeze: true }).then(() => {
				// sent from the queue or the card: back there, for the next client
				const back = account_manager.offer.return_to;
				account_manager.offer.return_to = null;
				if (back && back.client_card === frm.doc.client_card) {
					frappe.show_alert({ message: __("Offer {0} sent", [frm.doc.name]), indicator: "green" });
					frappe.set_route(back.route);
				} else {
					frm.reload_doc();
				}
			}),
		__("Send Offer"),
		__("Send")
	);
};

account_manager.offer.use_alternative = function (frm) {
	const rows = frm.doc.items.filter((d) => d.alternative_item);
	if (rows.length === 1) {
		account_manager.offer.swap(frm, rows[0].name); // nothing to choose
		return;
	}
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
