"""Command-line tools and the audit of a partner's invariants."""
