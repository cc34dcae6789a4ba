"""Bulk throughput: ``cleanarticle bulk`` (1 and 2 local workers, the Dask engine) against
trafilatura's own bulk command on the same stored pages, plus worker memory.

The dev pages (zyte-dev, wcxb-dev and the bundled fixtures, about 1,650) are written with warcio
as a crawl would store them: a WARC rotated into ``--files`` parts, in a temporary folder (the
benchmark pages never enter the repository). trafilatura reads the same pages as a folder of
.html files (its ``--input-dir``), since it has no WARC input. Every run is a fresh process,
from start to exit, so start-up and pool start count against us too.

The machine this was written on is shared, so each run reports three kinds of figures:

- wall clock pages/s, which counts the other users' load as ours;
- exact CPU time per page, split into the main process (reading, handing out pages, writing:
  it is serial, so its cost caps how far workers scale) and the rest (workers, forkserver);
- the workers' schedstat: the share of their lives on a core, waiting for a core (load) and
  asleep (waiting for pages from the main process);

and a CPU-bound ceiling on ``--cores`` idle cores computed from the CPU figures. ``--repeat N``
runs every configuration N times, interleaved, and pairs the ratios by round. Peak RSS is each
process's VmHWM, sampled from /proc. The memory run repeats the records up to
``--memory-pages`` and compares the workers' and the main process's resident size early and late.

    python benchmarks/bulk.py                      # everything (needs the [bench] extra)
    python benchmarks/bulk.py --skip-trafilatura --memory-pages 0 --repeat 3
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared" / "benchmarks"


class Sample(NamedTuple):
    seconds: float
    main_mb: float
    worker_mb: float  # the largest worker's resident size


class Sched(NamedTuple):
    """One process's scheduler times from /proc/PID/schedstat, in seconds: on a core, and
    runnable but waiting for one (the other users' load). The rest of its life it slept."""

    on_cpu: float
    waiting: float


@dataclass
class Life:
    """A worker process from the first sample that saw it to the last."""

    first: float
    last: float
    start: Sched
    end: Sched


@dataclass
class Run:
    name: str
    pages: int
    seconds: float
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # role -> max VmHWM
    samples: list[Sample] = field(default_factory=list)
    cpu_seconds: float = 0.0  # every process of the run, user + system (exact: see run_measured)
    main_cpu_seconds: float = 0.0  # the process that reads, hands out pages and writes
    workers: dict[int, Life] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds

    def ms(self, seconds: float) -> float:
        return 1000 * seconds / self.pages

    @property
    def main_ms(self) -> float:
        return self.ms(self.main_cpu_seconds)

    @property
    def worker_ms(self) -> float:
        """Everything but the main process: workers, forkserver, multiprocessing's helpers."""
        return self.ms(self.cpu_seconds - self.main_cpu_seconds)

    def worker_time(self) -> tuple[float, float, float]:
        """Shares of the workers' summed lives spent on a core, waiting for a core (load),
        and asleep (waiting for a page from the main process, or starting)."""
        life = sum(w.last - w.first for w in self.workers.values()) or 1e-9
        on = sum(w.end.on_cpu - w.start.on_cpu for w in self.workers.values()) / life
        waiting = sum(w.end.waiting - w.start.waiting for w in self.workers.values()) / life
        return on, waiting, max(0.0, 1.0 - on - waiting)


def dev_pages() -> list[tuple[str, bytes]]:
    pages: list[tuple[str, bytes]] = []
    zyte = SHARED / "zyte-dev"
    truth = json.loads((zyte / "ground-truth.json").read_text("utf-8"))
    for page_id in sorted(truth):
        pages.append((truth[page_id].get("url") or f"https://zyte.example/{page_id}",
                      gzip.decompress((zyte / "html" / f"{page_id}.html.gz").read_bytes())))
    wcxb = SHARED / "wcxb-dev"
    for path in sorted((wcxb / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        meta = json.loads((wcxb / "ground-truth" / f"{page_id}.json").read_text("utf-8"))
        pages.append((meta.get("url") or f"https://wcxb.example/{page_id}",
                      gzip.decompress(path.read_bytes())))
    for path in sorted((REPO_ROOT / "fixtures" / "html").glob("*.html")):
        pages.append((f"https://fixtures.example/{path.name}", path.read_bytes()))
    return pages


def write_warcs(pages: list[tuple[str, bytes]], folder: Path, files: int) -> list[Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True)
    paths = [folder / f"crawl-{k:05d}.warc.gz" for k in range(files)]
    handles = [p.open("wb") for p in paths]
    writers = [WARCWriter(h, gzip=True) for h in handles]
    for n, (url, body) in enumerate(pages):
        writer = writers[n * files // len(pages)]
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=http))
    for handle in handles:
        handle.close()
    return paths


def write_folder(pages: list[tuple[str, bytes]], folder: Path) -> None:
    folder.mkdir(parents=True)
    for n, (_url, body) in enumerate(pages):
        (folder / f"{n:05d}.html").write_bytes(body)


# --------------------------------------------------------------------------- process memory

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _status_kb(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1])
    except OSError:
        return 0.0
    return 0.0


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
    except OSError:
        return ""


def _own_cpu_seconds(pid: int) -> float:
    """utime + stime of one process (readable while it is a zombie, before it is reaped)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _sched(pid: int) -> Sched | None:
    try:
        on_cpu, waiting, _slices = Path(f"/proc/{pid}/schedstat").read_text().split()
    except (OSError, ValueError):
        return None
    return Sched(int(on_cpu) / 1e9, int(waiting) / 1e9)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


_TICKS = float(os.sysconf("SC_CLK_TCK"))
_PR_SET_CHILD_SUBREAPER = 36


def _become_subreaper() -> bool:
    """Adopt the run's orphans (a forkserver whose parent exited first, and its workers), so
    that reaping them adds their CPU time to this process's RUSAGE_CHILDREN."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


SUBREAPER = sys.platform == "linux" and _become_subreaper()


def _reap_orphans(deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no child left
        if pid == 0:
            time.sleep(0.02)


def run_measured(name: str, cmd: list[str], pages: int, cwd: Path) -> Run:
    """Run ``cmd`` and measure its whole process tree.

    CPU time is exact, not sampled: the main process's own time is read from /proc while it is
    a zombie (waited for with WNOWAIT, not yet reaped); the tree's total is this process's
    RUSAGE_CHILDREN once the main process and every orphan it left (adopted, as this process is
    a child subreaper) are reaped. Workers, forkserver and helpers are the difference. On a
    shared machine CPU time says more than the wall clock, which counts the other users' load
    as ours. Every 0.1 s the tree is sampled for resident sizes (peak VmHWM, and early/late
    RSS for the memory run) and for each worker's schedstat: how much of its life it ran, waited
    for a core, or slept waiting for pages (workers are the descendants without children of
    their own, less multiprocessing's resource tracker and forkserver)."""
    started = time.monotonic()
    before = _children_cpu()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        run = Run(name, pages, 0.0)
        stop = threading.Event()
        thread = threading.Thread(target=_sample, args=(proc.pid, run, stop, started),
                                  daemon=True)
        thread.start()
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        run.seconds = time.monotonic() - started
        run.main_cpu_seconds = _own_cpu_seconds(proc.pid)
        stop.set()
        thread.join()
        proc.wait()
        if SUBREAPER:
            _reap_orphans(time.monotonic() + 30)
        run.cpu_seconds = _children_cpu() - before
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{name} failed ({proc.returncode}): {err.read().decode()[-2000:]}")
    return run


def _sample(main: int, run: Run, stop: threading.Event, started: float) -> None:
    parents: set[int] = set()  # the forkserver, once seen with children, is no worker
    while not stop.wait(0.1):
        now = time.monotonic() - started
        tree = _children()
        todo, workers = list(tree.get(main, [])), []
        while todo:
            pid = todo.pop()
            todo.extend(tree.get(pid, []))
            if tree.get(pid):
                parents.add(pid)
                run.workers.pop(pid, None)
            elif pid not in parents and "resource_tracker" not in _name(pid):
                workers.append(pid)
        for pid in workers:
            sched = _sched(pid)
            if sched is None:
                continue
            if pid in run.workers:
                run.workers[pid].last, run.workers[pid].end = now, sched
            else:
                run.workers[pid] = Life(now, now, sched, sched)
        sizes = [_status_kb(pid, "VmRSS") / 1024 for pid in workers]
        peaks = [_status_kb(pid, "VmHWM") / 1024 for pid in workers]
        run.peak_rss_mb["main"] = max(run.peak_rss_mb.get("main", 0.0),
                                      _status_kb(main, "VmHWM") / 1024)
        run.peak_rss_mb["worker"] = max([run.peak_rss_mb.get("worker", 0.0), *peaks])
        run.samples.append(Sample(now, _status_kb(main, "VmRSS") / 1024, max(sizes, default=0.0)))



def bulk_cmd(inputs: list[Path], out: Path, workers: int, engine: str = "local") -> list[str]:
    return [sys.executable, "-m", "scrapy_cleanarticle", "bulk", *map(str, inputs), "-o", str(out),
            "--workers", str(workers), "--engine", engine, "--no-resume"]


def records_out(out_dir: Path) -> int:
    """Lines written, counted in the outputs themselves (not taken from the manifests)."""
    return sum(sum(1 for _ in p.open("rb")) for p in out_dir.glob("*.jsonl"))


def memory_run(pages: list[tuple[str, bytes]], tmp: Path, total: int, workers: int) -> Run:
    repeated = [(f"{url}#copy{n}", body) for n, (url, body)
                in enumerate(pages[i % len(pages)] for i in range(total))]
    warc = write_warcs(repeated, tmp / "memory", 1)
    return run_measured(f"bulk {workers} workers, {total} pages", bulk_cmd(warc, tmp / "mem-out",
                                                                           workers), total, tmp)


def _window(samples: list[Sample], lo: float, hi: float) -> Sample:
    """Median main and worker RSS over the share ``lo..hi`` of the run."""
    end = samples[-1].seconds if samples else 1.0
    part = [s for s in samples if lo * end <= s.seconds <= hi * end and s.worker_mb > 0] or samples
    mains = sorted(s.main_mb for s in part)
    workers = sorted(s.worker_mb for s in part)
    return Sample(lo * end, mains[len(mains) // 2], workers[len(workers) // 2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=8, help="WARC parts (Dask: one task each)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1,
                        help="idle cores assumed by the CPU-bound ceiling")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of every run, interleaved; ratios are paired per round")
    parser.add_argument("--skip-trafilatura", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--memory-pages", type=int, default=10_000, help="0: no memory run")
    parser.add_argument("--limit", type=int, default=0, help="first N pages only (a quick check)")
    parser.add_argument("--library", action="store_true",
                        help="also time clean_article and trafilatura.extract in-process")
    parser.add_argument("--only-library", action="store_true", help="only that")
    parser.add_argument("--only-memory", action="store_true", help="only the memory run")
    args = parser.parse_args()

    pages = dev_pages()[: args.limit or None]
    if args.only_library:
        library_cpu(pages)
        return
    with tempfile.TemporaryDirectory(prefix="cleanarticle-bulk-bench-") as name:
        tmp = Path(name)
        warcs = write_warcs(pages, tmp / "warc", args.files)
        print(f"{len(pages)} pages in {len(warcs)} WARC files "
              f"({sum(p.stat().st_size for p in warcs) / 1e6:.1f} MB); "
              f"python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.1f}",
              flush=True)
        if not args.skip_trafilatura:
            write_folder(pages, tmp / "html")
        rounds: list[dict[str, Run]] = []
        for n in range(0 if args.only_memory else args.repeat):
            if args.repeat > 1:
                print(f"round {n + 1}/{args.repeat}, load average {os.getloadavg()[0]:.1f}")
            rounds.append(_round(args, warcs, tmp, len(pages)))
        _ratios(rounds, args.workers, args.cores)
        if args.library:
            library_cpu(pages)
        if args.memory_pages:
            mem = memory_run(pages, tmp, args.memory_pages, args.workers)
            _print(mem, args.workers, args.cores)
            print(f"  records out: {records_out(tmp / 'mem-out')} (in: {args.memory_pages})")
            early, late = _window(mem.samples, 0.1, 0.2), _window(mem.samples, 0.8, 0.95)
            print(f"  RSS early (10-20% of the run) -> late (80-95%): main {early.main_mb:.0f} -> "
                  f"{late.main_mb:.0f} MB ({late.main_mb - early.main_mb:+.0f}), largest worker "
                  f"{early.worker_mb:.0f} -> {late.worker_mb:.0f} MB "
                  f"({late.worker_mb - early.worker_mb:+.0f})")


def _round(args: argparse.Namespace, warcs: list[Path], tmp: Path, pages: int) -> dict[str, Run]:
    """Every run once, each in a fresh process and a fresh output folder."""
    runs: dict[str, Run] = {}
    for workers in (1, args.workers):
        key = f"local-{workers}"
        out = tmp / key
        shutil.rmtree(out, ignore_errors=True)
        runs[key] = run_measured(f"bulk local, {workers} worker(s)",
                                 bulk_cmd(warcs, out, workers), pages, tmp)
        _print(runs[key], workers, args.cores)
        print(f"  records out: {records_out(out)} (response records in: {pages})")
    if not args.skip_dask:
        shutil.rmtree(tmp / "dask", ignore_errors=True)
        runs["dask"] = run_measured(f"bulk dask, {args.workers} workers",
                                    bulk_cmd(warcs, tmp / "dask", args.workers, "dask"),
                                    pages, tmp)
        _print(runs["dask"], args.workers, args.cores)
        same = all((tmp / "dask" / p.name).read_bytes() == p.read_bytes()
                   for p in (tmp / f"local-{args.workers}").glob("*.jsonl"))
        print(f"  dask output identical to local: {same}")
    if not args.skip_trafilatura:
        runs["trafilatura"] = _trafilatura(tmp, args.workers, pages)
        _print(runs["trafilatura"], args.workers, args.cores)
    return runs


def library_cpu(pages: list[tuple[str, bytes]]) -> None:
    """CPU per page of the two extraction functions alone, in this process, without reading,
    writing or worker processes: it tells the bulk pipeline's own cost from the cleaner's."""
    import trafilatura

    from scrapy_cleanarticle import clean_article

    costs = {}
    for name, func in (("clean_article", lambda url, body: clean_article(body, url)),
                       ("trafilatura.extract", lambda url, body: trafilatura.extract(body, url=url))):
        started = time.process_time()
        for url, body in pages:
            func(url, body)
        costs[name] = (time.process_time() - started) / len(pages)
        print(f"in-process {name:<22} {1000 * costs[name]:6.1f} CPU-ms/page", flush=True)
    print(f"ratio in-process trafilatura / clean_article CPU: "
          f"{costs['trafilatura.extract'] / costs['clean_article']:.2f}x")


def _trafilatura(tmp: Path, workers: int, pages: int) -> Run:
    exe = shutil.which("trafilatura", path=str(Path(sys.executable).parent))
    if exe is None:
        raise SystemExit('trafilatura is not installed: pip install -e ".[bench]"')
    shutil.rmtree(tmp / "traf-out", ignore_errors=True)
    return run_measured(f"trafilatura --parallel {workers}",
                        [exe, "--input-dir", str(tmp / "html"), "--output-dir",
                         str(tmp / "traf-out"), "--parallel", str(workers)], pages, tmp)


def ceiling(run: Run, workers: int, cores: int) -> float:
    """Pages/s this run's CPU costs allow on ``cores`` idle cores: the main process is serial
    (it holds the GIL for its reading, pickling and writing), each worker is one process, and
    all of them share the cores. A CPU-bound model, not a measurement: it says what the code
    allows, where the wall clock on a loaded machine says what the other users allowed."""
    main, rest = run.main_ms / 1000, run.worker_ms / 1000
    return min(1 / max(main, 1e-9), workers / max(rest, 1e-9), cores / (main + rest))


def _print(run: Run, workers: int, cores: int) -> None:
    rss = ", ".join(f"{k} {v:.0f} MB" for k, v in run.peak_rss_mb.items())
    on, waiting, asleep = run.worker_time()
    print(f"{run.name:<34} {run.pages:>6} pages {run.seconds:>7.1f} s {run.rate:>6.1f} pages/s  "
          f"CPU-ms/page {run.ms(run.cpu_seconds):5.1f} = main {run.main_ms:4.2f} + workers "
          f"{run.worker_ms:5.2f}  ceiling on {cores} idle cores "
          f"{ceiling(run, workers, cores):5.1f} pages/s", flush=True)
    print(f"  workers' lives: {100 * on:.0f}% on a core, {100 * waiting:.0f}% waiting for a core "
          f"(load), {100 * asleep:.0f}% asleep (waiting for pages, starting)   "
          f"peak RSS: {rss}", flush=True)


def _ratios(rounds: list[dict[str, Run]], workers: int, cores: int) -> None:
    """Each ratio compares two runs of the same round (minutes apart, under a similar load);
    with several rounds, the median and the range of the per-round ratios."""

    def paired(a: str, a_workers: int, b: str, b_workers: int) -> str | None:
        pairs = [(r[a], r[b]) for r in rounds if a in r and b in r]
        if not pairs:
            return None
        figures = {
            "wall pages/s": [x.rate / y.rate for x, y in pairs],
            "ceiling": [ceiling(x, a_workers, cores) / ceiling(y, b_workers, cores)
                        for x, y in pairs],
            "CPU per page": [x.cpu_seconds / y.cpu_seconds for x, y in pairs]}
        return ", ".join(f"{label} {_spread(values)}" for label, values in figures.items())

    lines = [(f"{workers} workers / 1 worker (target >= 1.8x)",
              paired(f"local-{workers}", workers, "local-1", 1) if workers != 1 else None),
             (f"dask / local, {workers} workers (target >= 0.90x)",
              paired("dask", workers, f"local-{workers}", workers)),
             (f"bulk / trafilatura, {workers} workers each (target >= 3.5x)",
              paired(f"local-{workers}", workers, "trafilatura", workers))]
    for label, text in lines:
        if text is not None:
            print(f"ratio {label}: {text}")
    traf = [(r[f"local-{workers}"], r["trafilatura"]) for r in rounds
            if "trafilatura" in r and f"local-{workers}" in r]
    if traf:
        print("trafilatura's CPU per page / ours: all processes "
              f"{_spread([t.cpu_seconds / b.cpu_seconds for b, t in traf])}, workers only "
              f"{_spread([t.worker_ms / b.worker_ms for b, t in traf])}")


def _spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f}x"
    return f"{statistics.median(values):.2f}x ({min(values):.2f}-{max(values):.2f})"


if __name__ == "__main__":
    main()
