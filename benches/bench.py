#!/usr/bin/env python3
"""Benchmark oewg against SQLite FTS5 and ripgrep on the UN General Debate corpus (UNGDC).

Usage:
    python3 benches/bench.py [--smoke] [--corpus ../shared/corpora/ungdc]
                             [--oewg target/release/oewg] [--json OUT.json] [--keep]
                             [--build-only]

What it does, in order:
  1. unpacks UNGDC_1946-2024_TXT.tar.gz (10,952 speeches; --smoke: the first ~300 files) into a
     temporary folder (the shared corpus folder is only read), and writes a metadata overlay
     folder with one `_meta.toml` that reads state, session and year from the file names;
  2. builds, in rotating order, the oewg index (`oewg index --corpus DIR --meta METADIR`) and two
     SQLite FTS5 tables (`fts(body, state UNINDEXED, year UNINDEXED)`, tokenize='porter
     unicode61'), each from a fresh start, timing wall time and peak RSS: one of the same passages
     oewg cuts (at most 120 words), one of blank-line paragraphs as they stand (issue 22's
     reference). oewg reads and splits the speeches itself; FTS5 is fed rows split beforehand
     (untimed) and stored as JSON lines, so its figure is SQLite's build alone;
  3. measures oewg's no-op re-index and its re-index after one edited file;
  4. times `oewg search ... --limit 10 --format json` as a whole process over 24 queries against the
     `sqlite3` CLI doing the same top-10 bm25 + snippet query and against `rg -c -i` over the raw
     files, alternating the contenders, after one warm-up run of each;
  5. times `oewg rank development --by state` against an FTS5 `GROUP BY state`;
  6. compares the index size on disk with the raw corpus bytes;
  7. prints a table (figure | oewg | baseline | ratio | target | pass?) and writes it as JSON.

Python 3.11 standard library only. The exit status is 0 whether or not the targets are met (this
is a measurement); it is non-zero only when something failed to run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# Repetitions (medians are reported): builds and re-indexes are slow, queries are fast.
BUILD_REPS = {"full": 3, "smoke": 1}
QUERY_REPS = 5
SMOKE_FILES = 300

# The process and kind every speech gets from the overlay; state/session/year come from the name.
META_TOML = """\
# Metadata overlay written by benches/bench.py for the UN General Debate corpus.
filename = "{state}_{session}_{year}"
process = "unga-general-debate"
kind = "statement"
"""

# Sentence appended to one file for the "re-index after one edit" figure.
EDIT_SENTENCE = (
    "\n\nThe Assembly reaffirmed its commitment to an open, secure, stable, accessible and "
    "peaceful information and communications technology environment.\n"
)

GIB = 1024**3


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One search, written once for each contender.

    `text` is oewg query syntax; the subset used here (words, "phrases", OR, prefix*) is also valid
    FTS5 MATCH syntax with the same meaning, so it is passed to FTS5 unchanged. `rg` is the
    case-insensitive regex ripgrep runs over the raw files: words of an AND must occur on the same
    line (recent speeches have one paragraph per line). Filters become `--state`/`--year` for oewg,
    `state = ?`/`year BETWEEN` for SQL and file-name globs for rg.
    """

    text: str
    rg: str
    state: str | None = None
    years: tuple[int, int] | None = None

    @property
    def label(self) -> str:
        parts = [self.text]
        if self.state:
            parts.append(f"--state {self.state}")
        if self.years:
            parts.append(f"--year {self.years[0]}..{self.years[1]}")
        return " ".join(parts)


QUERIES = [
    # rare terms
    Query("cyberspace", "cyberspace"),
    Query("ransomware", "ransomware"),
    Query("Chernobyl", "chernobyl"),
    Query("apartheid", "apartheid"),
    Query("pandemic", "pandemic"),
    # common terms
    Query("development", "development"),
    Query("peace", "peace"),
    Query("security", "security"),
    # AND of two words
    Query("nuclear disarmament", "nuclear.*disarmament|disarmament.*nuclear"),
    Query("climate change", "climate.*change|change.*climate"),
    Query("human rights", "human.*rights|rights.*human"),
    Query("terrorism poverty", "terrorism.*poverty|poverty.*terrorism"),
    # phrases
    Query('"international law"', r"international\s+law"),
    Query('"rule of law"', r"rule\s+of\s+law"),
    Query(
        '"information and communication technologies"',
        r"information\s+and\s+communication\s+technologies",
    ),
    Query('"small island developing States"', r"small\s+island\s+developing\s+states"),
    # prefix, OR
    Query("cyber*", r"\bcyber"),
    Query("treaty OR convention", "treaty|convention"),
    # with filters
    Query(
        '"information and communication technologies"',
        r"information\s+and\s+communication\s+technologies",
        years=(2015, 2020),
    ),
    Query("security", "security", years=(2015, 2020)),
    Query("development", "development", state="USA"),
    Query('"climate change"', r"climate\s+change", state="FRA"),
    Query("sovereignty", "sovereignty", state="CHN"),
    Query("terrorism", "terrorism", state="RUS", years=(2015, 2020)),
]

