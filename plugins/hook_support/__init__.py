"""What the NetSuite and Alternative Payments hooks share: one retry mechanism (``retry``),
one paging idiom (``pagination``) and one way to declare a connection form (``connection_form``)."""
