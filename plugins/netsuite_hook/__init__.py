"""Oracle NetSuite for Airflow: the ``netsuite`` connection type and its hook.

Start at :class:`netsuite_hook.hook.NetSuiteHook`; ``python -m netsuite_hook.authorize``
connects a partner with the OAuth 2.0 authorization-code flow.
"""
