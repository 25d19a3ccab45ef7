"""The dialogue state kept on the member row: what we wait for, and the sessions just shown.

One frozen dataclass per question the bot can be waiting on (``Waiting``), held in
``DialogueState`` beside the sessions last listed (``shown``) and the booking a typed pick of
them moves (``moving``). ``encode``/``decode`` are the codec to and from the JSON the store
keeps; the format is the one written before these types existed (``{"await": "residence",
"then": "fd:book:3", "failed": 0, "shown": [3, 4], "moving": "FD-..."}``), so old rows load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, assert_never

from bot import actions
from bot.actions import Action


@dataclass(frozen=True, slots=True)
class AskResidence:
    """ "Which US state will you be in during sessions?"; ``then`` is the step it interrupted."""

    then: Action | None = None
    failed: int = 0  # answers not understood so far


@dataclass(frozen=True, slots=True)
class StillHere:
    """ "Before I book: are you still in X?" """

    then: Action | None = None


@dataclass(frozen=True, slots=True)
class AskAge:
    """ "Are you 18 or older?" before the booking ``then``."""

    then: Action | None = None


@dataclass(frozen=True, slots=True)
class CancelConfirm:
    """ "Cancel booking ``ref``?" """

    ref: str = ""


@dataclass(frozen=True, slots=True)
class DeleteConfirm:
    """ "Delete your data?" """


@dataclass(frozen=True, slots=True)
class PickConfirm:
    """ "Shall I book you into ...?" after a bare yes to one session on offer."""

    pick: Action | None = None


@dataclass(frozen=True, slots=True)
class WaitlistOffer:
    """ "That session is full: join its waitlist and keep your seat?" """

    pick: Action | None = None


@dataclass(frozen=True, slots=True)
class AskTimezone:
    """ "Which time zone are you in?" (``topic``: the group asked about, "what time is the anxiety group for me")"""

    topic: str | None = None


@dataclass(frozen=True, slots=True)
class AfterCrisis:
    """The gentle check-in after crisis resources: nothing to tell the member if it expires."""


Waiting = (AskResidence | StillHere | AskAge | CancelConfirm | DeleteConfirm | PickConfirm
           | WaitlistOffer | AskTimezone | AfterCrisis)


@dataclass(frozen=True, slots=True)
class DialogueState:
    """Everything pending in a member's conversation; ``DialogueState()`` is nothing pending."""

    waiting: Waiting | None = None
    shown: tuple[int, ...] = ()  # ids of the sessions last shown, in order
    moving: str | None = None  # the booking ref a typed pick of the shown sessions moves


NOTHING: Final = DialogueState()

# -- the codec: the stored JSON ---------------------------------------------------------------
_NAMES: Final[dict[type[Waiting], str]] = {
    AskResidence: "residence", StillHere: "still_here", AskAge: "age",
    CancelConfirm: "cancel_confirm", DeleteConfirm: "delete_confirm", PickConfirm: "pick_confirm",
    WaitlistOffer: "waitlist_offer", AskTimezone: "timezone", AfterCrisis: "after_crisis",
}


def name(waiting: Waiting) -> str:
    """The stored name of a question ("residence", "after_crisis", ...)."""
    return _NAMES[type(waiting)]


def _action(raw: object) -> Action | None:
    return actions.decode(raw) if isinstance(raw, str) else None


def _raw(action: Action | None) -> str | None:
    return action.encode() if action is not None else None


def _encode_waiting(waiting: Waiting) -> dict[str, Any]:
    match waiting:
        case AskResidence(then, failed):
            return {"then": _raw(then), "failed": failed}
        case StillHere(then) | AskAge(then):
            return {"then": _raw(then)}
        case CancelConfirm(ref):
            return {"ref": ref}
        case PickConfirm(pick) | WaitlistOffer(pick):
            return {"pick": _raw(pick)}
        case AskTimezone(topic):
            return {"topic": topic} if topic else {}
        case DeleteConfirm() | AfterCrisis():
            return {}
        case _:
            assert_never(waiting)


def encode(state: DialogueState) -> dict[str, Any]:
    """The JSON the store keeps for ``state`` (``{}`` for nothing pending)."""
    data: dict[str, Any] = {}
    if state.waiting is not None:
        data = {"await": name(state.waiting), **_encode_waiting(state.waiting)}
    if state.shown:
        data["shown"] = list(state.shown)
    if state.moving is not None:
        data["moving"] = state.moving
    return data


def _decode_waiting(data: dict[str, Any]) -> Waiting | None:
    then = _action(data.get("then"))
    failed = data.get("failed", 0)
    ref = data.get("ref", "")
    match data.get("await"):
        case "residence":
            return AskResidence(then, failed if isinstance(failed, int) else 0)
        case "still_here":
            return StillHere(then)
        case "age":
            return AskAge(then)
        case "cancel_confirm":
            return CancelConfirm(str(ref))
        case "delete_confirm":
            return DeleteConfirm()
        case "pick_confirm":
            return PickConfirm(_action(data.get("pick")))
        case "waitlist_offer":
            return WaitlistOffer(_action(data.get("pick")))
        case "timezone":
            topic = data.get("topic")
            return AskTimezone(topic if isinstance(topic, str) else None)
        case "after_crisis":
            return AfterCrisis()
        case _:  # nothing, or a question this version no longer asks
            return None


def decode(data: dict[str, Any] | None) -> DialogueState:
    """The state a stored row holds; anything unreadable counts as nothing pending."""
    if not data:
        return NOTHING
    shown = data.get("shown")
    moving = data.get("moving")
    return DialogueState(
        waiting=_decode_waiting(data),
        shown=tuple(i for i in shown if isinstance(i, int)) if isinstance(shown, list) else (),
        moving=moving if isinstance(moving, str) else None)
