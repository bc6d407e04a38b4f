// Copyright (c) 2026, account_manager contributors
// For license information, please see license.txt

// account_manager.report_filters and account_manager.list_view (public/js/desk_shared.js)
{% include "account_manager/public/js/desk_shared.js" %}

// The queue is worked where it is (issue 27): each row has Log Call, New Offer and (for an offer or a
// statement) Send; a call is logged in a dialog and the queue comes back without the done row. Keys: ↓/↑
// (or J/K) choose a row, C logs its call, O makes an offer, S sends.

const QUEUE_METHOD = "account_manager.account_manager.report.follow_up_queue.follow_up_queue.log_call";
const CALL_OUTCOMES = ["Reached", "No Answer", "Call Back", "Interested", "Not Interested", "Offer Made", "Agreed"];
const STEP_OUTCOMES = ["Promised to Pay", "Paid", "No Answer", "Refused", "Sent", "Escalated", "Other"];
const SENDABLE = ["Commercial Offer", "Settlement Reconciliation"];

frappe.query_reports["Follow-up Queue"] = {
	filters: [
		{ fieldname: "to_date", label: __("Up To"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), 7), reqd: 1 },
		{ fieldname: "account_manager", label: __("Account Manager"), fieldtype: "Link", options: "User" },
	],
	// tick the clients to follow up with one offer: a draft Offer Campaign to them (OF5)
	get_datatable_options: (options) => Object.assign(options, { checkboxColumn: true }),

	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname !== "actions") return default_formatter(value, row, column, data);
		if (!data || !data.client_card) return "";
		const key = frappe.utils.escape_html(account_manager.queue.key(data));
		const button = (action, label) =>
			`<button type="button" class="btn btn-xs btn-default am-queue-action" data-queue-action="${action}" data-key="${key}">${label}</button>`;
		return [
			button("call", __("Log Call")),
			button("offer", __("New Offer")),
			SENDABLE.includes(data.document_type) ? button("send", __("Send")) : "",
		].join(" ");
	},

	onload(report) {
		report.page.add_inner_button(__("Send Offer to Selected"), () => {
			const rows = report.get_checked_items();
			frappe
				.xcall("account_manager.account_manager.doctype.offer_campaign.offer_campaign.make_campaign", {
					client_cards: [...new Set(rows.map((row) => row.client_card).filter(Boolean))],
				})
				.then((name) => frappe.set_route("Form", "Offer Campaign", name));
		});
		account_manager.queue.setup(report);
	},

	after_datatable_render() {
		account_manager.queue.highlight();
	},
};

// a date filter holding a date keeps its label beside it (issue 27)
account_manager.report_filters.label_dates("Follow-up Queue");
frappe.provide("account_manager.queue");
frappe.provide("account_manager.offer");

