"""References that stand for a member or a booking without naming anyone.

``MemberRefs`` makes a member's reference, keyed by the deployment's secret; the
composition root builds the one instance and hands it in (no module state here).
"""

from __future__ import annotations

import hashlib
import secrets

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class MemberRefs:
    """Member references keyed with a deployment secret, so no one can recompute them from
    platform user ids (an empty secret: the same unkeyed references everywhere)."""

    __slots__ = ("_secret",)

    def __init__(self, secret: str | None = None) -> None:
        self._secret = (secret or "").encode("utf-8")[:64]

    def __call__(self, member_key: str) -> str:
        """A stable reference for logs and staff that does not name the member: 'M-3f9a1c2b7d'."""
        digest = hashlib.blake2b(member_key.encode("utf-8"), digest_size=5, person=b"frontdoor",
                                 key=self._secret).hexdigest()
        return f"M-{digest}"


def new_booking_ref() -> str:
    """A short random booking reference members can read aloud: 'FD-7K3Q9M'."""
    return "FD-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def new_urgent_ref() -> str:
    """A short reference staff acknowledge an urgent notice by: 'U-7Q2M'."""
    return "U-" + "".join(secrets.choice(_ALPHABET) for _ in range(4))


def new_request_ref() -> str:
    """A short reference of a "talk to a person" request staff mark done: 'H-4KX9'."""
    return "H-" + "".join(secrets.choice(_ALPHABET) for _ in range(4))
