#!/usr/bin/env python3
"""Train the learned block scorer (scrapy_cleanarticle/rules/blockmodel.json) on the dev sets.

    python scripts/train_block_scorer.py [--folds] [--write] [--jobs 2]
        [--wcxb ../shared/benchmarks/wcxb-dev] [--zyte ../shared/benchmarks/zyte-dev]

Units come from the real pipeline (decode, parse, noise stages, the rules' container choice), so
the model learns on exactly what it sees at run time. A unit's label is the share of its words
found in the page's truth; positives are units above 0.5, weighted by their word count, since
the benchmark metric counts words. ``--folds`` trains on one by-domain half of the pages and
scores the other, both ways, and prints word F1 per page type beside the rules alone: a model is
kept only if it wins on the held-out half. ``--write`` trains on everything and writes the model.
Needs scikit-learn (``pip install -e ".[train]"``); the package itself needs only numpy.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from scrapy_cleanarticle import api  # noqa: E402
from scrapy_cleanarticle.blocks import NameGroups, page_units  # noqa: E402
from scrapy_cleanarticle.config import DEFAULT_CONFIG  # noqa: E402
from scrapy_cleanarticle.content import select_content  # noqa: E402
from scrapy_cleanarticle.page import Page  # noqa: E402
from scrapy_cleanarticle.scorer import PageContext, feature_names, features  # noqa: E402
from scrapy_cleanarticle.verdict import declared_article  # noqa: E402

MODEL_PATH = ROOT / "scrapy_cleanarticle" / "rules" / "blockmodel.json"

#: Class/id word groups whose presence near a unit is a feature. Generic web vocabulary, in the
#: spellings templates use; written once here and shipped inside the model file.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("article", "story", "entry", "post", "blog"), ("content", "body", "text", "prose", "markdown"),
    ("main",), ("nav", "menu", "breadcrumb", "pagination", "pager"), ("footer", "copyright", "legal"),
    ("header", "masthead", "topbar"), ("sidebar", "aside", "rail", "widget"),
    ("comment", "reply", "replies", "respon", "discuss"), ("thread", "topic", "message", "msg", "forum"),
    ("share", "social", "sharing"), ("related", "recommend", "more", "next", "also"),
    ("promo", "sponsor", "advert", "banner", "dfp", "gpt"),
    ("newsletter", "subscri", "signup"), ("cookie", "consent", "gdpr", "privacy"),
    ("product", "item", "sku", "variant"), ("price", "cart", "buy", "checkout"),
    ("review", "rating", "stars"), ("doc", "manual", "guide", "api"),
    ("code", "highlight", "syntax", "snippet"), ("=toc", "tableofcontents"), ("meta", "byline", "author"),
    ("date", "time", "published"), ("caption", "credit", "figure"), ("tag", "topics", "categor"),
    ("hidden", "modal", "popup", "overlay", "dialog"), ("card", "teaser", "tile", "grid"),
    ("list", "feed", "river", "result"), ("title", "heading", "headline", "hed"),
    ("desc", "summary", "excerpt", "intro", "lead", "dek", "standfirst"),
    ("faq", "question", "answer", "accordion"), ("accepted", "solution", "vote"),
    ("user", "avatar", "profile", "member"), ("btn", "button", "cta", "action"),
    ("search", "filter", "sort"), ("step", "instruction", "howto", "recipe", "ingredient"),
    ("spec", "feature", "detail", "attribute"), ("hero", "jumbotron", "splash"),
    ("container", "wrapper", "wrap", "inner", "outer", "layout", "=row", "=col"),
    ("login", "signin", "account", "register"), ("notice", "alert", "warning", "note", "callout",
                                                  "admonition"),
    ("quote", "pull"), ("=ad", "=ads", "=adv"),
)


@dataclass
class PageData:
    pid: str
    kind: str
    domain: str
    truth: str
    rules_text: str
    x: Any
    texts: list[str]


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def word_f1(pred: str, ref: str) -> float:
    p, r = _tokens(pred), _tokens(ref)
    if not r:
        return 1.0 if not p else 0.0
    if not p:
        return 0.0
    ov = sum((Counter(p) & Counter(r)).values())
    if not ov:
        return 0.0
    prec, rec = ov / len(p), ov / len(r)
    return 2 * prec * rec / (prec + rec)


def rules_and_units(raw: bytes, url: str, groups: NameGroups) -> Any:
    """The rules' own body text, and the page's units as the scorer sees them."""
    page = Page(config=DEFAULT_CONFIG, url=url, raw=raw, content_type=None)
    page, finished = api._run_page(api.PREPARE_STAGES, page)
    if not finished:
        return None
    select_content(page)
    body = page.root.find("body")
    units = page_units(body if body is not None else page.root, page.body_blocks,
                       page.caption_nodes, groups)
    ctx = PageContext(declared_article=declared_article(page), has_body=bool(page.body_blocks))
    api.select_body(page)
    return api.assemble(page).articleBody, units, ctx


def _load(job: tuple[str, str, str, str, str, str]) -> PageData | None:
    pid, kind, domain, path, url, truth = job
    raw = gzip.decompress(Path(path).read_bytes()) if path.endswith(".gz") else Path(path).read_bytes()
    groups = NameGroups(GROUPS)
    try:
        prepared = rules_and_units(raw, url, groups)
    except Exception as exc:  # noqa: BLE001 - a page the cleaner rejects teaches nothing
        print(f"skip {pid}: {type(exc).__name__}", file=sys.stderr)
        return None
    if prepared is None:
        return None
    rules_text, units, ctx = prepared
    if not units:
        return None
    x = features(units, ctx, len(GROUPS))
    return PageData(pid, kind, domain, truth, rules_text, x, [u.text for u in units])


def _jobs(args: argparse.Namespace) -> list[tuple[str, str, str, str, str, str]]:
    jobs = []
    wcxb = Path(args.wcxb)
    meta = json.loads((wcxb / "metadata.json").read_text()) if (wcxb / "metadata.json").exists() else {}
    for f in sorted((wcxb / "ground-truth").glob("*.json")):
        d = json.loads(f.read_text())
        pt = (d.get("_internal") or {}).get("page_type") or {}
        kind = pt.get("primary", "article") if isinstance(pt, dict) else (pt or "article")
        kind = "collection" if kind == "category" else kind
        url = d.get("url") or ""
        m = meta.get(f.stem) if isinstance(meta, dict) else None
        domain = (m or {}).get("domain") if isinstance(m, dict) else None
        domain = domain or re.sub(r"^www\.", "", url.split("/")[2] if "//" in url else url)
        jobs.append((f"wcxb/{f.stem}", kind, domain, str(wcxb / "html" / f"{f.stem}.html.gz"), url,
                     (d.get("ground_truth") or {}).get("main_content") or ""))
    zyte = Path(args.zyte)
    if (zyte / "ground-truth.json").exists():
        truth = json.loads((zyte / "ground-truth.json").read_text())
        for pid, item in sorted(truth.items()):
            url = item.get("url") or ""
            domain = re.sub(r"^www\.", "", url.split("/")[2] if "//" in url else pid)
            jobs.append((f"zyte/{pid}", "zyte", domain, str(zyte / "html" / f"{pid}.html.gz"), url,
                         item.get("articleBody") or ""))
    return jobs


def fold_of(domain: str) -> int:
    return hashlib.sha1(domain.encode()).digest()[0] % 2


def labels(page: PageData) -> tuple[np.ndarray, np.ndarray]:
    vocab = Counter(_tokens(page.truth))
    ys, ws = [], []
    for text in page.texts:
        toks = _tokens(text)
        share = sum(1 for t in toks if t in vocab) / len(toks) if toks else 0.0
        ys.append(1 if share > 0.5 else 0)
        ws.append(1.0 + len(toks) ** 0.5)
    return np.array(ys), np.array(ws)


def train(pages: list[PageData], args: argparse.Namespace) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    xs, ys, ws = [], [], []
    for page in pages:
        y, w = labels(page)
        xs.append(page.x)
        ys.append(y)
        ws.append(w)
    model = HistGradientBoostingClassifier(max_iter=args.trees, max_depth=args.depth,
                                           learning_rate=0.1, max_leaf_nodes=None,
                                           min_samples_leaf=40, l2_regularization=1.0,
                                           random_state=0)
    model.fit(np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws))
    return model


def export(model: Any, cutoff: float) -> dict[str, Any]:
    """sklearn's HistGradientBoosting trees as flat lists (see scorer.TreeModel)."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        feature, threshold, left, right, value = [], [], [], [], []
        for node in nodes:
            if node["is_leaf"]:
                feature.append(0)
                threshold.append(0.0)
                left.append(-1)
                right.append(-1)
                value.append(float(node["value"]))
            else:
                feature.append(int(node["feature_idx"]))
                threshold.append(float(node["num_threshold"]))
                left.append(int(node["left"]))
                right.append(int(node["right"]))
                value.append(0.0)
        trees.append({"feature": feature, "threshold": threshold, "left": left, "right": right,
                      "value": value, "depth": int(max(nodes["depth"]))})
    baseline = float(np.ravel(model._baseline_prediction)[0])
    return {"_doc": "Learned block scorer, written by scripts/train_block_scorer.py --write; "
                    "do not edit by hand. 'groups' are the class/id word groups the features "
                    "read; 'features' names the columns.",
            "features": feature_names(len(GROUPS)), "groups": [list(g) for g in GROUPS],
            "baseline": baseline, "cutoff": cutoff, "trees": trees}


