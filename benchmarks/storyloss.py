"""The story-loss check: on pages where we lose the story and trafilatura keeps it, what removed it.

A rule that removes story text is a bug in that rule, not a threshold to tune, so the check names
the stage, the rule and the element. It traces the cleaner from the outside, without a hook in
the package, and without changing any output (the tests compare traced and untraced bodies):

- each pipeline stage in ``api.ARTICLE_STAGES`` and each noise stage function (``remove_*``,
  ``dedupe_*`` in the api/noise/captions namespaces) is wrapped, to know which stage is running
  and how much of the truth the page tree still holds after it;
- ``HtmlMixin.drop_tree`` (which ``TextIndex.remove`` and the stages call) records each removed
  element's path, text length and share of the truth's words before the removal;
- ``Page.count`` names the removals since the previous count: every stage counts a removal
  under its noise class right after it.

The lead renames and moves stages; a hook point that is gone is reported and skipped, and the
rest of the trace still works.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import wraps
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import lxml.html
from lxml import etree

from benchmarks._runner import read_html
from benchmarks.wcxb import PageRun, WcxbRun, words

LOSS_RECALL = 0.5  # we keep less than this share of the truth...
PEER_RECALL = 0.9  # ...and the peer keeps more than this
MODULES = ("scrapy_cleanarticle.api", "scrapy_cleanarticle.noise", "scrapy_cleanarticle.captions")
STAGE_PREFIXES = ("remove_", "dedupe_")
STORY_PEER = "trafilatura-default"  # the configuration of the issues' reference figures
SHOWN_REMOVALS = 6
MIN_SHARE = 0.02  # removals holding less of the truth than this are not listed


@dataclass(frozen=True)
class Removal:
    stage: str
    rule: str
    path: str
    chars: int
    share: float  # of the truth's words, found in the removed text


class TokenHit(NamedTuple):
    token: str
    noise_class: str | None


class Pending(NamedTuple):
    """A removal before the stage's next ``Page.count`` names its rule."""

    removal: Removal
    token: TokenHit | None


class StageLoss(NamedTuple):
    stage: str
    lost: float


class TracedRun(NamedTuple):
    article: Any
    trace: Trace


@dataclass
class Trace:
    """What one traced run of the cleaner did to one page."""

    truth: Counter[str]
    removals: list[Removal] = field(default_factory=list)
    recall_after: dict[str, float] = field(default_factory=dict)  # stage -> tree's truth recall
    pending: list[Pending] = field(default_factory=list)  # removals not named yet
    stages: list[str] = field(default_factory=list)  # the running stages, outermost first
    root: Any = None  # the page tree being cleaned (render copies are not the page's)
    rules: Any = None  # the page's compiled rules, to name the class/id token that matched

    def share(self, text: str) -> float:
        total = sum(self.truth.values())
        return sum((Counter(words(text)) & self.truth).values()) / total if total else 0.0


# Code, not text: words in a script's JSON or a stylesheet would count as story the tree "holds"
# and then "loses" at the junk stage on every page. A story that only a script holds shows up
# as a selection/verdict loss with via=next_data or jsonld instead.
_CODE_TAGS = frozenset({"script", "style"})
_READABLE = etree.XPath(".//text()[not(ancestor::script) and not(ancestor::style)]", smart_strings=False)


def readable_text(el: Any) -> str:
    """The text of ``el`` that a reader could see or the cleaner could keep."""
    found = _READABLE(el)
    return " ".join(t for t in found if isinstance(t, str)) if isinstance(found, list) else ""


def element_path(el: lxml.html.HtmlElement, depth: int = 3) -> str:
    """``section#main.story > div.paywall``: enough to find the element and its rule's token."""
    parts: list[str] = []
    node: lxml.html.HtmlElement | None = el
    while node is not None and len(parts) < depth and isinstance(node.tag, str):
        part = node.tag
        if node.get("id"):
            part += "#" + node.get("id", "").strip()[:30]
        classes = (node.get("class") or "").split()
        if classes:
            part += "." + ".".join(classes[:3])
        parts.append(part)
        node = node.getparent()
    return " > ".join(reversed(parts))


_SEPARATORS = re.compile(r"[^a-z0-9]+")


