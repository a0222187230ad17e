"""The shared paging loop and paginator base."""

from __future__ import annotations

import pytest

from hook_support.pagination import Paginator, iter_pages


class Looped(Exception):
    pass


class NextLink(Paginator["str | None"]):
    def get_next(self, answer: dict) -> str | None:
        return answer.get("next")

    def loop_error(self, new_value: str | None) -> Exception:
        return Looped(new_value)


def test_pages_are_fetched_one_at_a_time_as_the_consumer_asks():
    site = {None: {"next": "b"}, "b": {"next": "c"}, "c": {}}
    fetched: list[str | None] = []

    def fetch(token: str | None) -> dict:
        fetched.append(token)
        return site[token]

    pages = iter_pages(fetch, NextLink(None))
    assert fetched == []
    assert next(pages) == {"next": "b"} and fetched == [None]
    assert list(pages) == [{"next": "c"}, {}]
    assert fetched == [None, "b", "c"]


def test_a_repeated_token_stops_before_its_page_is_handed_out():
    site = {None: {"next": "b"}, "b": {"next": "b"}}
    handed_out = []
    with pytest.raises(Looped):
        handed_out.extend(iter_pages(site.__getitem__, NextLink(None)))
    assert handed_out == [{"next": "b"}]


def test_answer_picks_what_the_paginator_reads():
    pages = list(iter_pages(lambda token: ("rows", {"next": None}), NextLink(None), answer=lambda page: page[1]))
    assert pages == [("rows", {"next": None})]


def test_a_finished_paginator_refuses_to_advance():
    paginator = NextLink(None)
    paginator.advance({})
    with pytest.raises(RuntimeError, match="finished"):
        paginator.advance({})
