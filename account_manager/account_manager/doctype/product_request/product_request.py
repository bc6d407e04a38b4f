# Copyright (c) 2026, account_manager contributors
# For license information, please see license.txt
"""New product cards (CB16): a manager files a request for goods the company does not carry, from the
client card or the offer in which the client asked. The Item Managers (master data, purchasing) get it
assigned; one who approves it makes the ERPNext Item (disabled until it has a price) linked back, and
the manager is told, as when it is rejected. The card shows its requests and their status."""

import frappe
from frappe import _
from frappe.desk.form.assign_to import close_all_assignments
from frappe.model.document import Document
from frappe.utils import flt, get_fullname, get_link_to_form

from account_manager import ownership
from account_manager.concurrency import exactly_once, lock
from account_manager.utils import assign, default_company, notify, set_audited, users_with_roles

DECIDERS = ("Item Manager", "System Manager")
# what only the server writes: the owner (the client's), the decision and the Item made of it
SERVER_FIELDS = ("account_manager", "client_card", "status", "item", "decided_by", "rejection_reason")


class MissingDescriptionError(frappe.ValidationError):
	pass


class ProductRequest(Document):
	def before_validate(self):
		if self.commercial_offer and not self.client_card:
			self.client_card = frappe.db.get_value("Commercial Offer", self.commercial_offer, "client_card")
		if self.is_new():
			owner = frappe.db.get_value("Client Card", self.client_card, "account_manager")
			ownership.derive_owner(self, owner or frappe.session.user)
			if not self.flags.ignore_permissions:
				self.status, self.item, self.decided_by, self.rejection_reason = "Open", None, None, None
		else:
			ownership.guard_unchanged(self, SERVER_FIELDS, _("the Item Managers decide a product request."))
			if not self.flags.ignore_permissions and ownership.changed_fields(self, ["account_manager"]):
				ownership.refuse(
					_("You may not change {0}: {1}").format(
						ownership.label(self, "account_manager"),
						_("a product request stays with its client's owner."),
					)
				)
		self.currency = self.currency or frappe.get_cached_value(
			"Company", default_company(), "default_currency"
		)

	def validate(self):
		self.validate_description()
		self.validate_client_card()
		self.validate_offer()
		self.validate_figures()

	def validate_description(self):
		self.description = (self.description or "").strip()
		if not self.description:
			frappe.throw(
				_("Describe the product the client asks for: a product request needs a description."),
				title=_("Description Missing"),
				exc=MissingDescriptionError,
			)

	def validate_client_card(self):
		if self.is_new() and not frappe.has_permission("Client Card", "read", doc=self.client_card):
			frappe.throw(
				_(
					"You cannot file a product request for client card {0}: it is not in your portfolio."
				).format(frappe.bold(self.client_card)),
				exc=frappe.PermissionError,
			)

	def validate_offer(self):
		if not self.commercial_offer:
			return
		offer_card = frappe.db.get_value("Commercial Offer", self.commercial_offer, "client_card")
		if offer_card != self.client_card:
			frappe.throw(
				_("Commercial Offer {0} is not an offer to client card {1}.").format(
					frappe.bold(self.commercial_offer), frappe.bold(self.client_card)
				),
				title=_("Another Client's Offer"),
			)

	def validate_figures(self):
		if flt(self.expected_volume) < 0 or flt(self.target_price) < 0:
			frappe.throw(
				_("The expected volume and the price cannot be negative."), title=_("Invalid Figures")
			)

	def after_insert(self):
		users = users_with_roles(["Item Manager"])
		if users:
			assign(
				self.doctype,
				self.name,
				users,
				_("New product asked for by {0} ({1}): {2}").format(
					self.party_name, self.account_manager, self.description[:140]
				),
			)

	# -- the decision ---------------------------------------------------------------------------

	def check_decider(self):
		if frappe.session.user != "Administrator" and not set(DECIDERS).intersection(frappe.get_roles()):
			frappe.throw(
				_("Only an Item Manager approves or rejects a product request."),
				title=_("Not Permitted"),
				exc=frappe.PermissionError,
			)
		lock(self)  # decided once: a parallel decision waits here, then finds it decided
		if self.status != "Open":
			frappe.throw(
				_("Product request {0} is decided already ({1}) by {2}.").format(
					frappe.bold(self.name),
					_(self.status, context=self.doctype),
					frappe.bold(get_fullname(self.decided_by) if self.decided_by else _("someone")),
				),
				title=_("Already Decided"),
			)

	@frappe.whitelist()
	@exactly_once
	def approve(self, item_code: str | None = None, item_group: str | None = None) -> str:
		"""Make the ERPNext Item of the request, disabled until it is priced, and tell the manager."""
		self.check_decider()
		item_group = item_group or self.item_group
		if not item_group:
			frappe.throw(_("Choose the item group of the new item."), title=_("Item Group Missing"))
		item = frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": (item_code or "").strip() or self.name,
				"item_name": self.description.splitlines()[0][:140],
				"description": self.description,
				"item_group": item_group,
				"stock_uom": self.uom or frappe.db.get_single_value("Stock Settings", "stock_uom") or "Nos",
				"is_stock_item": 1,
				"disabled": 1,  # until it has a price
			}
		).insert()
		set_audited(
			self,
			{
				"status": "Approved",
				"item": item.name,
				"item_group": item_group,
				"decided_by": frappe.session.user,
			},
		)
		self.tell_manager(
			_("Product request {0} of {1} is approved: item {2}, disabled until it has a price.").format(
				self.name, self.party_name, item.name
			)
		)
		return item.name

	@frappe.whitelist()
	@exactly_once
	def reject(self, reason: str) -> None:
		self.check_decider()
		reason = (reason or "").strip()
		if not reason:
			frappe.throw(_("Give the reason for the rejection."), title=_("Reason Missing"))
		set_audited(
			self, {"status": "Rejected", "rejection_reason": reason, "decided_by": frappe.session.user}
		)
		self.tell_manager(
			_("Product request {0} of {1} is rejected: {2}").format(self.name, self.party_name, reason)
		)

	def tell_manager(self, subject: str):
		close_all_assignments(self.doctype, self.name, ignore_permissions=True)
		if not self.account_manager:
			return
		notify(self.account_manager, self.doctype, self.name, subject)


def enable_priced_item(doc, method=None):
	"""Item Price after_insert: an item made of a product request is enabled by its first selling price,
	and the manager is told the client can be offered it."""
	if not doc.selling:
		return
	request = frappe.db.get_value(
		"Product Request",
		{"item": doc.item_code, "status": "Approved"},
		["name", "account_manager", "party_name"],
		as_dict=True,
	)
	if not request or not frappe.db.get_value("Item", doc.item_code, "disabled"):
		return
	set_audited(frappe.get_doc("Item", doc.item_code), {"disabled": 0})
	if request.account_manager:
		notify(
			request.account_manager,
			"Item",
			doc.item_code,
			_("Item {0} of product request {1} has a price now: offer it to {2}.").format(
				doc.item_code, request.name, request.party_name
			),
		)
	frappe.msgprint(
		_("Item {0} is enabled: it has a price.").format(get_link_to_form("Item", doc.item_code)),
		alert=True,
	)
