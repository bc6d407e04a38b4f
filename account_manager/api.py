"""Whitelisted methods for the desk and for integrators over REST (/api/method/account_manager.api.*)."""

import frappe
from frappe import _


@frappe.whitelist()
def client_status(party_type: str, party: str) -> dict:
	"""Live receivables, scores and debt verdict of a client, from its Client Card.

	Returns {outstanding, overdue, oldest_overdue_days, credit_limit, credit_used, reliability_score,
	timeliness_score, owner, blocked, reasons, ...}. The caller must be allowed to read the card."""
	if party_type not in ("Customer", "Lead", "Prospect"):
		frappe.throw(_("Party Type must be Customer, Lead or Prospect."), title=_("Invalid Party Type"))
	if not frappe.db.exists(party_type, party):
		frappe.throw(
			_("{0} {1} does not exist.").format(_(party_type), frappe.bold(party)),
			exc=frappe.DoesNotExistError,
		)
	card_name = frappe.db.get_value("Client Card", {"party_type": party_type, "party": party})
	if not card_name:
		frappe.throw(
			_("{0} {1} has no client card yet.").format(_(party_type), frappe.bold(party)),
			exc=frappe.DoesNotExistError,
		)
	card = frappe.get_doc("Client Card", card_name)
	card.check_permission("read")
	return card.get_status()


@frappe.whitelist()
def send_greeting(client_card: str, contact: str, email_template: str) -> str:
	"""E-mail a greeting from an Email Template to a contact of the client; it lands on the card's timeline."""
	from frappe.core.doctype.communication.email import make

	card = frappe.get_doc("Client Card", client_card)
	card.check_permission("write")
	linked = frappe.db.exists(
		"Dynamic Link",
		{
			"parenttype": "Contact",
			"parent": contact,
			"link_doctype": card.party_type,
			"link_name": card.party,
		},
	)
	if not linked:
		frappe.throw(
			_("{0} is not a contact of {1}.").format(frappe.bold(contact), frappe.bold(card.party_name))
		)
	contact_doc = frappe.get_doc("Contact", contact)
	if not contact_doc.email_id:
		frappe.throw(_("{0} has no e-mail address.").format(frappe.bold(contact_doc.full_name or contact)))
	template = frappe.get_doc("Email Template", email_template)
	context = {"contact": contact_doc, "client_card": card, "party_name": card.party_name}
	result = make(
		doctype="Client Card",
		name=card.name,
		recipients=contact_doc.email_id,
		subject=frappe.render_template(template.subject, context),
		content=frappe.render_template(template.response_html or template.response, context),
		send_email=True,
		communication_medium="Email",
	)
	return result["name"]


@frappe.whitelist(methods=["POST"])
def approve_debt_order(sales_order: str) -> dict:
	"""The Sales Head lets a draft Sales Order of a client in debt be submitted (DR1); who and when
	are recorded on the order. Refused to anyone without the Sales Head role."""
	from account_manager.debt import approve_order

	return approve_order(sales_order)