def token_hit(rules: Any, el: lxml.html.HtmlElement) -> TokenHit | None:
    """The class/id token that a token rule matched first on ``el``, as rules.TokenRules reads
    it (separators folded to ``-``); None when the rules' layout is not the one known here."""
    tokens = getattr(rules, "tokens", None)
    patterns = [getattr(tokens, name, None) for name in ("bounded", "loose")]
    value = f"{el.get('class') or ''} {el.get('id') or ''}"
    if tokens is None or not value.strip():
        return None
    folded = _SEPARATORS.sub("-", value.lower())
    hits = [m for p in patterns if isinstance(p, re.Pattern) and (m := p.search(folded))]
    if not hits:
        return None
    first = min(hits, key=lambda m: m.start())
    return TokenHit(first.group(0), tokens.match(value))


class Tracer:
    """Installs the hooks for the length of a ``with tracer.installed():`` block."""

    def __init__(self) -> None:
        self.trace: Trace | None = None
        self.missing: list[str] = []

    @contextmanager
    def installed(self) -> Iterator[None]:
        from scrapy_cleanarticle._native import PURE_ENV, STATE

        if STATE.compiled:  # compiled callers call each other directly, past any wrapper
            raise RuntimeError(f"the story-loss trace needs the module sources: set {PURE_ENV}=1")
        undo: list[Callable[[], None]] = []
        try:
            self._patch_all(undo)
            yield
        finally:
            for restore in reversed(undo):
                restore()

    def _patch_all(self, undo: list[Callable[[], None]]) -> None:
        modules = {}
        for name in MODULES:
            try:
                modules[name] = __import__(name, fromlist=["_"])
            except ImportError:
                self.missing.append(f"module {name}")
        api = modules.get("scrapy_cleanarticle.api")
        stages = getattr(api, "ARTICLE_STAGES", None)
        if api is not None and isinstance(stages, tuple):
            _set(undo, api, "ARTICLE_STAGES", tuple(self._stage(s) for s in stages))
        else:
            self.missing.append("api.ARTICLE_STAGES (per-stage recall)")
        found = 0
        for module in modules.values():
            for name, fn in list(vars(module).items()):
                if name.startswith(STAGE_PREFIXES) and inspect.isfunction(fn):
                    _set(undo, module, name, self._stage(fn))
                    found += 1
        if not found:
            self.missing.append("noise stage functions (remove_*, dedupe_*)")
        self._patch_method(undo, lxml.html.HtmlMixin, "drop_tree", self._drop_tree)
        strip = etree.strip_elements  # C: every caller looks it up on the module, so wrap it there

        def strip_elements(tree: Any, *tags: Any, **kwargs: Any) -> None:
            self._stripping(tree, tags)
            strip(tree, *tags, **kwargs)

        _set(undo, etree, "strip_elements", strip_elements)
        page_mod = sys.modules.get("scrapy_cleanarticle.page")
        page_cls = getattr(page_mod, "Page", None)
        if page_cls is None or not hasattr(page_cls, "count"):
            self.missing.append("Page.count (rule names)")
        else:
            self._patch_method(undo, page_cls, "count", self._count)

    def _patch_method(self, undo: list[Callable[[], None]], cls: type, name: str, hook: Any) -> None:
        original = getattr(cls, name, None)
        if original is None:
            self.missing.append(f"{cls.__name__}.{name}")
            return

        def patched(obj: Any, *args: Any, **kwargs: Any) -> Any:
            return hook(original, obj, *args, **kwargs)

        _set(undo, cls, name, patched)

    def _stage(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        if getattr(fn, "__traced__", False):
            return fn  # the same function imported into two namespaces: wrap once

        @wraps(fn)
        def run(page: Any, *args: Any, **kwargs: Any) -> Any:
            trace = self.trace
            if trace is None:
                return fn(page, *args, **kwargs)
            trace.stages.append(fn.__name__)
            if trace.rules is None and getattr(page, "tree", None) is not None:
                trace.rules = getattr(page, "rules", None)
            try:
                return fn(page, *args, **kwargs)
            finally:
                trace.stages.pop()
                self._name_pending(trace, "")
                tree = getattr(page, "tree", None)
                if tree is not None:
                    trace.root = tree
                    trace.recall_after[fn.__name__] = trace.share(readable_text(tree))

        run.__traced__ = True  # type: ignore[attr-defined]
        return run

    def _drop_tree(self, original: Any, el: Any) -> Any:
        trace = self.trace
        if trace is not None and trace.root is not None and el.getroottree().getroot() is trace.root:
            text = readable_text(el)
            stage = trace.stages[-1] if trace.stages else "?"
            removal = Removal(stage, "-", element_path(el), len(text), trace.share(text))
            trace.pending.append(Pending(removal, token_hit(trace.rules, el)))
        return original(el)

    def _stripping(self, tree: Any, tags: tuple[Any, ...]) -> None:
        """Record the outermost elements that ``strip_elements`` is about to remove from the page,
        named by their tag (the junk stage strips in C, so drop_tree never sees them)."""
        trace = self.trace
        if trace is None or trace.root is None or tree.getroottree().getroot() is not trace.root:
            return
        names = {t for t in tags if isinstance(t, str)}
        stage = trace.stages[-1] if trace.stages else "?"
        for el in tree.iter(*(names - _CODE_TAGS)):
            if el is tree or any(a.tag in names for a in el.iterancestors()):
                continue
            text = readable_text(el)
            if text.strip():
                removal = Removal(stage, f"strip <{el.tag}>", element_path(el), len(text), trace.share(text))
                trace.pending.append(Pending(removal, None))

    def _count(self, original: Any, page: Any, noise_class: str, n: int = 1) -> Any:
        if self.trace is not None and n:
            self._name_pending(self.trace, noise_class)
        return original(page, noise_class, n)

    @staticmethod
    def _name_pending(trace: Trace, rule: str) -> None:
        for item in trace.pending:
            token = item.token
            named = f"{rule} [{token.token}]" if token is not None and token.noise_class == rule else rule
            if item.removal.rule == "-":  # not named at the removal (strip_elements names its own)
                item = item._replace(removal=replace(item.removal, rule=named or "-"))
            trace.removals.append(item.removal)
        trace.pending.clear()

    def run(self, html: str | bytes, url: str, truth: str) -> TracedRun:
        """Clean one page with the hooks on; returns the Article and what happened."""
        from scrapy_cleanarticle import clean_article

        self.trace = Trace(Counter(words(truth)))
        try:
            with self.installed():
                article = clean_article(html, url=url or None)
            return TracedRun(article, self.trace)
        finally:
            self.trace = None


def _set(undo: list[Callable[[], None]], owner: ModuleType | type, name: str, value: Any) -> None:
    old = owner.__dict__[name] if name in owner.__dict__ else getattr(owner, name)
    setattr(owner, name, value)
    undo.append(lambda: setattr(owner, name, old))


def stage_losses(trace: Trace) -> list[StageLoss]:
    """How much of the truth left the tree during each stage (in the order the stages ended)."""
    out = []
    previous = None
    for stage, recall in trace.recall_after.items():
        if previous is not None:
            out.append(StageLoss(stage, previous - recall))
        previous = recall
    return out


def untraced_losses(trace: Trace, at_least: float = 0.1) -> list[StageLoss]:
    """Stages after which the tree holds much less of the truth than the traced removals of that
    stage explain: C-level removals (``strip_elements``) or a hook point that was not found."""
    out = []
    for loss in stage_losses(trace):
        traced = sum(r.share for r in trace.removals if r.stage == loss.stage)
        if loss.lost - traced >= at_least:
            out.append(loss)
    return out


def costly_removals(trace: Trace) -> list[Removal]:
    """Removals that held story, from the stages that lost story, largest share first.

    A removed copy (a modal repeating the page's text) holds truth words that stay in the tree;
    its stage lost nothing, so it is not listed."""
    losing = {loss.stage for loss in stage_losses(trace) if loss.lost >= MIN_SHARE}
    picked = [r for r in trace.removals if r.stage in losing and r.share >= MIN_SHARE]
    return sorted(picked, key=lambda r: -r.share)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Loss:
    ours: PageRun
    peer_recall: float


def story_losses(us: WcxbRun, peer: WcxbRun) -> list[Loss]:
    """Pages where we keep less than half of the truth and the peer keeps more than 90%."""
    theirs = {r.scored.page.id: r.scored.score.recall for r in peer.pages}
    out = [
        Loss(r, theirs[r.scored.page.id])
        for r in us.pages
        if r.scored.score.recall < LOSS_RECALL and theirs.get(r.scored.page.id, 0.0) > PEER_RECALL
    ]
    out.sort(key=lambda loss: -len(loss.ours.scored.page.truth))
    return out


def print_story_loss(runs: dict[str, WcxbRun], data_dir: Path, peer: str = STORY_PEER) -> None:
    us, other = runs.get("us"), runs.get(peer)
    if us is None or other is None:
        print(f"\nstory-loss check needs us and {peer}")
        return
    _print_outcome_costs(us, other, peer)
    losses = story_losses(us, other)
    print(
        f"\n== story loss: {len(losses)} wcxb-dev pages where our recall < {LOSS_RECALL} and {peer}'s "
        f"> {PEER_RECALL}; what removed the story (stage, rule, element, share of the truth's words)"
    )
    tracer = Tracer()
    culprits: Counter[str] = Counter()  # pages per cause
    for loss in losses:
        page = loss.ours.scored.page
        article, trace = tracer.run(read_html(page.html_path(data_dir), as_text=False), page.url, page.truth)
        culprits.update(set(_print_page(loss, article, trace, peer)))
    if culprits:
        print(f"\ncauses of story loss, by the number of pages (of {len(losses)}) where they removed story:")
        for label, n in culprits.most_common(20):
            print(f"  {n:>4}  {label}")
    if tracer.missing:
        print("  hook points not found (renamed?), traced without them: " + ", ".join(tracer.missing))


def _print_page(loss: Loss, article: Any, trace: Trace, peer: str) -> list[str]:
    """One page's trace; returns its causes of loss, for the tally."""
    page = loss.ours.scored.page
    via, reason = article.metadata.get("extractor"), article.metadata.get("reason", "-")
    print(
        f"  {page.id} {page.domain} ({page.page_type}): our R {loss.ours.scored.score.recall:.2f}, "
        f"{peer} R {loss.peer_recall:.2f}; {len(words(page.truth))} truth words; via={via} reason={reason}"
    )
    if (article.articleBody or "") != loss.ours.body:
        print("    WARNING: the traced run's body differs from the untraced one")
    body = trace.share(article.articleBody or "")
    after = " ".join(f"{stage} {r:.2f}" for stage, r in trace.recall_after.items())
    print(f"    truth recall of the tree after: {after} | body {body:.2f}")
    causes = []
    for stage, lost in untraced_losses(trace):
        print(f"    - {stage:<18} {'(no element traced)':<22} {lost:5.0%} of the truth left the tree")
        causes.append(f"{stage} (no element traced)")
    kept = list(trace.recall_after.values())[-1] if trace.recall_after else 0.0
    if kept - body >= 0.1:
        print(
            f"    - {'selection/verdict':<18} {'(after the stages)':<22} {kept - body:5.0%} of the truth:"
            f" the tree kept {kept:.2f}, the body {body:.2f}"
        )
        causes.append(f"selection/verdict via={via} reason={reason}")
    shown = costly_removals(trace)
    for r in shown[:SHOWN_REMOVALS]:
        print(f"    - {r.stage:<18} {r.rule:<22} {r.share:5.0%} {r.chars:>7} chars  {r.path}")
    if len(shown) > SHOWN_REMOVALS:
        rest = sum(r.share for r in shown[SHOWN_REMOVALS:])
        print(f"    - and {len(shown) - SHOWN_REMOVALS} more removals holding {rest:.0%} of the truth")
    return causes + [f"{r.stage} {r.rule}" for r in shown]


def _print_outcome_costs(us: WcxbRun, peer: WcxbRun, name: str) -> None:
    """What our empty verdicts and fallbacks cost: the peer's recall on the same pages."""
    theirs = {r.scored.page.id: r.scored.score.recall for r in peer.pages}
    groups: dict[str, list[PageRun]] = {}
    for r in us.pages:
        if r.scored.empty_truth_text:
            groups.setdefault(f"empty, reason={r.reason or 'none'}", []).append(r)
        elif r.via and r.via != "dom" and not r.scored.empty:
            groups.setdefault(f"fallback chose {r.via}", []).append(r)
    print(f"\nour empty bodies and fallback bodies on wcxb-dev, with {name}'s recall on those pages")
    print(f"  {'outcome':<34} {'pages':>5} {'our R':>6} {name + ' R':>15}")
    for label, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        ours = sum(r.scored.score.recall for r in rows) / len(rows)
        peer_r = sum(theirs.get(r.scored.page.id, 0.0) for r in rows) / len(rows)
        print(f"  {label:<34} {len(rows):>5} {ours:6.2f} {peer_r:15.2f}")
