"""Alternative Payments sandbox: the public API (Part A) and this project's integration
surface (Part B) of one AP partner account, with test controls under ``/_sandbox``."""

from sandbox.alternative_payments.instance import AlternativePaymentsSandbox, SandboxCredentials
from sandbox.alternative_payments.settings import AlternativePaymentsSettings

__all__ = ["AlternativePaymentsSandbox", "AlternativePaymentsSettings", "SandboxCredentials"]
