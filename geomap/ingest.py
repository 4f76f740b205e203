"""Read articles from files, directories and stdin (stage 1 of the pipeline).

``read_articles`` yields one :class:`~geomap.types.Article` per good input
record and one :class:`~geomap.types.Problem` per bad one, then goes on with
the next record, so a batch run never stops on a broken file.

Formats, chosen by the file suffix (stdin is sniffed):

* ``.txt`` - one article.  A file name starting ``YYYY-MM-DD`` gives the
  publication date unless ``default_date`` is given.
* ``.html`` / ``.htm`` - one article, main text only (see :mod:`geomap.htmltext`);
  the page's own publication date wins, then ``default_date``, then the file name.
* ``.jsonl`` / ``.ndjson`` - one JSON object per line.
* ``.json`` - a list of objects, ``{"articles": [...]}`` or a single object.
* ``.csv`` - a header row with a ``text`` column.

Records carry ``text`` (required) and optionally ``id``, ``date``, ``title``,
``url`` and ``source``; other fields are kept in ``Article.raw``.  A record's
own date wins over ``default_date``, which only fills in missing dates.
``article_id`` is the record's ``id`` when given, else :func:`article_id_for`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from geomap.errors import IngestError
from geomap.pubdate import normalize_date
from geomap.types import Article, Problem

__all__ = [
    "MAX_ARTICLE_BYTES",
    "SUFFIXES",
    "IngestSummary",
    "article_id_for",
    "format_problem",
    "read_articles",
    "write_problems",
]

MAX_ARTICLE_BYTES = 1_000_000  # an article's text, UTF-8 encoded
MAX_HTML_BYTES = 10 * MAX_ARTICLE_BYTES  # a page's markup may be much larger than its text
SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
}
STDIN = "-"
_STDIN_NAME = "<stdin>"
_BOM = b"\xef\xbb\xbf"
_NAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?!\d)")
_ARTICLES_KEY = re.compile(r'"articles"\s*:\s*\[')
_SKIP = re.compile(r"[\s,]*")


def article_id_for(text: str, source: str | None = None) -> str:
    """Return a stable 16-hex-digit id for an article from its source and text.

    Line endings and surrounding whitespace do not change the id.

    >>> article_id_for("Shelling hit Kherson.") == article_id_for("Shelling hit Kherson.\\r\\n")
    True
    >>> len(article_id_for("", None))
    16
    """
    body = text.replace("\r\n", "\n").strip()
    digest = hashlib.sha1(f"{source or ''}\x1f{body}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def read_articles(
    inputs: Sequence[str | Path] | str | Path, *, default_date: str | None = None
) -> Iterator[Article | Problem]:
    """Yield an Article for every good input record and a Problem for every bad one.

    Parameters
    ----------
    inputs
        Files, directories (their top-level supported files, sorted) and ``"-"`` for stdin.
    default_date
        Publication date for records that carry none (and for every ``.txt`` file).

    Raises
    ------
    IngestError
        Only when ``default_date`` itself is not a readable date.
    """
    default = None
    if default_date is not None:
        try:
            default = normalize_date(default_date)
        except ValueError as err:
            raise IngestError(f"--date: {err}; give it as YYYY-MM-DD") from err
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    for item in inputs:
        if str(item) == STDIN:
            yield from _read_stdin(default)
        else:
            yield from _read_path(Path(item), default)


def _read_path(path: Path, default: str | None) -> Iterator[Article | Problem]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
        for file in files:
            yield from _read_file(file, SUFFIXES[file.suffix.lower()], default)
        return
    if not path.exists():
        yield _problem("not-found", f"no such file or directory: {str(path)!r}; check the path", str(path))
        return
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        yield _problem(
            "unsupported-format",
            f"expected a file ending in {known}, got {path.name!r}; rename or convert it",
            str(path),
        )
        return
    yield from _read_file(path, kind, default)


def _read_file(path: Path, kind: str, default: str | None) -> Iterator[Article | Problem]:
    name = str(path)
    try:
        size = path.stat().st_size
        limit = {"text": MAX_ARTICLE_BYTES, "html": MAX_HTML_BYTES}.get(kind)
        if limit is not None and size > limit:
            yield _problem(
                "too-large",
                f"expected an article of at most {limit:,} bytes, got {size:,} bytes; split or trim the file",
                f"{name}:1",
            )
            return
        data = path.read_bytes()
    except OSError as err:
        yield _problem("unreadable", f"cannot read the file ({err.strerror or err}); check its permissions", name)
        return
    name_date = _date_from_name(path.name)
    yield from _PARSERS[kind](data, name, default, name_date)


def _read_stdin(default: str | None) -> Iterator[Article | Problem]:
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8")
    yield from _PARSERS[_sniff(data)](data, _STDIN_NAME, default, None)


def _sniff(data: bytes) -> str:
    """Guess the format of stdin: JSON, JSON lines or plain text (HTML if it looks like a page)."""
    head = data.lstrip(_BOM + b" \t\r\n")[:512]
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        try:
            value = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            return "jsonl"
        return "json" if isinstance(value, dict) and ("articles" in value or "text" in value) else "jsonl"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


# -- one-article formats ---------------------------------------------------------------------------


def _parse_text(data: bytes, name: str, default: str | None, name_date: str | None) -> Iterator[Article | Problem]:
    text, problem = _decode(data, name)
    if problem is not None:
        yield problem
        return
    published, date_problem = _pick_date(None, default, name_date, f"{name}:1")
    yield from _article({"text": text}, f"{name}:1", published, date_problem, source=None)


def _parse_html(data: bytes, name: str, default: str | None, name_date: str | None) -> Iterator[Article | Problem]:
    from geomap.htmltext import declared_charset, html_to_text

    charset = declared_charset(data)
    if charset and charset.replace("_", "-") not in {"utf-8", "utf8", "us-ascii", "ascii"}:
        try:
            html = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            html, problem = _decode(data, name)
            if problem is not None:
                yield problem
                return
    else:
        html, problem = _decode(data, name)
        if problem is not None:
            yield problem
            return
    doc = html_to_text(html)
    published, date_problem = _pick_date(doc.date, default, name_date, f"{name}:1")
    record = {"text": doc.text, "title": doc.title}
    yield from _article(record, f"{name}:1", published, date_problem, source=None)


# -- many-article formats --------------------------------------------------------------------------


def _parse_jsonl(data: bytes, name: str, default: str | None, name_date: str | None) -> Iterator[Article | Problem]:
    if _is_binary(data):
        yield _binary_problem(name)
        return
    seen = False
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if lineno == 1:
            raw = raw.removeprefix(_BOM)
        if not raw.strip():
            continue
        seen = True
        origin = f"{name}:{lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            yield _not_utf8(raw, err, origin)
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            msg = getattr(err, "msg", str(err))
            col = getattr(err, "colno", "?")
            yield _problem(
                "bad-json",
                f"expected one JSON object per line, got invalid JSON ({msg} at column {col}); fix or remove the line",
                origin,
            )
            continue
        yield from _record(record, origin, default)
    if not seen:
        yield _problem("empty", "expected JSON lines with articles, got an empty file", f"{name}:1")


def _parse_json(data: bytes, name: str, default: str | None, name_date: str | None) -> Iterator[Article | Problem]:
    text, problem = _decode(data, name)
    if problem is not None:
        yield problem
        return
    try:
        value = json.loads(text)
    except ValueError as err:
        yield _problem(
            "bad-json",
            f"expected a JSON list of articles, got invalid JSON ({err.msg} at column {err.colno})"
            "; fix the file or use JSON lines (.jsonl) so one bad record does not spoil the rest",
            f"{name}:{err.lineno}",
        )
        return
    if isinstance(value, dict) and isinstance(value.get("articles"), list):
        records, match = value["articles"], _ARTICLES_KEY.search(text)
        start = match.end() - 1 if match else None
    elif isinstance(value, list):
        records, start = value, text.index("[")
    elif isinstance(value, dict) and "text" in value:
        yield from _record(value, f"{name}:1", default)
        return
    else:
        got = f"an object with keys {sorted(value)[:5]}" if isinstance(value, dict) else type(value).__name__
        yield _problem(
            "bad-structure",
            f'expected a list of article objects or {{"articles": [...]}}, got {got}; wrap the records in a list',
            f"{name}:1",
        )
        return
    lines = _item_lines(text, start, len(records))
    for index, record in enumerate(records):
        origin = f"{name}:{lines[index]}" if lines else f"{name}:articles[{index}]"
        yield from _record(record, origin, default)


def _item_lines(text: str, start: int | None, count: int) -> list[int] | None:
    """Return the line on which each element of the JSON array at ``text[start]`` begins."""
    if start is None or text[start : start + 1] != "[":
        return None
    decoder = json.JSONDecoder()
    lines: list[int] = []
    line, last, pos = 1 + text.count("\n", 0, start), start, start + 1
    try:
        for _ in range(count):
            pos = _SKIP.match(text, pos).end()
            line += text.count("\n", last, pos)
            last = pos
            lines.append(line)
            _, pos = decoder.raw_decode(text, pos)
    except ValueError:
        return None
    return lines


def _parse_csv(data: bytes, name: str, default: str | None, name_date: str | None) -> Iterator[Article | Problem]:
    if _is_binary(data):
        yield _binary_problem(name)
        return
    data = data.removeprefix(_BOM)
    pending: list[Problem] = []
    consumed: list[int] = []  # numbers of the lines handed to the csv reader so far

    def good_lines() -> Iterator[str]:
        for lineno, raw in enumerate(data.splitlines(keepends=True), start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                pending.append(_not_utf8(raw, err, f"{name}:{lineno}"))
                continue
            consumed.append(lineno)
            yield line

    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, 8 * MAX_ARTICLE_BYTES))
    try:
        reader = csv.reader(good_lines())
        header = _csv_header(reader)
        yield from pending
        pending.clear()
        if header is None:
            yield _problem("empty", "expected a CSV header row and articles, got an empty file", f"{name}:1")
            return
        if "text" not in header:
            yield _problem(
                "missing-column",
                f"expected a 'text' column in the CSV header, got columns {header}; name the article column 'text'",
                f"{name}:{consumed[-1]}",
            )
            return
        yield from _csv_rows(reader, header, name, default, pending, consumed)
    finally:
        csv.field_size_limit(old_limit)


def _csv_header(reader: Iterator[list[str]]) -> list[str] | None:
    for row in reader:
        if any(cell.strip() for cell in row):
            return [cell.strip().lower() for cell in row]
    return None


def _csv_rows(reader, header, name, default, pending, consumed) -> Iterator[Article | Problem]:
    mark = len(consumed)  # lines before this index belong to rows already handled
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            yield from pending
            pending.clear()
            yield _problem(
                "malformed-row", f"expected a CSV row, got unparseable data ({err}); check its quoting",
                f"{name}:{consumed[-1] if consumed else 1}",
            )
            mark = len(consumed)
            continue
        yield from pending
        pending.clear()
        origin = f"{name}:{consumed[mark] if mark < len(consumed) else consumed[-1]}"
        mark = len(consumed)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield _problem(
                "malformed-row",
                f"expected {len(header)} fields as in the header, got {len(row)}; quote fields containing commas",
                origin,
            )
            continue
        record = {key: (value if value != "" else None) for key, value in zip(header, row)}
        yield from _record(record, origin, default)
    yield from pending


# -- records -> articles ---------------------------------------------------------------------------


def _record(record: Any, origin: str, default: str | None) -> Iterator[Article | Problem]:
    if not isinstance(record, dict):
        yield _problem(
            "not-an-object", f"expected an article object with a 'text' field, got {type(record).__name__}", origin
        )
        return
    published, date_problem = _pick_date(record.get("date"), default, None, origin, _id_of(record))
    yield from _article(record, origin, published, date_problem, source=_str_or_none(record.get("source")))


def _article(
    record: dict[str, Any], origin: str, published: str | None, date_problem: Problem | None, *, source: str | None
) -> Iterator[Article | Problem]:
    given_id = _id_of(record)
    text = record.get("text")
    if text is None:
        yield _problem("missing-text", "expected a 'text' field with the article, got none", origin, given_id)
        return
    if not isinstance(text, str):
        got = type(text).__name__
        yield _problem("missing-text", f"expected 'text' to be a string, got {got}", origin, given_id)
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        yield _problem("empty", "expected article text, got an empty or blank text", origin, given_id)
        return
    if len(text) * 4 > MAX_ARTICLE_BYTES and (size := len(text.encode("utf-8", "surrogatepass"))) > MAX_ARTICLE_BYTES:
        yield _problem(
            "too-large",
            f"expected an article of at most {MAX_ARTICLE_BYTES:,} bytes, got {size:,} bytes; split or trim it",
            origin,
            given_id,
        )
        return
    article_id = given_id or article_id_for(text, source)
    if date_problem is not None:
        yield date_problem
    yield Article(
        article_id=article_id,
        text=text,
        title=_str_or_none(record.get("title")),
        published=published,
        source=source,
        url=_str_or_none(record.get("url")),
        origin=origin,
        raw={key: value for key, value in record.items() if key != "text"},
    )


def _pick_date(
    own: Any, default: str | None, name_date: str | None, origin: str, article_id: str | None = None
) -> tuple[str | None, Problem | None]:
    """Return (date, warning): the record's own date, else ``default``, else the file-name date."""
    if own is not None and own != "":
        try:
            return normalize_date(own), None
        except ValueError as err:
            fallback = default or name_date
            note = f"; using {fallback}" if fallback else "; the article is kept undated"
            return fallback, _problem("bad-date", f"{err}{note}", origin, article_id, severity="warning")
    return default or name_date, None


