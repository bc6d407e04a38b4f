"""The only code that reads ERPNext's own tables (stock, receivables, sales)."""