def pick(page: PageData, proba: np.ndarray, cutoff: float) -> str:
    return "\n\n".join(t for t, p in zip(page.texts, proba, strict=True) if p >= cutoff)


POLICIES = ("rules", "model", "gated", "gated_long")


def policy_text(page: PageData, proba: np.ndarray, cutoff: float, policy: str) -> str:
    declared = bool(page.x[0, 19]) if len(page.x) else False
    if policy == "rules":
        return page.rules_text
    if policy == "gated" and declared and len(page.rules_text) >= 500:
        return page.rules_text
    if policy == "gated_long" and len(page.rules_text) >= 1500:
        return page.rules_text
    return pick(page, proba, cutoff)


def evaluate(pages: list[PageData], model: Any, cutoff: float, title: str) -> None:
    by: dict[str, list[list[float]]] = defaultdict(list)
    for page in pages:
        proba = model.predict_proba(page.x)[:, 1]
        by[page.kind].append([word_f1(policy_text(page, proba, cutoff, pol), page.truth)
                              for pol in POLICIES])
    print(f"== {title}: " + " ".join(POLICIES))
    by["all"] = [v for kind, rows in by.items() if kind != "zyte" for v in rows]
    for kind in sorted(by):
        rows = np.array(by[kind])
        print(f"  {kind:14s} n={len(rows):4d} " + " ".join(f"{v:.3f}" for v in rows.mean(axis=0)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcxb", default=str(ROOT.parent / "shared/benchmarks/wcxb-dev"))
    ap.add_argument("--zyte", default=str(ROOT.parent / "shared/benchmarks/zyte-dev"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--folds", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--cutoff", type=float, default=0.5)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--cache", default="")
    args = ap.parse_args()
    jobs = _jobs(args)[:: args.every]
    if args.cache and Path(args.cache).exists():
        import pickle
        pages = pickle.loads(Path(args.cache).read_bytes())
    else:
        with ProcessPoolExecutor(args.jobs) as ex:
            pages = [p for p in ex.map(_load, jobs, chunksize=8) if p is not None]
        if args.cache:
            import pickle
            Path(args.cache).write_bytes(pickle.dumps(pages))
    print(f"{len(pages)} pages, {sum(len(p.texts) for p in pages)} units")
    if args.folds:
        for held in (0, 1):
            train_pages = [p for p in pages if fold_of(p.domain) != held]
            test_pages = [p for p in pages if fold_of(p.domain) == held]
            model = train(train_pages, args)
            evaluate(test_pages, model, args.cutoff, f"held-out half {held}")
    if args.write:
        model = train(pages, args)
        MODEL_PATH.write_text(json.dumps(export(model, args.cutoff), separators=(",", ":")) + "\n")
        print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
