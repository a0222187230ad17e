"""Everything one sandbox instance holds, shared by its routes and middleware."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sandbox.alternative_payments.auth import TokenIssuer
from sandbox.alternative_payments.clock import MovableClock
from sandbox.alternative_payments.deliveries import WebhookDeliverer
from sandbox.alternative_payments.rate_limit import KeyedTokenBuckets
from sandbox.alternative_payments.settings import AlternativePaymentsSettings
from sandbox.alternative_payments.stats import TrafficStats
from sandbox.alternative_payments.store import Store
from sandbox.alternative_payments.traffic import FaultDice


@dataclass
class SandboxContext:
    settings: AlternativePaymentsSettings
    clock: MovableClock
    store: Store
    tokens: TokenIssuer
    limiter: KeyedTokenBuckets
    stats: TrafficStats
    dice: FaultDice
    deliverer: WebhookDeliverer

    @classmethod
    def create(cls, settings: AlternativePaymentsSettings, now: datetime) -> SandboxContext:
        clock = MovableClock(now)
        store = Store(clock)
        return cls(
            settings=settings,
            clock=clock,
            store=store,
            tokens=TokenIssuer(settings, clock),
            limiter=KeyedTokenBuckets(lambda: settings.rate_limit_per_second),
            stats=TrafficStats(),
            dice=FaultDice(settings),
            deliverer=WebhookDeliverer(store),
        )

    def reset(self) -> None:
        """Back to an empty account, the clock without its offset; settings are kept."""
        self.store.clear()
        self.deliverer.reset()
        self.tokens.clear()
        self.limiter.clear()
        self.stats.reset()
        self.clock.reset()
        self.dice.reseed(self.settings.seed)