Object.assign(account_manager.queue, {
	current: 0,

	key(row) {
		return [row.document_type || "", row.document || "", row.step || "", row.client_card].join("|");
	},

	rows() {
		return (frappe.query_report && frappe.query_report.data ? frappe.query_report.data : []).filter(
			(row) => row && row.client_card
		);
	},

	setup(report) {
		this.report = report;
		$(report.page.wrapper).on("click", ".am-queue-action", (event) => {
			event.preventDefault();
			event.stopPropagation();
			const rows = this.rows();
			const index = rows.findIndex((row) => this.key(row) === event.currentTarget.dataset.key);
			if (index < 0) return;
			this.current = index;
			this.highlight();
			this.act(event.currentTarget.dataset.queueAction, rows[index]);
		});
		$(report.page.page_form).append(
			`<div class="am-queue-keys text-muted small col-12" style="padding-top: 6px">${__(
				"Keys: ↓ ↑ choose a client, C log a call, O new offer, S send"
			)}</div>`
		);
		if (!this.keys_bound) {
			this.keys_bound = true;
			document.addEventListener("keydown", (event) => this.on_key(event));
		}
	},

	on_key(event) {
		const route = frappe.get_route();
		if (route[0] !== "query-report" || route[1] !== "Follow-up Queue") return;
		if (event.ctrlKey || event.metaKey || event.altKey || $(".modal.show").length) return;
		if ($(event.target).is("input, textarea, select, [contenteditable=true]")) return;
		const rows = this.rows();
		if (!rows.length) return;
		const key = event.key.toLowerCase();
		const move = { arrowdown: 1, j: 1, arrowup: -1, k: -1 }[key];
		if (move) {
			this.current = Math.max(0, Math.min(rows.length - 1, this.current + move));
			this.highlight();
		} else if (["c", "o", "s"].includes(key)) {
			const action = { c: "call", o: "offer", s: "send" }[key];
			const row = rows[Math.min(this.current, rows.length - 1)];
			if (action === "send" && !SENDABLE.includes(row.document_type)) return;
			this.act(action, row);
		} else {
			return;
		}
		event.preventDefault();
	},

	// the row to be worked next, marked
	highlight() {
		const rows = this.rows();
		this.current = Math.max(0, Math.min(this.current, rows.length - 1));
		const all = frappe.query_report && frappe.query_report.data ? frappe.query_report.data : [];
		const index = all.indexOf(rows[this.current]);
		$(".am-queue-current").removeClass("am-queue-current").find(".dt-cell").css("background-color", "");
		if (index < 0) return;
		$(`.dt-row[data-row-index="${index}"]`)
			.addClass("am-queue-current")
			.find(".dt-cell")
			.css("background-color", "var(--yellow-highlight-color, #fff7d6)");
	},

	act(action, row) {
		if (action === "call") return this.log_call(row);
		if (action === "offer") return this.new_offer(row);
		if (action === "send") return this.send(row);
	},

	done(message) {
		frappe.show_alert({ message, indicator: "green" });
		this.report.refresh();
	},

	log_call(row) {
		const collection = row.document_type === "Collection Plan";
		const outcomes = collection ? STEP_OUTCOMES : CALL_OUTCOMES;
		const context = collection ? "Collection Plan Step" : "Client Call";
		const dialog = new frappe.ui.Dialog({
			title: __("Log Call: {0}", [row.party_name || row.client_card]),
			fields: [
				{ fieldtype: "HTML", fieldname: "why", options: `<p class="text-muted">${frappe.utils.escape_html(row.reason || "")}</p>` },
				{
					fieldname: "outcome", fieldtype: "Select", label: __("Outcome"), reqd: 1,
					options: [{ value: "", label: "" }, ...outcomes.map((value) => ({ value, label: __(value, null, context) }))],
				},
				{ fieldname: "notes", fieldtype: "Small Text", label: __("Notes") },
				{ fieldname: "next_contact_date", fieldtype: "Date", label: __("Next Contact") },
			],
			primary_action_label: __("Save"),
			primary_action: (values) => {
				dialog.disable_primary_action();
				frappe
					.xcall(QUEUE_METHOD, {
						client_card: row.client_card,
						document_type: row.document_type,
						document: row.document,
						step: row.step || null,
						request_key: dialog.request_key,
						...values,
					})
					.then(() => {
						dialog.hide();
						this.done(__("Call with {0} logged", [row.party_name || row.client_card]));
					})
					.finally(() => dialog.enable_primary_action());
			},
		});
		dialog.request_key = frappe.utils.get_random(20); // a double click or a retry logs it once
		dialog.show();
		setTimeout(() => dialog.get_field("outcome").$input.trigger("focus"), 300);
	},

	new_offer(row) {
		// the offer form, sent from there, comes back here
		account_manager.offer.return_to = { route: frappe.get_route(), client_card: row.client_card };
		frappe.new_doc("Commercial Offer", { client_card: row.client_card });
	},

	send(row) {
		if (row.document_type === "Settlement Reconciliation") {
			frappe.confirm(__("Send the settlement statement {0} to {1}?", [row.document, row.party_name]), () =>
				frappe
					.xcall("run_doc_method", { dt: row.document_type, dn: row.document, method: "send_to_client" })
					.then(() => this.done(__("Statement {0} sent", [row.document])))
			);
			return;
		}
		frappe.db
			.get_value("Commercial Offer", row.document, ["channel", "contact_email", "email_template"])
			.then(({ message: offer }) => {
				const fields =
					offer.channel === "E-mail"
						? [
								{ fieldname: "recipients", fieldtype: "Data", label: __("To"), default: offer.contact_email, reqd: 1 },
								{ fieldname: "email_template", fieldtype: "Link", options: "Email Template", label: __("Email Template"), default: offer.email_template },
						  ]
						: [{ fieldtype: "HTML", options: `<p>${__("Record offer {0} as made again?", [row.document])}</p>` }];
				frappe.prompt(
					fields,
					(values) =>
						frappe
							.xcall("run_doc_method", { dt: "Commercial Offer", dn: row.document, method: "send", args: values })
							.then(() => this.done(__("Offer {0} sent", [row.document]))),
					__("Send Offer"),
					__("Send")
				);
			});
	},
});
