"""Message limits per client address and per conversation for the REST and socket.io channels.

One address (a script, a flood of fresh sender ids) or one conversation cannot keep Rasa busy for
everyone or fill the staff queue with invented crises. Each limit is a token bucket: a burst of
`burst` messages, refilled at `per_minute`. A message over a limit is not processed; it gets a short
"slow down" reply, except that crisis language always gets the vetted crisis reply (988 etc.): over
the per-conversation limit a crisis message is processed as usual (staff are alerted; the escalation
limits per conversation keep that from flooding the queue), over the per-address limit it is answered
with the crisis resources but not processed (a flood of invented people cannot queue escalations).

The client address is the peer, or behind the trusted front door (STAFF_TRUSTED_PROXY, the same
nginx that fronts the staff console) the nearest untrusted hop of X-Forwarded-For.
"""
from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from bot.config import Settings, settings

logger = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
SLOW_DOWN = "You are sending messages faster than I can read them. Please wait a few seconds, then send your message again."
MAX_TRACKED = 50_000  # buckets kept per limit; the least recently used go first (a full bucket is the default)


@dataclass(frozen=True)
class Limit:
    burst: int
    per_minute: float

    @classmethod
    def parse(cls, value: str) -> Limit | None:
        """"BURST,PER_MINUTE" (e.g. "15,60"); "off" or "0" turns the limit off."""
        if value.strip().lower() in {"off", "0", ""}:
            return None
        burst, per_minute = (part.strip() for part in value.split(","))
        limit = cls(int(burst), float(per_minute))
        if limit.burst < 1 or limit.per_minute <= 0:
            raise ValueError(f"a message limit needs a positive burst and rate, not {value!r}")
        return limit

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(60 / self.per_minute))


class Buckets:
    """Token buckets by key, oldest forgotten first so memory stays bounded under a flood of keys."""

    def __init__(self, limit: Limit, max_tracked: int = MAX_TRACKED) -> None:
        self.limit = limit
        self.max_tracked = max_tracked
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, updated)

    def take(self, key: str, now: float) -> bool:
        tokens, updated = self._buckets.pop(key, (float(self.limit.burst), now))
        tokens = min(float(self.limit.burst), tokens + (now - updated) * self.limit.per_minute / 60.0)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > self.max_tracked:
            self._buckets.popitem(last=False)
        return allowed


@dataclass(frozen=True)
class Verdict:
    """`reply` is None when the message goes on to Rasa; otherwise the channel sends it instead."""

    reply: str | None = None
    crisis: bool = False
    retry_after: int = 0  # seconds until the limit that was hit lets one more message through


PROCESS = Verdict()


def parse_networks(value: str) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())


def _in(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The peer, or behind a trusted proxy the nearest untrusted hop of X-Forwarded-For (nginx appends
    the address it saw; whatever a client wrote further left is ignored)."""
    address = peer or "unknown"
    if not _in(address, trusted):
        return address
    for hop in reversed((forwarded_for or "").split(",")):
        hop = hop.strip()
        if not hop:
            continue
        if not _in(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return "invalid"
        address = hop
    return address


@lru_cache(maxsize=1)
def _crisis_replies() -> dict[str, str]:
    from bot.safety.hotlines import load_hotlines

    return load_hotlines(enforce_review=False).replies


class MessageLimits:
    def __init__(self, per_address: Limit | None, per_sender: Limit | None, exempt: tuple[Network, ...] = (),
                 trusted_proxies: tuple[Network, ...] = ()) -> None:
        self.addresses = Buckets(per_address) if per_address else None
        self.senders = Buckets(per_sender) if per_sender else None
        self.exempt = exempt
        self.trusted_proxies = trusted_proxies

    @classmethod
    def from_settings(cls, config: Settings) -> MessageLimits:
        return cls(Limit.parse(config.message_limit_address), Limit.parse(config.message_limit_sender),
                   parse_networks(config.message_limit_exempt), parse_networks(config.staff_trusted_proxy))

    def address_of(self, peer: str | None, forwarded_for: str | None) -> str:
        return client_address(peer, forwarded_for, self.trusted_proxies)

    def check(self, address: str, sender: str, text: str, now: float | None = None) -> Verdict:
        now = time.monotonic() if now is None else now
        if _in(address, self.exempt):
            return PROCESS
        crisis: str | None = None
        if self.senders is not None and not self.senders.take(sender, now):
            crisis = _crisis_reply(text)
            if not crisis:  # refused here, so it costs the address nothing
                return Verdict(SLOW_DOWN, retry_after=self.senders.limit.retry_after)
            # a person in crisis typing fast: the full crisis path (staff alerted), if the address allows
        if self.addresses is not None and not self.addresses.take(address, now):
            crisis = crisis or _crisis_reply(text)
            if crisis:
                logger.warning("a crisis message over the per-address limit was answered with crisis resources, not processed")
            return Verdict(crisis or SLOW_DOWN, crisis=bool(crisis), retry_after=self.addresses.limit.retry_after)
        return PROCESS


@lru_cache(maxsize=1)
def message_limits() -> MessageLimits:
    """One set of buckets per process, shared by the REST and socket.io channels."""
    return MessageLimits.from_settings(settings())


def _crisis_reply(text: str) -> str | None:
    """The detector is the one Rasa's pipeline already loaded (one per process); imported late so that
    `python -m bot.deploy` (which reads the limits) stays light."""
    from bot.safety.detector import default_detector

    detection = default_detector().detect(text)
    return _crisis_replies()[detection.reply] if detection.is_crisis else None
