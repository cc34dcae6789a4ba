from lxml.html import HtmlElement

def scan(order: list[HtmlElement], junk: frozenset[str], /) -> tuple[
    list[int], list[object], list[int], list[int], int, list[str | None], list[str | None],
    list[int]]: ...
