"""A NetSuite account on loopback: REST record service, SuiteQL, RESTlet, OAuth 2.0 and TBA.

See README.md in this folder for the endpoints, the demo credentials and the test controls.
"""

from sandbox.netsuite.credentials import NetSuiteCredentials
from sandbox.netsuite.sandbox import NetSuiteSandbox
from sandbox.netsuite.settings import FEATURES, NetSuiteSettings, RuntimeSettings

__all__ = ["FEATURES", "NetSuiteCredentials", "NetSuiteSandbox", "NetSuiteSettings", "RuntimeSettings"]
