"""Every switch and tunable threshold of the cleaner, in one frozen object.

Like Readability.js's option block, nothing a user may tune lives anywhere else: stages receive
the config and never read module globals that could be changed at run time. Bounds that are part
of one rule, measured once and not meant to be tuned (the metadata scan windows in
``metadata/nearby.py``, the parser's limits in ``parse.py``, the block scorer's window), are
capitalised module constants beside that rule, and are never changed at run time either. The
object is frozen and hashable, so compiled rule sets can be cached per config and shared safely
across threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from .errors import ConfigError

Favor = Literal["balanced", "precision", "recall"]
Oversize = Literal["flag", "truncate", "raise"]

NOISE_CLASSES: tuple[str, ...] = (
    "hidden",
    "ad_marker",
    "subscription_prompt",
    "newsletter_signup",
    "cookie_notice",
    "duplicate_caption",
    "related_links",
    "share_bar",
    "tag_list",
    "copyright_footer",
    "call_to_action",  # "Book a demo", "Request a quote", "Add to cart" as buttons or links
    "affiliate_disclosure",  # "We may earn a commission from links on this page"
    "boilerplate",  # page chrome: nav, header/footer, sidebars, comments, forms
)


@dataclass(frozen=True)
class Tradeoff:
    """The thresholds that ``CleanerConfig.favor`` moves, one row per preference.

    ``sibling_share``: a sibling container joins the body when it scores this share of the best
    container; ``para_link_density`` / ``item_link_density``: a paragraph / list item that is
    more link text than this (and short) is navigation, not story; ``scorer_shift`` moves the
    learned scorer's cutoff (``CleanerConfig.scorer_cutoff``), which decides most pages that are
    not plain stories.
    """

    sibling_share: float
    para_link_density: float
    item_link_density: float
    scorer_shift: float = 0.0


TRADEOFFS: dict[str, Tradeoff] = {
    "balanced": Tradeoff(sibling_share=0.2, para_link_density=0.5, item_link_density=0.8),
    "precision": Tradeoff(sibling_share=0.35, para_link_density=0.35, item_link_density=0.6,
                          scorer_shift=0.15),
    "recall": Tradeoff(sibling_share=0.1, para_link_density=0.8, item_link_density=0.95,
                       scorer_shift=-0.2),
}


def _freeze_phrases(value: Mapping[str, Iterable[str]] | Iterable[tuple[str, str]] | None,
                    ) -> tuple[tuple[str, str], ...]:
    if not value:
        return ()
    pairs: list[tuple[str, str]] = []
    items = value.items() if isinstance(value, Mapping) else None
    if items is not None:
        for cls, phrases in items:
            if isinstance(phrases, str):
                phrases = [phrases]
            pairs.extend((str(cls), str(p)) for p in phrases)
    else:
        for pair in value:
            if isinstance(pair, str) or len(pair) != 2:
                raise ConfigError(f"extra_phrases entries must be (class, phrase) pairs, not {pair!r}")
            pairs.append((str(pair[0]), str(pair[1])))
    return tuple(pairs)


@dataclass(frozen=True)
class CleanerConfig:
    """Configuration of one cleaner. Build variants with :meth:`replace`.

    ``extra_phrases`` maps a noise class to more phrases (any language) that mark a short block
    as that class. ``remove_selectors`` / ``keep_selectors`` take CSS or XPath (an expression
    starting with ``/`` or ``(`` is XPath); kept nodes survive every noise stage.
    """

    # --- quality trade-off -------------------------------------------------------------------
    favor: Favor = "balanced"
    enabled_noise: frozenset[str] = frozenset(NOISE_CLASSES)
    extra_phrases: tuple[tuple[str, str], ...] = ()
    remove_selectors: tuple[str, ...] = ()
    keep_selectors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # empty: every language the rules cover

    # --- phrase rules: a block is removed only if short and mostly the phrase ----------------
    phrase_block_max_chars: int = 220
    phrase_min_coverage: float = 0.5

    # --- content selection --------------------------------------------------------------------
    min_paragraph_chars: int = 25
    min_body_chars: int = 120
    max_link_density: float = 0.5
    use_jsonld_body: bool = True
    use_readability_fallback: bool = True
    # the learned block scorer (rules/blockmodel.json) may replace the rules' container choice
    # when the rules are unsure; a unit is main text at this probability or more
    learned_scorer: bool = True
    scorer_cutoff: float = 0.6
    # the rules are sure of a declared story whose container holds this share of the page's
    # prose (the smaller one inside <article> markup, the page's own word for its story), and
    # either this many characters or this larger share
    sure_share: float = 0.6
    sure_marked_share: float = 0.3
    sure_chars: int = 500
    sure_short_share: float = 0.4

    # --- limits ---------------------------------------------------------------------------------
    max_bytes: int = 10 * 1024 * 1024
    oversize: Oversize = "flag"
    max_nodes: int = 50_000  # real article pages have under 15,000; beyond, the tree is cut and flagged
    max_depth: int = 240

    # --- output ---------------------------------------------------------------------------------
    include_html: bool = True
    include_markdown: bool = True
    detect_language: bool = True

    def __post_init__(self) -> None:
        # Normalise friendly inputs into hashable forms so users may pass lists and dicts.
        object.__setattr__(self, "extra_phrases", _freeze_phrases(self.extra_phrases))  # type: ignore[arg-type]
        for name in ("remove_selectors", "keep_selectors", "languages"):
            val = getattr(self, name)
            if isinstance(val, str):
                val = (val,)
            object.__setattr__(self, name, tuple(val))
        object.__setattr__(self, "enabled_noise", frozenset(self.enabled_noise))
        self._check()

    def _check(self) -> None:
        if self.favor not in ("balanced", "precision", "recall"):
            raise ConfigError(f"favor must be balanced, precision or recall, not {self.favor!r}")
        if self.oversize not in ("flag", "truncate", "raise"):
            raise ConfigError(f"oversize must be flag, truncate or raise, not {self.oversize!r}")
        # "class/slot" adds a word to a slot of that class's family grammar (rules/families.json)
        unknown = (self.enabled_noise | {c.split("/")[0] for c, _ in self.extra_phrases}
                   ) - set(NOISE_CLASSES)
        if unknown:
            raise ConfigError(f"unknown noise classes {sorted(unknown)}; known: {NOISE_CLASSES}")
        for name in ("max_bytes", "max_nodes", "max_depth", "phrase_block_max_chars",
                     "min_body_chars", "min_paragraph_chars", "sure_chars"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{name} must be a positive integer, not {value!r}")
        for name in ("phrase_min_coverage", "max_link_density", "scorer_cutoff", "sure_share",
                     "sure_marked_share", "sure_short_share"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be a number between 0 and 1, not {value!r}")

    @property
    def tradeoff(self) -> Tradeoff:
        return TRADEOFFS[self.favor]

    def replace(self, **changes: Any) -> CleanerConfig:
        return replace(self, **changes)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


DEFAULT_CONFIG = CleanerConfig()

__all__ = ["DEFAULT_CONFIG", "NOISE_CLASSES", "TRADEOFFS", "CleanerConfig", "Favor", "Oversize",
           "Tradeoff"]

