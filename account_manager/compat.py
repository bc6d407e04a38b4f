"""Where Frappe v15 and v16 differ, and how the app meets both (issue 24). Nothing else in the app asks
which major it runs on.

- A `has_permission` hook that has no objection: v15 reads `None` as "no opinion" and asks the next hook
  (an app's hook for the same DocType, ERPNext's own), while `True` would end the questioning; v16 asks
  every hook and reads `None` as a refusal. `ALLOW` is the answer that lets the document through on both.
- Whether tests run: v15 sets `frappe.flags.in_test`, v16 `frappe.in_test` (its `flags.in_test` is a
  deprecated copy, reset from `frappe.in_test` by every `frappe.init`).
"""

import frappe

FRAPPE_MAJOR = int(frappe.__version__.split(".")[0])

# what a has_permission hook returns when it does not object (v15: no opinion; v16: allowed)
ALLOW = True if FRAPPE_MAJOR >= 16 else None


def in_test() -> bool:
	return bool(getattr(frappe, "in_test", False) or frappe.flags.in_test)


def set_in_test(enable: bool = True):
	"""Mark this process as running tests, the way its major reads it (v16's toggle_test_mode sets both)."""
	if FRAPPE_MAJOR >= 16:
		frappe.in_test = enable
	frappe.flags.in_test = enable
