// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// One offer or promotion to many clients: Send Campaign first shows what it will do (whom it sends to, whom
// it skips and why) and sends only when confirmed; the campaign job then runs with its progress shown. Run
// again on a campaign partly sent, it sends only to the clients still pending or failed.
const RECIPIENT_COLORS = { Pending: "gray", Sent: "green", Skipped: "orange", Failed: "red" };

frappe.provide("account_manager.offer_campaign");

// the preview's dialog: "will send N, skip M" with the reasons and the clients skipped; resolves when the
// manager confirms (or at once with nobody to send to, after Close)
account_manager.offer_campaign.confirm_send = (preview) =>
	new Promise((resolve) => {
		const to_send = preview.send.length;
		const skipped = preview.skip.length;
		const esc = frappe.utils.escape_html;
		const reasons = preview.reasons
			.map((r) => `<li>${esc(r.reason)}: <b>${r.count}</b></li>`)
			.join("");
		const rows = preview.skip
			.map((c) => `<tr><td>${esc(c.party_name || c.client_card)}</td><td>${esc(c.reason)}</td></tr>`)
			.join("");
		const html = `
			<p class="am-preview-summary" style="font-size: var(--text-lg)">
				${__("Will send to {0} clients, skip {1}.", [`<b>${to_send}</b>`, `<b>${skipped}</b>`])}
			</p>
			${preview.decided_before ? `<p class="text-muted">${__("{0} clients were sent it or skipped by an earlier run: not sent again.", [preview.decided_before])}</p>` : ""}
			${reasons ? `<p>${__("Skipped, and why:")}</p><ul>${reasons}</ul>` : ""}
			${rows ? `<div style="max-height: 240px; overflow-y: auto"><table class="table table-sm table-bordered am-preview-skipped">
				<thead><tr><th>${__("Client")}</th><th>${__("Reason")}</th></tr></thead><tbody>${rows}</tbody></table></div>` : ""}
			${to_send ? "" : `<p class="text-danger">${__("Nobody would be sent it: nothing is sent.")}</p>`}`;
		const dialog = new frappe.ui.Dialog({
			title: __("Send Campaign?"),
			fields: [{ fieldtype: "HTML", fieldname: "preview", options: html }],
			primary_action_label: to_send ? __("Send to {0} Clients", [to_send]) : __("Close"),
			primary_action: () => {
				dialog.hide();
				if (to_send) resolve(true);
			},
		});
		dialog.show();
	});

frappe.ui.form.on("Offer Campaign", {
	setup(frm) {
		frm.set_indicator_formatter("client_card", (row) => RECIPIENT_COLORS[row.status] || "gray");
	},

	refresh(frm) {
		// the recipients' status in the reader's language, and each client's offer by its number
		const grid = frm.fields_dict.recipients.grid;
		grid.update_docfield_property("status", "formatter", (value) =>
			value ? frappe.utils.escape_html(__(value, null, "Offer Campaign Recipient")) : ""
		);
		grid.update_docfield_property("commercial_offer", "formatter", (value) =>
			value
				? `<a href="/app/commercial-offer/${encodeURIComponent(value)}">${frappe.utils.escape_html(value)}</a>`
				: ""
		);
		frm.refresh_field("recipients");
		if (frm.is_new()) return;
		const to_send = (frm.doc.recipients || []).some((row) => ["Pending", "Failed"].includes(row.status));
		if (to_send || frm.doc.status === "Draft") {
			frm.add_custom_button(__("Send Campaign"), () => account_manager.offer_campaign.send(frm)).addClass(
				"btn-primary"
			);
		}
	},
});

account_manager.offer_campaign.send = (frm) =>
	(frm.is_dirty() ? frm.save() : Promise.resolve())
		.then(() => frm.call("preview"))
		.then((r) => account_manager.offer_campaign.confirm_send(r.message))
		.then(() => frm.call({ method: "send", doc: frm.doc, freeze: true }))
		.then(() => frm.reload_doc());
