// A request the server could not do because its database was unreachable is answered 503 with the
// exc_type DatabaseUnavailable and a message (account_manager/outage.py). A page sends several requests
// at once (a form's save, then its connections and dashboards), each answered so: show the message once
// and keep it up, rather than Frappe's hide-and-show of the same message for each.
frappe.request.on_error("DatabaseUnavailable", (r) => {
	if (frappe.msg_dialog && frappe.msg_dialog.display && frappe.msg_dialog.database_unavailable) {
		return;
	}
	let message;
	try {
		message = JSON.parse(JSON.parse(r._server_messages)[0]);
	} catch (e) {
		message = (r.errors || [])[0] || {};
	}
	frappe.msgprint({ title: message.title, message: message.message, indicator: "red" });
	frappe.msg_dialog.database_unavailable = true;
	frappe.msg_dialog.custom_onhide = () => {
		frappe.msg_dialog.database_unavailable = false;
	};
});
