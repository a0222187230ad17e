"""One paging idiom: a ``Paginator`` walks page tokens, ``iter_pages`` fetches page by page.

A paginator refuses a page token it has already used, or one that goes backwards, so
a server that keeps answering with the same next page cannot spin a read forever.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
P = TypeVar("P")


class Paginator(ABC, Generic[T]):
    """``current_value``: the token of the page to fetch; ``advance(answer)`` moves on; ``finished`` at the end."""

    def __init__(self, start_value: T) -> None:
        self._value = start_value
        self._finished = False
        self._seen: set[T] = {start_value}

    @property
    def current_value(self) -> T:
        return self._value

    @property
    def finished(self) -> bool:
        return self._finished

    def advance(self, answer: Any) -> None:
        if self._finished:
            raise RuntimeError("the paginator has already finished")
        new_value = self.get_next(answer)
        if new_value is None:
            self._finished = True
            return
        if new_value in self._seen or not self.moves_forward(new_value):
            raise self.loop_error(new_value)
        self._seen.add(new_value)
        self._value = new_value

    @abstractmethod
    def get_next(self, answer: Any) -> T | None:
        """The next page token from the server's answer; None when there is no next page."""

    @abstractmethod
    def loop_error(self, new_value: T) -> Exception:
        """The API's own error for a token already used or going backwards."""

    def moves_forward(self, new_value: T) -> bool:
        return True


def _itself(page: Any) -> Any:
    return page


def iter_pages(
    fetch_page: Callable[[T], P], paginator: Paginator[T], answer: Callable[[P], Any] = _itself
) -> Iterator[P]:
    """Pages one request each, fetched only when the consumer asks for them.

    ``answer`` picks out of a page what the paginator reads (by default the page itself).
    The way on is checked before a page is handed out: a looping answer is not trusted at all.
    """
    while not paginator.finished:
        page = fetch_page(paginator.current_value)
        paginator.advance(answer(page))
        yield page
