"""Reading NetSuite and AP into staging, page by page."""
