"""What the NetSuite and Alternative Payments hooks share: one retry mechanism (``retry``)
and one paging idiom (``pagination``)."""
