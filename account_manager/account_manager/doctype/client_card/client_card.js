// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

function has_proposal(doc) {
	return Boolean(
		doc.proposed_price_list || doc.proposed_payment_terms || doc.proposed_credit_limit || doc.proposed_overdue_tolerance_days
	);
}

frappe.ui.form.on("Client Card", {
	setup(frm) {
		frm.set_query("party_type", () => ({ filters: { name: ["in", ["Customer", "Lead", "Prospect"]] } }));
		frm.set_query("account_manager", () => ({
			query: "frappe.core.doctype.user.user.user_query",
			filters: { ignore_user_type: 1 },
		}));
	},

	refresh(frm) {
		account_manager.client_card.render_panels(frm);
		// the debt rule's terms and the owner are the Sales Head's (the server refuses anyone else)
		const head = frappe.user.has_role("Sales Head") || frappe.user.has_role("System Manager");
		for (const field of ["account_manager", "credit_limit", "overdue_tolerance_days", "payment_terms"]) {
			frm.set_df_property(field, "read_only", head || (frm.is_new() && field === "account_manager") ? 0 : 1);
		}
		if (frm.is_new()) return;

		if (head && frm.doc.party_type === "Customer" && has_proposal(frm.doc)) {
			frm.add_custom_button(__("Apply Proposed Terms"), () =>
				frm.call({ method: "apply_proposed_terms", doc: frm.doc, freeze: true }).then(() => frm.reload_doc())
			);
		}

		// a call is logged in a dialog and the card stays (issue 27)
		frm.add_custom_button(__("Log Call"), () => account_manager.client_card.log_call(frm));
		frm.add_custom_button(__("Mark Reviewed"), () =>
			frm.call({ method: "mark_reviewed", doc: frm.doc, freeze: true }).then(() => frm.reload_doc())
		);
		if (frm.doc.party_type !== "Customer") {
			frm.add_custom_button(__("Convert to Customer"), () =>
				frappe.confirm(
					__("Create the ERPNext Customer for {0} with the proposed terms?", [frm.doc.party_name]),
					() =>
						frm.call({ method: "convert_to_customer", doc: frm.doc, freeze: true }).then((r) => {
							frappe.show_alert({ message: __("Customer {0} created", [r.message]), indicator: "green" });
							frm.reload_doc();
						})
				)
			);
		}
		frm.add_custom_button(__("New Offer"), () => {
			// the offer, once sent, comes back to this card
			frappe.provide("account_manager.offer");
			account_manager.offer.return_to = { route: frappe.get_route(), client_card: frm.doc.name };
			frappe.new_doc("Commercial Offer", { client_card: frm.doc.name });
		});
		// the client's offer still to be sent, sent from here
		frappe.db
			.get_list("Commercial Offer", {
				filters: { client_card: frm.doc.name, status: ["in", ["Draft", "Negotiation"]] },
				fields: ["name", "channel", "contact_email", "email_template"],
				order_by: "modified desc",
				limit: 1,
			})
			.then((offers) => {
				if (!offers.length) return;
				frm.add_custom_button(__("Send Offer {0}", [offers[0].name]), () =>
					account_manager.client_card.send_offer(frm, offers[0])
				);
			});
		if (frm.doc.party_type === "Customer") {
			const party = frm.doc.party;
			const views = {
				Quotation: { party_name: party },
				"Sales Order": { customer: party },
				"Sales Invoice": { customer: party },
				Issue: { customer: party },
				"Settlement Reconciliation": { customer: party },
				"Collection Plan": { customer: party },
			};
			for (const [doctype, filters] of Object.entries(views)) {
				frm.add_custom_button(__(doctype), () => frappe.set_route("List", doctype, filters), __("View", null, "Client Card"));
			}
		}
		frm.add_custom_button(__("Send Greeting"), () => account_manager.client_card.greeting_dialog(frm), __("Actions", null, "Client Card"));
		frm.add_custom_button(
			__("New Product Request"),
			() => frappe.new_doc("Product Request", { client_card: frm.doc.name }),
			__("Actions", null, "Client Card")
		);
	},

	party(frm) {
		if (!frm.doc.party) return;
		frappe.db
			.get_value(frm.doc.party_type, frm.doc.party, frm.doc.party_type === "Customer" ? "customer_name" : "company_name")
			.then((r) => r.message && frm.set_value("party_name", Object.values(r.message)[0]));
	},
});

frappe.provide("account_manager.client_card");

