"""doc_events handlers for ERPNext DocTypes, one module per DocType."""