RANK_QUERY = "development"


# --------------------------------------------------------------------------------------------
# Running and timing commands
# --------------------------------------------------------------------------------------------

TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


class CommandFailed(Exception):
    """A measured command exited with an unexpected status: the run is not a measurement."""


@dataclass
class Run:
    wall: float  # seconds, wall clock
    rss_kib: int | None  # peak resident set size, KiB (only when asked for)
    stdout: str
    stderr: str
    code: int


def run(cmd: list[str], *, ok: tuple[int, ...] = (0,), rss: bool = False) -> Run:
    """Runs `cmd` to completion, capturing its output, and times it (wall clock).

    With `rss`, the peak RSS of the process is measured too: with `/usr/bin/time -v` when it is
    installed (its report is appended to stderr and removed from it here), otherwise from the
    kernel's rusage of that one child (`os.wait4`, the per-child form of RUSAGE_CHILDREN).
    """
    argv = [TIME_BIN, "-v", *cmd] if rss and TIME_BIN else cmd
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    rss_kib = None
    if rss:
        if TIME_BIN:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
            rss_kib = int(m.group(1)) if m else None
            stderr = stderr.split("\tCommand being timed:")[0]
            stderr = re.sub(r"Command exited with non-zero status \d+\n?$", "", stderr)
        else:
            rss_kib = usage.ru_maxrss  # KiB on Linux
    if proc.returncode not in ok:
        raise CommandFailed(
            f"command failed (exit {proc.returncode}): {' '.join(cmd)}\n{stderr.strip()[-2000:]}"
        )
    return Run(wall, rss_kib, stdout, stderr, proc.returncode)


def median(xs: list[float]) -> float:
    return statistics.median(xs)


# --------------------------------------------------------------------------------------------
# The SQLite FTS5 baseline: passages as oewg cuts them, fed from Python
# --------------------------------------------------------------------------------------------

MAX_WORDS = 120  # oewg's passage window (src/ingest/passage.rs MAX_WORDS)
NOISE = re.compile(r"^[\d\s\-–—*_=|.]*$")  # bare page numbers and rules: not passages
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")  # what ends a block of lines (both splitters)
NAME = re.compile(r"^([A-Z]{2,3})_(\d+)_(\d{4})\.txt$")


def passages(text: str) -> list[str]:
    """Splits a speech into passages the way oewg does, closely enough for a fair baseline.

    A passage is a block of non-blank lines with its line breaks turned into spaces; a block
    longer than 120 words is cut at sentence ends into windows of at most 120 words (a longer
    sentence is cut between words). oewg also lifts short heading-like lines out into a section
    field; that is left out here (it changes few rows, and the words are indexed either way).
    """
    out: list[str] = []
    for block in BLANK_LINE.split(text):
        flat = " ".join(block.split())
        if not flat or NOISE.match(flat):
            continue
        if len(flat.split()) <= MAX_WORDS:
            out.append(flat)
            continue
        window: list[str] = []
        for sentence in SENTENCE_END.split(flat):
            words = sentence.split()
            if window and len(window) + len(words) > MAX_WORDS:
                out.append(" ".join(window))
                window = []
            while len(words) > MAX_WORDS:  # an over-long sentence: cut between words
                out.append(" ".join(words[:MAX_WORDS]))
                words = words[MAX_WORDS:]
            window.extend(words)
        if window:
            out.append(" ".join(window))
    return out


def speech_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.txt") if p.is_file())