account_manager.client_card.render_panels = function (frm) {
	const onload = frm.doc.__onload || {};
	const fmt = (v) => format_currency(v || 0, frappe.defaults.get_default("currency"));
	// a share or an average with one decimal, in the site's number format ("29,6" in Polish, not "29.6")
	const dec = (v) => format_number(v || 0, null, 1);
	const esc = frappe.utils.escape_html;

	const r = onload.receivables;
	if (r) {
		const indicator = r.blocked ? "red" : r.overdue > 0 ? "orange" : "green";
		const reasons = (r.reasons || []).map((x) => `<li>${esc(x.message)}</li>`).join("");
		frm.get_field("receivables_html").$wrapper.html(`
			<div class="row">
				<div class="col-sm-3"><div class="text-muted">${__("Outstanding", null, "Client Card")}</div><h4>${fmt(r.outstanding)}</h4></div>
				<div class="col-sm-3"><div class="text-muted">${__("Overdue", null, "Client Card")}</div><h4 class="text-${indicator === "green" ? "success" : "danger"}">${fmt(r.overdue)}</h4></div>
				<div class="col-sm-3"><div class="text-muted">${__("Oldest Overdue (Days)")}</div><h4>${r.oldest_overdue_days || 0}</h4></div>
				<div class="col-sm-3"><div class="text-muted">${__("Credit Limit Used")}</div>
					<h4>${r.credit_limit ? `${fmt(r.credit_used)} / ${fmt(r.credit_limit)} (${dec(r.credit_used_percent)}%)` : __("No limit")}</h4></div>
			</div>
			<div><span class="indicator-pill ${indicator}">${r.blocked ? __("Orders need Sales Head approval") : __("No debt block")}</span>
				<span class="ml-3 text-muted">${__("Reliability")}: <b>${r.reliability_score}</b>/100 (${__(r.reliability.basis)})</span></div>
			${reasons ? `<ul class="mt-2">${reasons}</ul>` : ""}`);
	}

	const contacts = onload.contacts || [];
	// click-to-call: the phone (or the softphone) dials the number; the telephone system logs the call
	const tel = (number) =>
		number ? `<a href="tel:${encodeURIComponent(number.replace(/[^0-9+]/g, ""))}">${esc(number)}</a>` : "";
	frm.get_field("contacts_html").$wrapper.html(
		contacts.length
			? `<table class="table table-sm"><thead><tr><th>${__("Name")}</th><th>${__("Designation", null, "Client Card")}</th><th>${__("E-mail")}</th><th>${__("Phone")}</th><th>${__("Birthday")}</th></tr></thead><tbody>${contacts
					.map(
						(c) => `<tr><td><a href="/app/contact/${encodeURIComponent(c.name)}">${esc(c.full_name || c.name)}</a>
							${c.is_decision_maker ? `<span class="indicator-pill blue">${__("Decision Maker")}</span>` : ""}</td>
							<td>${esc(c.designation || "")}</td><td>${esc(c.email_id || "")}</td><td>${tel(c.mobile_no || c.phone)}</td>
							<td>${c.birthday ? frappe.datetime.str_to_user(c.birthday) : ""}</td></tr>`
					)
					.join("")}</tbody></table>`
			: `<p class="text-muted">${__("No contact persons linked to {0} yet.", [esc(frm.doc.party || "")])}</p>`
	);

	const complaints = onload.complaints || [];
	frm.get_field("complaints_html").$wrapper.html(
		complaints.length
			? `<ul>${complaints
					.map((i) => `<li><a href="/app/issue/${encodeURIComponent(i.name)}">${esc(i.subject)}</a> — ${__(i.status)} (${frappe.datetime.str_to_user(i.opening_date)})</li>`)
					.join("")}</ul>`
			: `<p class="text-muted">${__("No complaints recorded.")}</p>`
	);

	const orders = onload.orders || {};
	const late = orders.late || [];
	const record = orders.record;
	frm.get_field("orders_html").$wrapper.html(
		(late.length
			? `<p><span class="indicator-pill red">${__("Late orders: tell the client")}</span></p><ul>${late
					.map(
						(o) => `<li><a href="/app/sales-order/${encodeURIComponent(o.name)}">${esc(o.name)}</a> —
							${__("due {0}, {1}% delivered, {2} days late", [frappe.datetime.str_to_user(o.delivery_date), Math.round(o.per_delivered || 0), o.days_late])}</li>`
					)
					.join("")}</ul>`
			: `<p class="text-muted">${__("No late orders.")}</p>`) +
			(record && record.orders
				? `<p class="text-muted">${__("Our deliveries in the last 12 months: {0}% on time, {1} late (average {2} days late)", [dec(record.on_time_percent), record.late, dec(record.average_days_late)])}</p>`
				: "")
	);

	const requests = onload.product_requests || [];
	const status_color = { Open: "orange", Approved: "green", Rejected: "red" };
	frm.get_field("product_requests_html").$wrapper.html(
		requests.length
			? `<ul>${requests
					.map(
						(r) => `<li><a href="/app/product-request/${encodeURIComponent(r.name)}">${esc(r.name)}</a>
							<span class="indicator-pill ${status_color[r.status] || "gray"}">${__(r.status, null, "Product Request")}</span>
							${esc((r.description || "").slice(0, 120))}${r.item ? ` → <a href="/app/item/${encodeURIComponent(r.item)}">${esc(r.item)}</a>` : ""}</li>`
					)
					.join("")}</ul>`
			: `<p class="text-muted">${__("No product requests.")}</p>`
	);
};

