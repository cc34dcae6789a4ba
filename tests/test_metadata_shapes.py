"""Every older-page shape of ``benchmarks/shapes.py`` is read, but the few we leave alone on
purpose (``_UNREAD``): a round that loses one fails here, and a round that reads one of
those must say so by moving it out."""

from __future__ import annotations

import pytest

from benchmarks import shapes

# a compact date glued into a slug ("story-20100323") and a day-first date in a path are as
# often an id or a version as a day; a sidebar's date is as often another post's
# a name with a wire after a slash, or with a date after a comma, and no "By": as often a
# photo credit or a quotation's source; "Reporter:" is a role as often as a label
_UNREAD = {"/story-20100323.html", "/news/23-03-2010/budget", "/news/budget_20100323_123.html",
           "a sidebar's posted line", "John Smith / Associated Press", "Hans Müller, 23.03.2010",
           "Reporter: John Smith"}

_ALL = [shape for family in shapes.FAMILIES for shape in family()]


@pytest.mark.parametrize("shape", _ALL, ids=[f"{s.family}: {s.name}" for s in _ALL])
def test_an_older_page_shape_is_read(shape: shapes.Shape) -> None:
    got = shapes.ours(shape)
    assert shapes.right(shape, got) is ((shape.of or shape.name) not in _UNREAD), got
