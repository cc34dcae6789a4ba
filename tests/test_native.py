"""The compiled build and its sources: which one runs, and that both give the same articles.

``scrapy_cleanarticle._native`` decides at import; these tests build fake installations in a
temporary folder (empty files stand for binaries that are never loaded) and run real imports in
subprocesses, so the decision is seen as a user's interpreter makes it.
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scrapy_cleanarticle import _native, clean_article
from scrapy_cleanarticle._build import COMPILED, MANIFEST, PURE_ENV, module_name, source_digests
from scrapy_cleanarticle._native import BuildState

PACKAGE_DIR = Path(_native.__file__).resolve().parent
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _fake_install(root: Path) -> Path:
    """A copy of the package's sources, with an empty stand-in for every compiled binary and
    a build record that matches the sources."""
    package = root / "scrapy_cleanarticle"
    shutil.copytree(PACKAGE_DIR, package,
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__", MANIFEST))
    for path in COMPILED:
        (package / f"{path}{SUFFIX}").write_bytes(b"")
    (package / MANIFEST).write_text(json.dumps(source_digests(package)))
    return package


def _run(code: str, root: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != PURE_ENV}
    environ.update(env)
    if root is not None:
        environ["PYTHONPATH"] = str(root)
    return subprocess.run([sys.executable, "-W", "always", "-c", code], capture_output=True,
                          text=True, env=environ, cwd=root or PACKAGE_DIR.parent, timeout=120)


def test_every_compiled_module_has_its_source() -> None:
    for path in COMPILED:
        assert (PACKAGE_DIR / f"{path}.py").is_file(), path
    assert module_name("metadata/__init__") == "scrapy_cleanarticle.metadata"
    assert module_name("rules/gate") == "scrapy_cleanarticle.rules.gate"


def test_public_records_and_errors_stay_python() -> None:
    # users subclass, pickle and extend these; a compiled class would refuse some of that
    for path in ("api", "article", "errors", "config", "__init__"):
        assert path not in COMPILED


def test_matching_build_is_compiled(tmp_path: Path) -> None:
    state = BuildState(_fake_install(tmp_path), environ={})
    assert state.compiled and not state.stale
    assert state.describe() == "compiled (mypyc)"


@pytest.mark.parametrize(("edited", "stale"), [("textindex.py", "textindex"),
                                               ("_treewalk.c", "_treewalk.c"),
                                               ("_treetext.c", "_treetext.c"),
                                               ("_treewalk.h", "_treewalk.h")])
def test_edited_source_makes_the_whole_build_run_from_sources(tmp_path: Path, edited: str,
                                                              stale: str) -> None:
    package = _fake_install(tmp_path)
    with (package / edited).open("a") as f:
        f.write("\n/* edited */\n" if edited.endswith((".c", ".h")) else "\n# edited\n")
    state = BuildState(package, environ={})
    assert state.stale == [stale]
    assert not state.compiled
    assert "do not match" in state.describe()


def test_missing_record_or_missing_binary_is_stale(tmp_path: Path) -> None:
    package = _fake_install(tmp_path)
    (package / f"noise{SUFFIX}").unlink()
    assert not BuildState(package, environ={}).compiled  # a partial set never runs
    (package / MANIFEST).unlink()
    assert BuildState(package, environ={}).stale == list(COMPILED)


def test_switch_forces_sources(tmp_path: Path) -> None:
    package = _fake_install(tmp_path)
    state = BuildState(package, environ={PURE_ENV: "1"})
    assert state.forced_pure and not state.compiled
    assert not BuildState(package, environ={PURE_ENV: "0"}).forced_pure


def test_no_binaries_is_plain_python(tmp_path: Path) -> None:
    package = tmp_path / "scrapy_cleanarticle"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("*.so", "*.pyd"))
    state = BuildState(package, environ={})
    assert not state.binaries and not state.compiled and not state.stale


def test_stale_install_imports_sources_and_warns(tmp_path: Path) -> None:
    # The stand-in binaries are empty files: had the import loaded one, it would have failed.
    package = _fake_install(tmp_path)
    with (package / "noise.py").open("a") as f:
        f.write("\n# edited\n")
    done = _run("import scrapy_cleanarticle as s, scrapy_cleanarticle.metadata.dates as d;"
                "from scrapy_cleanarticle import noise, textindex;"
                "print(noise.__file__, d.__file__, textindex.__file__);"
                "print(s.clean_article('<p>' + 'Words in a story. ' * 20 + '</p>').articleBody[:5])",
                tmp_path)
    assert done.returncode == 0, done.stderr
    files, text = done.stdout.split("\n")[:2]
    assert all(f.endswith(".py") for f in files.split()), files
    assert text == "Words"
    assert "do not match their sources" in done.stderr


def test_switch_in_a_real_interpreter() -> None:
    done = _run("from scrapy_cleanarticle import _native, textindex, cli;"
                "print(textindex.__file__); print(_native.STATE.describe())",
                **{PURE_ENV: "1"})
    assert done.returncode == 0, done.stderr
    file, described = done.stdout.split("\n")[:2]
    assert file.endswith("textindex.py")
    assert described.startswith("pure Python")


def test_version_names_the_build() -> None:
    done = subprocess.run([sys.executable, "-m", "scrapy_cleanarticle", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert _native.STATE.describe() in done.stdout


def test_ci_build_is_compiled() -> None:
    """.ci/run sets CLEANARTICLE_REQUIRE_COMPILED: a build that silently fell back to Python
    would otherwise pass every other test, slower."""
    if not os.environ.get("CLEANARTICLE_REQUIRE_COMPILED"):
        pytest.skip("only where the build must be compiled (CI)")
    assert _native.STATE.compiled, _native.STATE.describe()


@pytest.mark.skipif(not _native.STATE.compiled, reason="this install has no compiled modules")
def test_compiled_and_sources_give_the_same_articles() -> None:
    pages = sorted(FIXTURES.glob("*.html"))
    assert pages
    compiled = [clean_article(p.read_bytes(), url=f"https://example.org/{p.stem}").to_dict()
                for p in pages]
    code = ("import json, sys, pathlib; from scrapy_cleanarticle import clean_article;"
            "pages = sorted(pathlib.Path(sys.argv[1]).glob('*.html'));"
            "print(json.dumps([clean_article(p.read_bytes(),"
            " url=f'https://example.org/{p.stem}').to_dict() for p in pages]))")
    environ = dict(os.environ, **{PURE_ENV: "1"})
    done = subprocess.run([sys.executable, "-c", code, str(FIXTURES)], capture_output=True,
                          text=True, env=environ, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(json.dumps(compiled))
