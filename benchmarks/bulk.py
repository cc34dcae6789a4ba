"""Bulk throughput: ``cleanarticle bulk`` (1 and 2 local workers, the Dask engine) against
trafilatura's own bulk command on the same stored pages, plus worker memory.

The dev pages (zyte-dev, wcxb-dev and the bundled fixtures, about 1,650) are written with warcio
as a crawl would store them: a WARC rotated into ``--files`` parts, in a temporary folder (the
benchmark pages never enter the repository). trafilatura reads the same pages as a folder of
.html files (its ``--input-dir``), since it has no WARC input. Every run is a fresh process timed
by wall clock, from start to exit, so start-up and pool start count against us too. Peak RSS is
each process's VmHWM, sampled from /proc while it runs. The memory run repeats the records up to
``--memory-pages`` and compares the workers' and the main process's resident size early and late.

    python benchmarks/bulk.py                      # everything (needs the [bench] extra)
    python benchmarks/bulk.py --skip-trafilatura --memory-pages 0
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
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


@dataclass
class Run:
    name: str
    pages: int
    seconds: float
    peak_rss_mb: dict[str, float] = field(default_factory=dict)  # role -> max VmHWM
    samples: list[Sample] = field(default_factory=list)
    cpu_seconds: float = 0.0  # all processes of the run, user + system
    main_cpu_seconds: float = 0.0  # the process that reads and writes

    @property
    def rate(self) -> float:
        return self.pages / self.seconds


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


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime


_TICKS = float(__import__("os").sysconf("SC_CLK_TCK"))


def run_measured(name: str, cmd: list[str], pages: int, cwd: Path) -> Run:
    """Run ``cmd``; sample its process tree every 0.2 s. Workers are the descendants that have
    no children of their own (the forkserver and Dask's helpers are not), less multiprocessing's
    resource tracker. CPU time is summed over every process seen: on a shared machine it says
    more than the wall clock, which counts the other users' load as ours."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    run = Run(name, pages, 0.0)
    stop = threading.Event()
    cpu: dict[int, float] = {}

    def sample() -> None:
        while not stop.wait(0.2):
            tree = _children()
            todo, workers = list(tree.get(proc.pid, [])), []
            while todo:
                pid = todo.pop()
                todo.extend(tree.get(pid, []))
                cpu[pid] = max(cpu.get(pid, 0.0), _cpu_seconds(pid))
                if not tree.get(pid) and "resource_tracker" not in _name(pid):
                    workers.append(pid)
            cpu[proc.pid] = max(cpu.get(proc.pid, 0.0), _cpu_seconds(proc.pid))
            main = _status_kb(proc.pid, "VmRSS") / 1024
            sizes = [_status_kb(pid, "VmRSS") / 1024 for pid in workers]
            peaks = [_status_kb(pid, "VmHWM") / 1024 for pid in workers]
            run.peak_rss_mb["main"] = max(run.peak_rss_mb.get("main", 0.0),
                                          _status_kb(proc.pid, "VmHWM") / 1024)
            run.peak_rss_mb["worker"] = max([run.peak_rss_mb.get("worker", 0.0), *peaks])
            run.samples.append(Sample(time.monotonic() - started, main, max(sizes, default=0.0)))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _out, err = proc.communicate()
    run.seconds = time.monotonic() - started
    stop.set()
    thread.join()
    run.cpu_seconds = sum(cpu.values())
    run.main_cpu_seconds = cpu.get(proc.pid, 0.0)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return run


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
              f"python {sys.version.split()[0]}", flush=True)
        runs: dict[str, Run] = {}
        for workers in () if args.only_memory else (1, args.workers):
            key = f"local-{workers}"
            runs[key] = run_measured(f"bulk local, {workers} worker(s)",
                                     bulk_cmd(warcs, tmp / key, workers), len(pages), tmp)
            _print(runs[key])
            print(f"  records out: {records_out(tmp / key)} (response records in: {len(pages)})")
        if not (args.skip_dask or args.only_memory):
            runs["dask"] = run_measured(f"bulk dask, {args.workers} workers",
                                        bulk_cmd(warcs, tmp / "dask", args.workers, "dask"),
                                        len(pages), tmp)
            _print(runs["dask"])
            same = all((tmp / "dask" / p.name).read_bytes() == p.read_bytes()
                       for p in (tmp / f"local-{args.workers}").glob("*.jsonl"))
            print(f"  dask output identical to local: {same}")
        if not (args.skip_trafilatura or args.only_memory):
            runs["trafilatura"] = _trafilatura(pages, tmp, args.workers)
            _print(runs["trafilatura"])
        _ratios(runs, args.workers)
        if args.library:
            library_cpu(pages)
        if args.memory_pages:
            mem = memory_run(pages, tmp, args.memory_pages, args.workers)
            _print(mem)
            print(f"  records out: {records_out(tmp / 'mem-out')} (in: {args.memory_pages})")
            early, late = _window(mem.samples, 0.1, 0.2), _window(mem.samples, 0.8, 0.95)
            print(f"  RSS early (10-20% of the run) -> late (80-95%): main {early.main_mb:.0f} -> "
                  f"{late.main_mb:.0f} MB ({late.main_mb - early.main_mb:+.0f}), largest worker "
                  f"{early.worker_mb:.0f} -> {late.worker_mb:.0f} MB "
                  f"({late.worker_mb - early.worker_mb:+.0f})")


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


def _trafilatura(pages: list[tuple[str, bytes]], tmp: Path, workers: int) -> Run:
    exe = shutil.which("trafilatura", path=str(Path(sys.executable).parent))
    if exe is None:
        raise SystemExit('trafilatura is not installed: pip install -e ".[bench]"')
    write_folder(pages, tmp / "html")
    return run_measured(f"trafilatura --parallel {workers}",
                        [exe, "--input-dir", str(tmp / "html"), "--output-dir",
                         str(tmp / "traf-out"), "--parallel", str(workers)], len(pages), tmp)


def _print(run: Run) -> None:
    rss = ", ".join(f"{k} {v:.0f} MB" for k, v in run.peak_rss_mb.items())
    print(f"{run.name:<34} {run.pages:>6} pages {run.seconds:>7.1f} s {run.rate:>6.1f} pages/s "
          f"{1000 * run.cpu_seconds / run.pages:>6.1f} CPU-ms/page "
          f"({100 * run.main_cpu_seconds / max(run.cpu_seconds, 1e-9):.0f}% main)"
          f"   peak RSS: {rss}", flush=True)


def _ratios(runs: dict[str, Run], workers: int) -> None:
    base = runs.get(f"local-{workers}")
    if base is None:
        return
    if "local-1" in runs and workers != 1:
        one = runs["local-1"]
        print(f"ratio {workers} workers / 1 worker: {base.rate / one.rate:.2f}x pages/s "
              f"(target >= 1.8x); CPU per page {base.cpu_seconds / one.cpu_seconds:.2f}x")
    if "dask" in runs:
        print(f"ratio dask / local ({workers} workers): {runs['dask'].rate / base.rate:.2f}x "
              f"(target >= 0.90x)")
    if "trafilatura" in runs:
        traf = runs["trafilatura"]
        print(f"ratio bulk / trafilatura ({workers} workers each): "
              f"{base.rate / traf.rate:.2f}x pages/s (target >= 3.5x), "
              f"{traf.cpu_seconds / base.cpu_seconds:.2f}x less CPU per page")


if __name__ == "__main__":
    main()
