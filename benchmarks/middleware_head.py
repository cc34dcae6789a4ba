"""What keeping the head costs ``CleanHtmlMiddleware``: CPU time of ``clean_html_with_head``
(the middleware's default) over plain ``clean_html``, on the same bytes, in one process.

    python benchmarks/middleware_head.py [--data ../shared/benchmarks/zyte-dev] [--repeat 5]

Pages go in as UTF-8 bytes, as a crawl hands them over. Each repetition times both functions
over every page (alternating which goes first); the best repetition of each is compared.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import DEFAULT_DATA, load_pages
from scrapy_cleanarticle import clean_html
from scrapy_cleanarticle.headmeta import clean_html_with_head

Cleaner = Callable[..., str]


def cpu_seconds(func: Cleaner, pages: list[tuple[bytes, str]]) -> float:
    start = time.process_time()
    for body, url in pages:
        func(body, url)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pages = [(p.html.encode("utf-8"), p.url) for p in load_pages(args.data)]
    best: dict[str, float] = {}
    funcs: list[tuple[str, Cleaner]] = [("clean_html", clean_html),
                                        ("clean_html_with_head", clean_html_with_head)]
    for round_ in range(args.repeat):
        for name, func in funcs[::-1] if round_ % 2 else funcs:
            seconds = cpu_seconds(func, pages)
            best[name] = min(best.get(name, seconds), seconds)
    ratio = best["clean_html_with_head"] / best["clean_html"]
    print(f"{len(pages)} pages, best of {args.repeat}: clean_html {best['clean_html']:.3f} s, "
          f"clean_html_with_head {best['clean_html_with_head']:.3f} s, ratio {ratio:.3f}")


if __name__ == "__main__":
    main()
