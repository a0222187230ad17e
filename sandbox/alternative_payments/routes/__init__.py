"""HTTP routes of the sandbox: the AP API (Part A and B) and the ``/_sandbox`` controls."""