account_manager.client_card.greeting_dialog = function (frm) {
	const contacts = ((frm.doc.__onload || {}).contacts || []).filter((c) => c.email_id);
	const dialog = new frappe.ui.Dialog({
		title: __("Send Greeting"),
		fields: [
			{ fieldname: "contact", fieldtype: "Select", label: __("Contact"), reqd: 1, options: contacts.map((c) => ({ label: c.full_name, value: c.name })) },
			{ fieldname: "email_template", fieldtype: "Link", label: __("Email Template"), options: "Email Template", reqd: 1 },
		],
		primary_action_label: __("Send"),
		primary_action(values) {
			frappe
				.call("account_manager.api.send_greeting", { client_card: frm.doc.name, ...values })
				.then(() => {
					dialog.hide();
					frappe.show_alert({ message: __("Greeting sent"), indicator: "green" });
					frm.reload_doc();
				});
		},
	});
	dialog.show();
};

account_manager.client_card.log_call = function (frm) {
	// the options of Client Call's fields (its meta is not loaded on the card)
	const choices = {
		outcome: ["", "Reached", "No Answer", "Call Back", "Interested", "Not Interested", "Offer Made", "Agreed"],
		purpose: ["Prospecting", "Offer", "Follow-up", "Collection", "Reconciliation", "Greeting", "Complaint"],
	};
	const options = (doctype, fieldname) =>
		choices[fieldname].map((value) => ({ value, label: value ? __(value, null, doctype) : "" }));
	const dialog = new frappe.ui.Dialog({
		title: __("Log Call: {0}", [frm.doc.party_name || frm.doc.name]),
		fields: [
			{ fieldname: "outcome", fieldtype: "Select", label: __("Outcome"), reqd: 1, options: options("Client Call", "outcome") },
			{ fieldname: "notes", fieldtype: "Small Text", label: __("Notes") },
			{ fieldtype: "Column Break" },
			{ fieldname: "purpose", fieldtype: "Select", label: __("Purpose"), reqd: 1, default: "Follow-up", options: options("Client Call", "purpose") },
			{ fieldname: "next_contact_date", fieldtype: "Date", label: __("Next Contact") },
		],
		primary_action_label: __("Save"),
		primary_action(values) {
			dialog.disable_primary_action();
			frappe
				.xcall("account_manager.api.log_call", { client_card: frm.doc.name, request_key: dialog.request_key, ...values })
				.then(() => {
					dialog.hide();
					frappe.show_alert({ message: __("Call with {0} logged", [frm.doc.party_name]), indicator: "green" });
					frm.reload_doc();
				})
				.finally(() => dialog.enable_primary_action());
		},
	});
	dialog.request_key = frappe.utils.get_random(20); // a double click or a retry logs it once
	dialog.show();
};

account_manager.client_card.send_offer = function (frm, offer) {
	const fields =
		offer.channel === "E-mail"
			? [
					{ fieldname: "recipients", fieldtype: "Data", label: __("To"), default: offer.contact_email, reqd: 1 },
					{ fieldname: "email_template", fieldtype: "Link", options: "Email Template", label: __("Email Template"), default: offer.email_template },
			  ]
			: [{ fieldtype: "HTML", options: `<p>${__("Record offer {0} as made?", [offer.name])}</p>` }];
	frappe.prompt(
		fields,
		(values) =>
			frappe.xcall("run_doc_method", { dt: "Commercial Offer", dn: offer.name, method: "send", args: values }).then(() => {
				frappe.show_alert({ message: __("Offer {0} sent", [offer.name]), indicator: "green" });
				frm.reload_doc();
			}),
		__("Send Offer"),
		__("Send")
	);
};