def paragraphs(text: str) -> list[str]:
    """Splits a speech at blank lines and nothing else: issue 22's FTS5 reference (one row per
    paragraph as the file has it, however long)."""
    out = []
    for block in BLANK_LINE.split(text):
        flat = " ".join(block.split())
        if flat:
            out.append(flat)
    return out


def write_rows(jsonl: Path, corpus: Path, split) -> int:
    """Splits the corpus once with `split`, as JSON lines `[body, state, year]` (not timed)."""
    rows = 0
    with jsonl.open("w", encoding="utf-8") as out:
        for path in speech_files(corpus):
            m = NAME.match(path.name)
            state, year = (m.group(1), int(m.group(3))) if m else (None, None)
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            for body in split(text):
                out.write(json.dumps([body, state, year], ensure_ascii=False) + "\n")
                rows += 1
    return rows


def build_fts(db: Path, jsonl: Path) -> None:
    """Builds the FTS5 baseline from the passages' JSON lines: one row per passage, one
    transaction (run as its own process). Reading and splitting the speeches is done before, once
    and untimed, so the figure is SQLite's own build time (the issue's reference: FTS5 built from
    JSON lines), while oewg's figure includes reading and splitting."""
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE fts USING fts5("
        "body, state UNINDEXED, year UNINDEXED, tokenize='porter unicode61')"
    )

    def rows():
        with jsonl.open(encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)

    with con:  # one transaction, committed at the end (as oewg commits once per run)
        con.executemany("INSERT INTO fts(body, state, year) VALUES (?, ?, ?)", rows())
    con.close()


def sql_string(s: str) -> str:
    """An SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def fts_search_sql(q: Query) -> str:
    where = [f"fts MATCH {sql_string(q.text)}"]
    if q.state:
        where.append(f"state = {sql_string(q.state)}")
    if q.years:
        where.append(f"year BETWEEN {q.years[0]} AND {q.years[1]}")
    return (
        "SELECT rowid, snippet(fts, 0, '[', ']', '…', 20), bm25(fts) FROM fts "
        f"WHERE {' AND '.join(where)} ORDER BY bm25(fts) LIMIT 10;"
    )


# --------------------------------------------------------------------------------------------
# Machine, corpus, sizes
# --------------------------------------------------------------------------------------------


def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version()}
    try:
        info["usable_cpus"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            info["mem_total_gib"] = round(int(line.split()[1]) / 1024**2, 1)
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            info["cpu_model"] = line.split(":", 1)[1].strip()
            break
    info["kernel"] = platform.release()
    info["loadavg_start"] = os.getloadavg()
    return info


def tool_version(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    lines = (out.stdout or out.stderr).strip().splitlines()
    return lines[0] if lines else None


def unpack(tarball: Path, dest: Path, limit: int | None) -> Path:
    """Unpacks the speeches (all, or the first `limit` in archive order); returns the TXT root."""
    n = 0
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar:
            if limit is not None and n >= limit:
                break
            if member.isfile() and member.name.endswith(".txt"):
                tar.extract(member, dest, filter="data")
                n += 1
    return dest / "TXT"


def du_bytes(path: Path) -> int:
    """Disk usage of a file or folder in bytes, as `du` counts it (allocated blocks)."""
    if path.is_file():
        return path.stat().st_blocks * 512
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file())


def known_state_codes(states_toml: Path) -> set[str] | None:
    """Codes, names and aliases of index-schema/states.toml, folded to upper case."""
    import tomllib

    if not states_toml.is_file():
        return None
    data = tomllib.loads(states_toml.read_text(encoding="utf-8"))
    keys = set()
    for s in data.get("state", []):
        keys.add(s["code"].upper())
        keys.add(s["name"].upper())
        keys.update(a.upper() for a in s.get("aliases", []))
    return keys


SUMMARY = re.compile(r"(\d+) errors, (\d+) warnings \((\d+) documents, (\d+) passages\)")
COUNTS = re.compile(r"(\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged")


def index_summary(stderr: str) -> dict:
    """Reads the counts from `oewg index`'s summary line on stderr."""
    m = SUMMARY.search(stderr)
    if not m:
        raise CommandFailed(f"no summary line in oewg index output:\n{stderr[-2000:]}")
    out = dict(zip(("errors", "warnings", "documents", "passages"), map(int, m.groups())))
    c = COUNTS.search(stderr)
    if c:
        out.update(zip(("added", "updated", "removed", "unchanged"), map(int, c.groups())))
    out["up_to_date"] = "is up to date" in stderr
    return out


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def fmt_seconds(s: float | None) -> str:
    if s is None:
        return "—"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def fmt_bytes(b: float | None) -> str:
    if b is None:
        return "—"
    for unit, size in (("GiB", GIB), ("MiB", 1024**2), ("KiB", 1024)):
        if b >= size:
            return f"{b / size:.1f} {unit}"
    return f"{b:.0f} B"


