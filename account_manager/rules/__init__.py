"""Pure business rules of the app: no frappe import here, so they have fast unit tests."""
