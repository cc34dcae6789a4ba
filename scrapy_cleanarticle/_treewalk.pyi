from typing import TypeAlias

from lxml.html import HtmlElement

# textindex.Scan's fields, in order
Fields: TypeAlias = tuple[list[int], list[object], list[int], list[int], int, list[str | None],
                          list[str | None], list[int]]

def scan(order: list[HtmlElement], junk: frozenset[str], /) -> Fields: ...