def fmt_ratio(r: float | None) -> str:
    return "—" if r is None else f"{r:.2f}x"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------


@dataclass
class Bench:
    oewg: Path
    corpus_src: Path
    smoke: bool
    work: Path
    rg: str | None = shutil.which("rg")
    sqlite3_cli: str | None = shutil.which("sqlite3")
    lenient: bool = False
    build_only: bool = False
    report: dict = field(default_factory=dict)

    def log(self, msg: str) -> None:
        print(msg, flush=True)

    # -- setup ----------------------------------------------------------------------------------

    def prepare(self) -> None:
        tarball = self.corpus_src / "UNGDC_1946-2024_TXT.tar.gz"
        if not tarball.is_file():
            raise CommandFailed(f"corpus archive not found: {tarball}")
        start = time.perf_counter()
        self.corpus = unpack(tarball, self.work / "corpus", SMOKE_FILES if self.smoke else None)
        self.files = speech_files(self.corpus)
        self.raw_bytes = sum(p.stat().st_size for p in self.files)
        self.raw_du = du_bytes(self.corpus)
        self.log(
            f"corpus: {len(self.files)} files, {fmt_bytes(self.raw_bytes)} "
            f"unpacked into {self.corpus} in {time.perf_counter() - start:.1f} s"
        )
        self.meta = self.work / "meta"
        self.meta.mkdir()
        (self.meta / "_meta.toml").write_text(META_TOML, encoding="utf-8")

        # State codes that states.toml does not know would be errors; oewg then needs --lenient
        # (the file is indexed without the state, with a warning).
        known = known_state_codes(REPO / "index-schema" / "states.toml")
        codes = {m.group(1) for p in self.files if (m := NAME.match(p.name))}
        unknown = sorted(codes - known) if known is not None else []
        self.lenient = bool(unknown)
        self.report["corpus"] = {
            "files": len(self.files),
            "raw_bytes": self.raw_bytes,
            "raw_du_bytes": self.raw_du,
            "state_codes": len(codes),
            "unknown_state_codes": unknown,
            "files_with_unknown_state": sum(
                1 for p in self.files if (m := NAME.match(p.name)) and m.group(1) in unknown
            ),
            "lenient": self.lenient,
        }
        if unknown:
            self.log(
                f"{len(unknown)} state codes are not in index-schema/states.toml "
                f"({', '.join(unknown)}): indexing with --lenient"
            )

    def oewg_cmd(self, index: Path, *args: str) -> list[str]:
        return [str(self.oewg), "--index", str(index), *args]

    def index_cmd(self, index: Path) -> list[str]:
        cmd = self.oewg_cmd(index, "index", "--corpus", str(self.corpus), "--meta", str(self.meta))
        return cmd + ["--lenient"] if self.lenient else cmd

    # -- 1. cold builds ---------------------------------------------------------------------------

    def builds(self) -> None:
        reps = BUILD_REPS["smoke" if self.smoke else "full"]
        self.index = self.work / "index"
        self.db = self.work / "fts.db"
        paragraphs_db = self.work / "fts-paragraphs.db"
        runs: dict[str, list[Run]] = {"oewg": [], "fts": [], "fts-para": []}
        summary: dict = {}
        cmds = {}
        for name, db, split in (("fts", self.db, passages), ("fts-para", paragraphs_db, paragraphs)):
            jsonl = self.work / f"{name}.jsonl"
            start = time.perf_counter()
            rows = write_rows(jsonl, self.corpus, split)
            self.log(f"  {name} input: {rows} rows as JSON lines in "
                     f"{time.perf_counter() - start:.1f} s (not timed)")
            cmds[name] = [sys.executable, str(Path(__file__).resolve()), "--build-fts", str(db),
                          str(jsonl)]
        order = list(runs)
        for rep in range(reps):
            # Rotate which contender goes first, so none always inherits a warmer machine.
            for which in order[rep % 3:] + order[:rep % 3]:
                if which == "oewg":
                    shutil.rmtree(self.index, ignore_errors=True)  # cold: a fresh index folder
                    r = run(self.index_cmd(self.index), rss=True)
                    summary = index_summary(r.stderr)
                    if summary["errors"]:
                        raise CommandFailed(f"oewg index reported errors:\n{r.stderr[-2000:]}")
                else:
                    r = run(cmds[which], rss=True)
                runs[which].append(r)
                self.log(f"  build {rep + 1}/{reps} {which:8}: {fmt_seconds(r.wall)}, "
                         f"peak RSS {fmt_bytes((r.rss_kib or 0) * 1024)}")
        with sqlite3.connect(self.db) as con:
            fts_rows = con.execute("SELECT count(*) FROM fts").fetchone()[0]
        with sqlite3.connect(paragraphs_db) as con:
            para_rows = con.execute("SELECT count(*) FROM fts").fetchone()[0]
        paragraphs_db.unlink()
        oewg_runs, fts_runs, para_runs = runs["oewg"], runs["fts"], runs["fts-para"]
        self.report["build"] = {
            "oewg_wall_s": [r.wall for r in oewg_runs],
            "fts5_wall_s": [r.wall for r in fts_runs],
            "fts5_paragraphs_wall_s": [r.wall for r in para_runs],
            "oewg_peak_rss_kib": [r.rss_kib for r in oewg_runs],
            "fts5_peak_rss_kib": [r.rss_kib for r in fts_runs],
            "fts5_paragraphs_peak_rss_kib": [r.rss_kib for r in para_runs],
            "rss_method": "/usr/bin/time -v" if TIME_BIN else "os.wait4 rusage",
            "oewg_summary": summary,
            "fts5_rows": fts_rows,
            "fts5_paragraphs_rows": para_rows,
        }
        self.log(
            f"  oewg: {summary['documents']} documents, {summary['passages']} passages, "
            f"{summary['errors']} errors, {summary['warnings']} warnings; FTS5: {fts_rows} "
            f"passage rows, {para_rows} paragraph rows"
        )

    # -- 6. sizes ---------------------------------------------------------------------------------

    def sizes(self) -> None:
        self.report["size"] = {
            "oewg_index_du_bytes": du_bytes(self.index),
            "fts5_db_du_bytes": du_bytes(self.db),
            "raw_bytes": self.raw_bytes,
        }

    # -- 2./3. re-indexing ------------------------------------------------------------------------

    def reindex(self) -> None:
        reps = BUILD_REPS["smoke" if self.smoke else "full"]
        noop, edit = [], []
        for _ in range(reps):
            r = run(self.index_cmd(self.index))
            s = index_summary(r.stderr)
            if not s["up_to_date"]:
                raise CommandFailed(f"no-op re-index re-read files:\n{r.stderr[-2000:]}")
            noop.append(r.wall)
        # Edit a different file each time (spread over the corpus) by appending a paragraph.
        for i in range(reps):
            victim = self.files[(i + 1) * len(self.files) // (reps + 1)]
            with victim.open("a", encoding="utf-8") as f:
                f.write(EDIT_SENTENCE)
            r = run(self.index_cmd(self.index))
            s = index_summary(r.stderr)
            if s.get("updated") != 1 or s.get("added") or s.get("removed"):
                raise CommandFailed(f"re-index after one edit did not update one file:\n{r.stderr}")
            edit.append(r.wall)
        self.report["reindex"] = {"noop_s": noop, "one_edit_s": edit}
        self.log(f"  no-op re-index: {fmt_seconds(median(noop))}; "
                 f"one-edit re-index: {fmt_seconds(median(edit))}")

    # -- 4. searches ------------------------------------------------------------------------------

    def search_cmds(self, q: Query) -> dict[str, list[str]]:
        """The same query for each available contender."""
        cmds = {}
        oewg = self.oewg_cmd(self.index, "search", q.text, "--limit", "10", "--format", "json")
        if q.state:
            oewg += ["--state", q.state]
        if q.years:
            oewg += ["--year", f"{q.years[0]}..{q.years[1]}"]
        cmds["oewg"] = oewg
        if self.sqlite3_cli:
            cmds["sqlite3"] = [self.sqlite3_cli, str(self.db), fts_search_sql(q)]
        if self.rg:
            # File-name globs for the filters; rg ORs its -g globs, so each glob carries both the
            # state and one year of the range (names are STATE_SESSION_YEAR.txt).
            state = q.state or "*"
            years = range(q.years[0], q.years[1] + 1) if q.years else [None]
            globs = []
            if q.state or q.years:
                for year in years:
                    globs += ["-g", f"{state}_*_{year or '*'}.txt"]
            cmds["rg"] = [self.rg, "-c", "-i", *globs, "-e", q.rg, str(self.corpus)]
        return cmds

    def timed_rounds(self, jobs: list[dict[str, list[str]]]) -> list[dict[str, list[Run]]]:
        """Runs every command once to warm up, then QUERY_REPS timed rounds.

        Within a round the contenders of each job take turns going first (the order rotates
        with the round and the job), so none is systematically measured on a warmer cache.
        """
        ok = (0, 1)  # 1 = no match, for oewg and rg alike
        for cmds in jobs:
            for cmd in cmds.values():
                run(cmd, ok=ok)
        results: list[dict[str, list[Run]]] = [{k: [] for k in cmds} for cmds in jobs]
        for rep in range(QUERY_REPS):
            for i, cmds in enumerate(jobs):
                names = list(cmds)
                shift = (rep + i) % len(names)
                for name in names[shift:] + names[:shift]:
                    results[i][name].append(run(cmds[name], ok=ok))
        return results

    def searches(self) -> None:
        jobs = [self.search_cmds(q) for q in QUERIES]
        results = self.timed_rounds(jobs)
        per_query = []
        for q, res in zip(QUERIES, results):
            row: dict = {"query": q.label}
            for name, runs in res.items():
                row[f"{name}_s"] = median([r.wall for r in runs])
            last = res["oewg"][-1]
            row["oewg_total_hits"] = json.loads(last.stdout)["total_hits"] if last.code == 0 else 0
            if "sqlite3" in res:
                row["sqlite3_rows"] = len(res["sqlite3"][-1].stdout.splitlines())
                row["oewg_vs_sqlite3"] = row["oewg_s"] / row["sqlite3_s"]
            if "rg" in res:
                row["rg_matching_lines"] = sum(
                    int(line.rsplit(":", 1)[1]) for line in res["rg"][-1].stdout.splitlines()
                )
                row["rg_speedup"] = row["rg_s"] / row["oewg_s"]
            per_query.append(row)
        self.report["search"] = per_query

    # -- 5. rank ----------------------------------------------------------------------------------

    def rank(self) -> None:
        cmds = {
            "oewg": self.oewg_cmd(self.index, "rank", RANK_QUERY, "--by", "state", "--format",
                                  "json")
        }
        if self.sqlite3_cli:
            cmds["sqlite3"] = [
                self.sqlite3_cli, str(self.db),
                f"SELECT state, count(*) FROM fts WHERE fts MATCH {sql_string(RANK_QUERY)} "
                "GROUP BY state;",
            ]
        (res,) = self.timed_rounds([cmds])
        self.report["rank"] = {name: [r.wall for r in runs] for name, runs in res.items()}

    # -- the table --------------------------------------------------------------------------------

    def table(self) -> list[dict]:
        """The summary rows: figure, oewg and baseline medians, ratio, target, pass."""
        rows = []

        def add(figure, oewg, base, ratio, target, ok, fmt, note=""):
            rows.append({
                "figure": figure, "oewg": oewg, "baseline": base, "ratio": ratio,
                "target": target, "pass": ok, "unit": fmt, "note": note,
            })

        b = self.report["build"]
        ob, fb = median(b["oewg_wall_s"]), median(b["fts5_wall_s"])
        c, summary = self.report["corpus"], b["oewg_summary"]
        lenient = (
            f"; oewg ran with --lenient: {len(c['unknown_state_codes'])} state codes unknown to "
            f"states.toml ({', '.join(c['unknown_state_codes'])}, "
            f"{c['files_with_unknown_state']} files)"
            if c["lenient"] else ""
        )
        pb = median(b["fts5_paragraphs_wall_s"])
        add("full index build, cold (wall), vs FTS5 of blank-line paragraphs", ob, pb, ob / pb,
            "<= 0.7x FTS5", ob / pb <= 0.7, "s",
            "baseline (issue 22): SQLite FTS5 loading pre-split blank-line paragraphs (JSON "
            f"lines), {b['fts5_paragraphs_rows']} rows; oewg: {summary['passages']} passages, "
            f"{summary['errors']} errors, {summary['warnings']} warnings{lenient}")
        add("full index build, cold (wall), vs FTS5 of the same passages", ob, fb, ob / fb,
            "<= 0.7x FTS5", ob / fb <= 0.7, "s",
            "baseline: SQLite FTS5 loading the passages oewg cuts (at most 120 words, JSON "
            f"lines), {b['fts5_rows']} rows")
        if self.build_only:
            return rows
        rss = max(x for x in b["oewg_peak_rss_kib"] if x is not None) * 1024
        fts_rss = max(x for x in b["fts5_peak_rss_kib"] if x is not None) * 1024
        add("oewg index peak RSS (max of runs)", rss, fts_rss, rss / fts_rss, "<= 1 GiB",
            rss <= GIB, "bytes", "baseline: FTS5 builder process")
        r = self.report["reindex"]
        noop, edit = median(r["noop_s"]), median(r["one_edit_s"])
        add("no-op re-index", noop, None, None, "<= 1 s", noop <= 1.0, "s")
        add("re-index after one edited file", edit, None, None, "<= 1 s", edit <= 1.0, "s")

        s = self.report["search"]
        o_med = median([q["oewg_s"] for q in s])
        if self.sqlite3_cli:
            ratio = median([q["oewg_vs_sqlite3"] for q in s])
            add(f"search, {len(s)} queries (median per-query ratio)", o_med,
                median([q["sqlite3_s"] for q in s]), ratio, "<= 0.5x sqlite3", ratio <= 0.5, "s",
                "medians of per-query medians; baseline: sqlite3 CLI, bm25 top 10 + snippet")
        else:
            add("search vs sqlite3", o_med, None, None, "<= 0.5x sqlite3", None, "s",
                "skipped: sqlite3 CLI not found")
        if self.rg:
            speed = median([q["rg_speedup"] for q in s])
            add("search vs rg -c -i (median per-query speedup rg/oewg)", o_med,
                median([q["rg_s"] for q in s]), speed, ">= 20x faster than rg", speed >= 20, "s",
                "ratio here is rg time / oewg time")
        else:
            add("search vs rg", o_med, None, None, ">= 20x faster than rg", None, "s",
                "skipped: ripgrep (rg) not found")

        k = self.report["rank"]
        ro = median(k["oewg"])
        if "sqlite3" in k:
            rs = median(k["sqlite3"])
            add(f"rank {RANK_QUERY!r} --by state", ro, rs, ro / rs, "<= 0.3x sqlite3 GROUP BY",
                ro / rs <= 0.3, "s")
        else:
            add(f"rank {RANK_QUERY!r} --by state", ro, None, None, "<= 0.3x sqlite3 GROUP BY",
                None, "s", "skipped: sqlite3 CLI not found")

        z = self.report["size"]
        ratio = z["oewg_index_du_bytes"] / z["raw_bytes"]
        add("index size on disk (du) vs raw corpus bytes", z["oewg_index_du_bytes"],
            z["raw_bytes"], ratio, "<= 1.0x raw", ratio <= 1.0, "bytes",
            f"FTS5 database: {fmt_bytes(z['fts5_db_du_bytes'])} "
            f"({z['fts5_db_du_bytes'] / z['raw_bytes']:.2f}x raw)")
        return rows

    def print_tables(self, rows: list[dict]) -> str:
        fmt = {"s": fmt_seconds, "bytes": fmt_bytes}
        summary = markdown_table(
            ["figure", "oewg median", "baseline median", "ratio", "target", "pass?"],
            [[r["figure"], fmt[r["unit"]](r["oewg"]), fmt[r["unit"]](r["baseline"]),
              fmt_ratio(r["ratio"]), r["target"],
              {True: "yes", False: "**no**", None: "skipped"}[r["pass"]]] for r in rows],
        )
        if "search" not in self.report:  # --build-only
            print("\n" + summary)
            return summary
        per_query = markdown_table(
            ["query", "oewg", "sqlite3", "rg", "oewg/sqlite3", "rg/oewg", "oewg hits",
             "rg lines"],
            [[f"`{q['query']}`", fmt_seconds(q["oewg_s"]), fmt_seconds(q.get("sqlite3_s")),
              fmt_seconds(q.get("rg_s")), fmt_ratio(q.get("oewg_vs_sqlite3")),
              fmt_ratio(q.get("rg_speedup")), str(q["oewg_total_hits"]),
              str(q.get("rg_matching_lines", "—"))] for q in self.report["search"]],
        )
        notes = "\n".join(f"- {r['figure']}: {r['note']}" for r in rows if r["note"])
        text = (
            f"{summary}\n\nNotes:\n{notes}\n\n"
            f"Per query (medians of {QUERY_REPS} runs):\n\n{per_query}"
        )
        print("\n" + text)
        return text

    def go(self) -> dict:
        self.report["machine"] = machine()
        self.report["versions"] = {
            "oewg": tool_version([str(self.oewg), "--version"]),
            # The repository's HEAD now; the binary may be older (its build time is beside it).
            "repo_head": tool_version(["git", "-C", str(REPO), "describe", "--always", "--dirty"]),
            "oewg_binary_built": time.strftime(
                "%Y-%m-%d %H:%M:%S", time.localtime(self.oewg.stat().st_mtime)
            ),
            "sqlite3_cli": tool_version([self.sqlite3_cli, "--version"]) if self.sqlite3_cli
            else None,
            "sqlite3_python": sqlite3.sqlite_version,
            "rg": tool_version([self.rg, "--version"]) if self.rg else None,
        }
        self.report["mode"] = "smoke" if self.smoke else "full"
        m = self.report["machine"]
        self.log(f"machine: {m['nproc']} CPUs ({m.get('cpu_model', '?')}), "
                 f"{m.get('mem_total_gib', '?')} GiB RAM, load average {m['loadavg_start']}")
        self.log("versions: " + "; ".join(f"{k} {v}" for k, v in self.report["versions"].items()))
        if not self.rg:
            self.log("ripgrep (rg) not found: the rg baseline is skipped "
                     "(install it with `apt-get install ripgrep`)")
        if not self.sqlite3_cli:
            self.log("sqlite3 CLI not found: the sqlite3 baselines are skipped "
                     "(install it with `apt-get install sqlite3`)")
        self.prepare()
        self.log("1. cold builds (oewg and FTS5, alternating)")
        self.builds()
        self.sizes()
        if self.build_only:
            rows = self.table()
            self.report["table"] = rows
            self.report["table_markdown"] = self.print_tables(rows)
            return self.report
        self.log(f"4. searches: {len(QUERIES)} queries x {QUERY_REPS} rounds")
        self.searches()
        self.log("5. rank")
        self.rank()
        self.log("2./3. re-indexing")
        self.reindex()
        m["loadavg_end"] = os.getloadavg()
        rows = self.table()
        self.report["table"] = rows
        self.report["table_markdown"] = self.print_tables(rows)
        return self.report


def check_fts5() -> None:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError as e:
        raise CommandFailed(f"this Python's sqlite3 has no FTS5: {e}") from e


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smoke", action="store_true",
                    help=f"only the first {SMOKE_FILES} files, one build each: a quick check")
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared/corpora/ungdc",
                    help="folder holding UNGDC_1946-2024_TXT.tar.gz (default: %(default)s)")
    ap.add_argument("--oewg", type=Path, default=REPO / "target/release/oewg",
                    help="the oewg binary (default: %(default)s)")
    ap.add_argument("--json", type=Path, default=HERE / "last-run.json",
                    help="where to write the results as JSON (default: %(default)s)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--build-only", action="store_true",
                    help="only the cold builds (oewg and both FTS5 baselines): for profiling")
    ap.add_argument("--build-fts", nargs=2, metavar=("DB", "JSONL"), help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.build_fts:  # the FTS5 baseline build, run as a child process so it is timed alike
        build_fts(Path(args.build_fts[0]), Path(args.build_fts[1]))
        return 0

    try:
        check_fts5()
        if not os.access(args.oewg, os.X_OK):
            raise CommandFailed(f"oewg binary not found: {args.oewg} (cargo build --release)")
        work = Path(tempfile.mkdtemp(prefix="oewg-bench-"))
        try:
            report = Bench(args.oewg.resolve(), args.corpus.resolve(), args.smoke, work,
                           build_only=args.build_only).go()
        finally:
            if args.keep:
                print(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    except CommandFailed as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 2
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
