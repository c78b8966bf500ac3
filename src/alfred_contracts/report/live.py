"""A live line on a terminal: rewritten in place while work runs, erased when it ends.

The technique ``verify-consumer`` and ``validate`` share: the line is drawn on stderr
with a carriage return and "erase to the end of the line" (``\\r\\033[K``), cut to the
terminal's width so it never wraps, and nothing at all is written when the stream is not
a terminal: a log or a redirected stream never holds a progress line.
"""

from __future__ import annotations

import shutil
import time
from typing import TextIO

from alfred_contracts.escaping import one_line
from alfred_contracts.validation.pipeline import Tally


class LiveLine:
    """One line on ``stream`` when it is a terminal, else silent.

    ``every``: the least time between two drawings, in seconds (a caller may then ask to
    draw as often as it likes: :meth:`due` says cheaply whether a drawing would show).
    """

    def __init__(self, stream: TextIO, *, every: float = 0.0) -> None:
        self.stream = stream
        self.live = bool(getattr(stream, "isatty", None) and stream.isatty())
        self.every = every
        self.shown = False
        self._next = 0.0

    def due(self) -> bool:
        """Whether :meth:`show` would draw now (always False when not live)."""
        return self.live and time.monotonic() >= self._next

    def show(self, text: str, *, force: bool = False) -> None:
        """Draw ``text`` in place of the line (when live, and due unless ``force``)."""
        if not (self.live and force) and not self.due():
            return
        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        self.stream.write(f"\r\033[K{one_line(text)[:width]}")
        self.stream.flush()
        self.shown = True
        self._next = time.monotonic() + self.every

    def clear(self) -> None:
        """Erase the line (it is drawn again at the next :meth:`show`)."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def _bytes(count: int) -> str:
    """``412 MB``, ``1.2 GB``: decimal units, as file managers show sizes."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= size:
            value = count / size
            return f"{value:.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    return f"{count} bytes"


class ValidationProgress:
    """``validate``'s live line: ``checked 1,234,567 events (412 MB of 1.2 GB) at 310,000
    events/s``, at most four times a second, on stderr when it is a terminal.

    ``shared``: the report is written to the same terminal, so the line is erased before
    each line of the report (and drawn again at the next update).
    """

    def __init__(self, stream: TextIO, *, shared: bool = False, every: float = 0.25) -> None:
        self.line = LiveLine(stream, every=every)
        self.live = self.line.live
        self.shared = shared
        self.started = time.monotonic()
        self._note = ""

    def update(self, tally: Tally) -> None:
        """Draw the counts of ``tally`` when a drawing is due (cheap when it is not)."""
        if self.line.due() or (self.live and tally.note != self._note):
            self._note = tally.note
            self.line.show(self.text(tally), force=True)

    def text(self, tally: Tally) -> str:
        events = tally.events
        text = f"checked {events:,} event{'s' * (events != 1)}"
        if tally.invalid:
            text += f", {tally.invalid:,} invalid"
        if tally.bytes:
            total = f" of {_bytes(tally.total)}" if tally.total else ""
            text += f" ({_bytes(tally.bytes)}{total})"
        elapsed = time.monotonic() - self.started
        if elapsed >= 0.5:
            text += f" at {events / elapsed:,.0f} events/s"
        return f"{text}; {tally.note}" if tally.note else text

    def interrupt(self) -> None:
        """A line of the report is about to be written: out of its way, if it shares the
        terminal."""
        if self.shared:
            self.line.clear()

    def close(self) -> None:
        self.line.clear()
