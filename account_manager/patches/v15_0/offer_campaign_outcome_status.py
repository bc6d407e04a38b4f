"""Campaigns sent before their status said what happened (issue 27): a campaign that reached nobody read
"Sent". Their status is computed again from their recipients (Sent / Partly Sent / Nothing Sent)."""

import frappe

from account_manager.rules import outreach as rule


def execute():
	campaigns = frappe.get_all(
		"Offer Campaign", filters={"status": ("in", ["Sent", "Partly Sent"])}, fields=["name", "status"]
	)
	for campaign in campaigns:
		statuses = frappe.get_all(
			"Offer Campaign Recipient",
			filters={"parent": campaign.name, "parenttype": "Offer Campaign"},
			pluck="status",
		)
		status = rule.campaign_status(statuses)
		if status != campaign.status:
			frappe.db.set_value("Offer Campaign", campaign.name, "status", status, update_modified=False)
