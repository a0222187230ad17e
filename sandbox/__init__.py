"""Local stand-ins for NetSuite and Alternative Payments, served on loopback.

They speak the same paths, auth, paging and errors as the real services so
that the hooks can be pointed at either without a code change.
"""