def _date_from_name(filename: str) -> str | None:
    match = _NAME_DATE.match(filename)
    if not match:
        return None
    try:
        return normalize_date(match.group(1))
    except ValueError:
        return None


def _id_of(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _str_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


# -- bytes -> text ---------------------------------------------------------------------------------


def _is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def _binary_problem(name: str) -> Problem:
    return _problem("binary", "expected a text file, got binary data (NUL bytes); is this the right file?", f"{name}:1")


def _decode(data: bytes, name: str) -> tuple[str, Problem | None]:
    if _is_binary(data):
        return "", _binary_problem(name)
    data = data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return "", _not_utf8(data, err, f"{name}:{line}")
    if not text.strip():
        return "", _problem("empty", "expected article text, got an empty file", f"{name}:1")
    return text, None


def _not_utf8(data: bytes, err: UnicodeDecodeError, origin: str) -> Problem:
    bad = data[err.start : err.start + 1].hex()
    column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
    return _problem(
        "not-utf8",
        f"expected UTF-8 text, got byte 0x{bad} at column {column}; re-save the file as UTF-8 "
        "(e.g. iconv -f WINDOWS-1252 -t UTF-8)",
        origin,
    )


def _problem(code: str, message: str, origin: str, article_id: str | None = None, *, severity: str = "error") -> Problem:
    return Problem(stage="ingest", code=code, message=message, origin=origin, article_id=article_id, severity=severity)


_PARSERS = {"text": _parse_text, "html": _parse_html, "jsonl": _parse_jsonl, "json": _parse_json, "csv": _parse_csv}


# -- summaries and problem logs --------------------------------------------------------------------


@dataclass(slots=True)
class IngestSummary:
    """Counts for the one-line summary a command prints on stderr.

    >>> summary = IngestSummary()
    >>> summary.add(Problem("ingest", "empty", "no text", "a.txt:1"))
    >>> summary.events += 3
    >>> summary.line()
    '0 articles read, 3 events, 1 problem'
    """

    articles: int = 0
    events: int = 0
    problems: int = 0

    def add(self, item: Article | Problem) -> None:
        """Count one item yielded by :func:`read_articles`."""
        if isinstance(item, Problem):
            self.problems += 1
        else:
            self.articles += 1

    def track(self, items: Iterable[Article | Problem]) -> Iterator[Article | Problem]:
        """Yield ``items`` unchanged, counting them on the way."""
        for item in items:
            self.add(item)
            yield item

    def line(self) -> str:
        """Return ``"N articles read, M events, K problems"`` (singular when 1)."""
        return (
            f"{_plural(self.articles, 'article')} read, {_plural(self.events, 'event')}, "
            f"{_plural(self.problems, 'problem')}"
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def format_problem(problem: Problem) -> str:
    """Return a problem as one log line: ``origin: [severity] message (code)``."""
    where = f"{problem.origin}: " if problem.origin else ""
    return f"{where}{problem.severity}: {problem.message} ({problem.stage}/{problem.code})"


def write_problems(problems: Iterable[Problem], out: str | Path | IO[str]) -> int:
    """Write problems as JSON lines to a path or an open text stream; return how many were written."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8") as stream:
            return write_problems(problems, stream)
    count = 0
    for problem in problems:
        out.write(json.dumps(problem.as_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
