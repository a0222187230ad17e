"""The daily drift audit: I1-I3 checked against both live systems, and the records the
integration posted that a person later deleted or voided in NetSuite.

- ``compare``: pure comparisons, each difference a ``Finding`` with what to do.
- ``read``: both systems read through the hooks, and what the ledger says was posted.
- ``repair``: the safe differences sent through the normal ledger and posters.
- ``steps``: the ``drift_audit`` step of the ``netsuite_drift_audit`` DAG.
"""
