"""Tests for geomap.ingest: every input format, bad inputs, ids and summaries."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.errors import IngestError
from geomap.ingest import (
    MAX_ARTICLE_BYTES,
    IngestSummary,
    article_id_for,
    format_problem,
    read_articles,
    write_problems,
)
from geomap.pubdate import normalize_date
from geomap.types import Article, Problem

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
REPORT = "Shelling hit the town of Darat Izza on Sunday, killing five people."


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)]


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


# -- formats ---------------------------------------------------------------------------------------


def test_txt_takes_date_from_file_name(tmp_path):
    path = write(tmp_path / "2024-12-01_syria-test.txt", REPORT + "\r\n")
    (article,) = read_articles([path])
    assert article.text == REPORT
    assert article.published == "2024-12-01"
    assert article.origin == f"{path}:1"
    assert article.article_id == article_id_for(REPORT)


def test_default_date_overrides_file_name_for_txt(tmp_path):
    path = write(tmp_path / "2024-12-01_x.txt", REPORT)
    (article,) = read_articles([path], default_date="30 November 2024")
    assert article.published == "2024-11-30"


def test_txt_without_date_is_undated(tmp_path):
    (article,) = read_articles([write(tmp_path / "report.txt", REPORT)])
    assert article.published is None


def test_bad_default_date_raises_ingest_error(tmp_path):
    with pytest.raises(IngestError, match="YYYY-MM-DD"):
        list(read_articles([write(tmp_path / "a.txt", REPORT)], default_date="someday"))
    with pytest.raises(ValueError):  # IngestError is also a ValueError
        list(read_articles([write(tmp_path / "a.txt", REPORT)], default_date="2024-02-30"))


def test_html_keeps_main_text_only(tmp_path):
    html = """<!doctype html><html><head><title>Strikes hit Idlib | News</title>
    <meta property="article:published_time" content="2024-11-30T08:15:00+02:00">
    <style>.x { color: red }</style><script>var tracking = "Aleppo airstrike";</script></head>
    <body><header><a href="/">Home</a> World</header><nav><ul><li>Syria</li><li>Ukraine</li></ul></nav>
    <main><h1>Strikes hit Idlib</h1><p>An air raid hit <b>Idlib</b> city, killing four.</p>
    <p>Rescuers said 54 were hurt.</p><script>alert("Hama shelling")</script>
    <aside>Related: Kharkiv</aside><noscript>enable js</noscript></main>
    <footer>Copyright</footer></body></html>"""
    (article,) = read_articles([write(tmp_path / "page.html", html)])
    assert article.title == "Strikes hit Idlib | News"
    assert article.published == "2024-11-30"
    assert article.text.splitlines() == [
        "Strikes hit Idlib",
        "An air raid hit Idlib city, killing four.",
        "Rescuers said 54 were hurt.",
    ]
    for dropped in ("tracking", "Hama", "Home", "Ukraine", "Kharkiv", "Copyright", "enable js", "color"):
        assert dropped not in article.text


def test_html_title_falls_back_to_h1_and_uses_declared_charset(tmp_path):
    html = '<html><head><meta charset="windows-1252"></head><body><h1>Caf\xe9 hit</h1><p>Shelling in Kherson.</p></body></html>'
    path = write(tmp_path / "2024-12-19_page.htm", html.encode("cp1252"))
    (article,) = read_articles([path])
    assert article.title == "Café hit"
    assert article.published == "2024-12-19"
    assert "Shelling in Kherson." in article.text


def test_html_without_text_is_a_problem(tmp_path):
    path = write(tmp_path / "empty.html", "<html><head><script>x()</script></head><body><nav>menu</nav></body></html>")
    (problem,) = read_articles([path])
    assert isinstance(problem, Problem) and problem.code == "empty"
    assert problem.origin == f"{path}:1"


def test_jsonl_fields_and_line_numbers(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": REPORT, "date": "2024-12-01T10:00:00Z", "title": "T", "url": "u", "source": "S"}),
        "",
        json.dumps({"text": "Second report about Manbij.", "date": "1 December 2024", "extra": 5}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    first, second = read_articles([path])
    assert (first.article_id, first.published, first.title, first.url, first.source) == ("a1", "2024-12-01", "T", "u", "S")
    assert first.origin == f"{path}:1"
    assert second.origin == f"{path}:3"
    assert second.published == "2024-12-01"
    assert second.raw == {"date": "1 December 2024", "extra": 5}
    assert second.article_id == article_id_for("Second report about Manbij.", None)


def test_record_id_numbers_become_strings(tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({"id": 17, "text": REPORT}) + "\n")
    (article,) = read_articles([path])
    assert article.article_id == "17"


def test_record_date_wins_over_default_date(tmp_path):
    path = write(
        tmp_path / "a.jsonl",
        json.dumps({"text": REPORT, "date": "2024-11-29"}) + "\n" + json.dumps({"text": REPORT + " More."}) + "\n",
    )
    first, second = read_articles([path], default_date="2024-12-01")
    assert first.published == "2024-11-29"
    assert second.published == "2024-12-01"


def test_json_list_reports_record_lines(tmp_path):
    text = '[\n  {"text": "One report."},\n  {"text": "Two",\n   "date": "2024-12-02"},\n  42,\n  {"title": "no text"}\n]\n'
    path = write(tmp_path / "batch.json", text)
    items = list(read_articles([path]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Problem", "Problem"]
    assert [i.origin for i in items] == [f"{path}:{n}" for n in (2, 3, 5, 6)]
    assert items[2].code == "not-an-object"
    assert items[3].code == "missing-text"


def test_json_articles_object_and_single_record(tmp_path):
    wrapped = write(tmp_path / "wrapped.json", json.dumps({"source": "feed", "articles": [{"text": "A."}, {"text": "B."}]}, indent=1))
    single = write(tmp_path / "single.json", json.dumps({"id": "x", "text": "C."}))
    articles, problems = split(read_articles([wrapped, single]))
    assert [a.text for a in articles] == ["A.", "B.", "C."]
    assert articles[0].origin.startswith(f"{wrapped}:") and articles[0].origin != articles[1].origin
    assert not problems


def test_json_bad_structure_and_invalid_json(tmp_path):
    wrong = write(tmp_path / "wrong.json", json.dumps({"items": []}))
    broken = write(tmp_path / "broken.json", '[\n {"text": "a"},\n {"text": \n]')
    (p1,), (p2,) = list(read_articles([wrong])), list(read_articles([broken]))
    assert p1.code == "bad-structure" and "articles" in p1.message
    assert p2.code == "bad-json" and p2.origin == f"{broken}:4"


def test_csv_with_quoted_multiline_text(tmp_path):
    csv_text = 'id,TEXT,date,url\n1,"Shelling hit Kherson, killing two.",2024-12-19,http://x\n2,"Line one\nline two",,\n'
    path = write(tmp_path / "batch.csv", "\ufeff" + csv_text)
    first, second = read_articles([path])
    assert (first.article_id, first.text, first.published, first.url) == ("1", "Shelling hit Kherson, killing two.", "2024-12-19", "http://x")
    assert first.origin == f"{path}:2"
    assert second.text == "Line one\nline two" and second.published is None and second.url is None
    assert second.origin == f"{path}:3"


def test_csv_without_text_column(tmp_path):
    path = write(tmp_path / "notext.csv", "id,body\n1,Shelling hit Kherson.\n")
    (problem,) = read_articles([path])
    assert problem.code == "missing-column"
    assert problem.origin == f"{path}:1"
    assert "'text'" in problem.message and "body" in problem.message


def test_csv_bad_rows_are_reported_and_good_rows_read(tmp_path):
    data = b"id,text\n1,Good one.\n2,Caf\xe9 bad\n3,Good three.\n4,a,b\n5,\n"
    path = write(tmp_path / "mixed.csv", data)
    articles, problems = split(read_articles([path]))
    assert [(a.article_id, a.origin) for a in articles] == [("1", f"{path}:2"), ("3", f"{path}:4")]
    assert [(p.code, p.origin) for p in problems] == [
        ("not-utf8", f"{path}:3"),
        ("malformed-row", f"{path}:5"),
        ("missing-text", f"{path}:6"),
    ]


def test_directory_reads_supported_top_level_files_sorted(tmp_path):
    write(tmp_path / "b.txt", "Report B.")
    write(tmp_path / "a.txt", "Report A.")
    write(tmp_path / "notes.md", "# not an article")
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.txt", "Nested report.")
    articles, problems = split(read_articles([tmp_path]))
    assert [a.text for a in articles] == ["Report A.", "Report B."]
    assert not problems


def test_several_inputs_in_order(tmp_path):
    a = write(tmp_path / "a.txt", "Report A.")
    b = write(tmp_path / "b.jsonl", json.dumps({"text": "Report B."}) + "\n")
    assert [x.text for x in read_articles([b, a])] == ["Report B.", "Report A."]
    assert [x.text for x in read_articles(str(a))] == ["Report A."]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (REPORT.encode(), ["text"]),
        (b'{"text": "one"}\n{"text": "two"}\n', ["one", "two"]),
        (b'[{"text": "one"}]', ["one"]),
        (b'{"articles": [{"text": "one"}]}', ["one"]),
        (b"<html><body><nav>x</nav><p>Para.</p></body></html>", ["Para."]),
    ],
)
def test_stdin_is_sniffed(monkeypatch, data, expected):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    articles, problems = split(read_articles(["-"], default_date="2024-12-01"))
    assert not problems
    texts = [a.text for a in articles]
    assert texts == ([REPORT] if expected == ["text"] else expected)
    assert all(a.published == "2024-12-01" and a.origin.startswith("<stdin>:") for a in articles)


# -- bad inputs ------------------------------------------------------------------------------------


def test_bad_inputs_become_problems_and_good_articles_are_still_read(tmp_path):
    write(tmp_path / "01_good.txt", REPORT)
    write(tmp_path / "02_binary.txt", bytes(range(256)) * 8)
    write(tmp_path / "03_empty.txt", b"")
    write(tmp_path / "04_blank.txt", b"  \n\t\n")
    write(tmp_path / "05_huge.txt", b"a" * (5 * 1024 * 1024))
    write(tmp_path / "06_latin1.txt", "First line fine\nSecond caf\xe9 line\n".encode("latin-1"))
    write(tmp_path / "07_batch.jsonl", b'{"text": "good line one"}\n{"text": broken\n' + json.dumps({"text": "x" * (MAX_ARTICLE_BYTES + 1)}).encode() + b'\n{"text": "good line four"}\n')
    write(tmp_path / "08_page.html", "<html><head><style>p{}</style><script>evil()</script></head><body><nav>menu</nav><p>Good html.</p></body></html>")
    write(tmp_path / "09_notext.csv", "title,body\nA,B\n")
    write(tmp_path / "10_good.csv", "text\nGood csv.\n")
    articles, problems = split(read_articles([tmp_path]))
    assert [a.text for a in articles] == [REPORT, "good line one", "good line four", "Good html.", "Good csv."]
    found = {(Path(p.origin.rsplit(":", 1)[0]).name, int(p.origin.rsplit(":", 1)[1]), p.code) for p in problems}
    assert found == {
        ("02_binary.txt", 1, "binary"),
        ("03_empty.txt", 1, "empty"),
        ("04_blank.txt", 1, "empty"),
        ("05_huge.txt", 1, "too-large"),
        ("06_latin1.txt", 2, "not-utf8"),
        ("07_batch.jsonl", 2, "bad-json"),
        ("07_batch.jsonl", 3, "too-large"),
        ("09_notext.csv", 1, "missing-column"),
    }
    for problem in problems:
        assert problem.stage == "ingest" and problem.severity == "error"
        assert "\n" not in problem.message and problem.message.startswith("expected")


def test_non_utf8_message_names_the_byte_and_a_fix(tmp_path):
    path = write(tmp_path / "x.txt", b"ok\nbad \xff here")
    (problem,) = read_articles([path])
    assert problem.origin == f"{path}:2"
    assert "0xff" in problem.message and "column 5" in problem.message and "UTF-8" in problem.message


def test_missing_and_unsupported_paths(tmp_path):
    doc = write(tmp_path / "report.docx", b"PK")
    missing, unsupported = read_articles([tmp_path / "nope.txt", doc])
    assert missing.code == "not-found" and "nope.txt" in missing.message
    assert unsupported.code == "unsupported-format" and ".jsonl" in unsupported.message


def test_unreadable_date_is_a_warning_and_the_article_is_kept(tmp_path):
    path = write(tmp_path / "a.jsonl", json.dumps({"id": "k", "text": REPORT, "date": "last Tuesday"}) + "\n")
    problem, article = read_articles([path], default_date="2024-12-03")
    assert (problem.code, problem.severity, problem.article_id, problem.origin) == ("bad-date", "warning", "k", f"{path}:1")
    assert "last Tuesday" in problem.message and "2024-12-03" in problem.message
    assert article.published == "2024-12-03"


def test_wrong_field_types(tmp_path):
    path = write(tmp_path / "a.jsonl", b'{"text": 5}\n"just a string"\n{"text": ""}\n')
    codes = [p.code for p in read_articles([path])]
    assert codes == ["missing-text", "not-an-object", "empty"]


def test_empty_jsonl_and_csv_files(tmp_path):
    (p1,) = read_articles([write(tmp_path / "a.jsonl", b"\n\n")])
    (p2,) = read_articles([write(tmp_path / "a.csv", b"")])
    assert p1.code == p2.code == "empty"


# -- ids, dates, summaries -------------------------------------------------------------------------


def test_article_id_is_stable_and_source_sensitive():
    assert article_id_for(REPORT) == article_id_for("  " + REPORT + "\n")
    assert article_id_for(REPORT, "Outlet A") != article_id_for(REPORT, "Outlet B")
    assert article_id_for(REPORT) != article_id_for(REPORT + "!")
    assert len(article_id_for(REPORT)) == 16 and int(article_id_for(REPORT), 16) >= 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-01", "2024-12-01"),
        ("2024-12-01T10:00:00Z", "2024-12-01"),
        ("2024-12-01 23:59:59+05:00", "2024-12-01"),
        ("1 December 2024", "2024-12-01"),
        ("1st Dec. 2024", "2024-12-01"),
        ("December 1, 2024", "2024-12-01"),
        ("Sun, 01 Dec 2024 10:00:00 GMT", "2024-12-01"),
        ("Sunday, 1 December 2024", "2024-12-01"),
        ("2024/12/01", "2024-12-01"),
        ("20241201", "2024-12-01"),
    ],
)
def test_normalize_date_accepts_common_forms(value, expected):
    assert normalize_date(value) == expected


@pytest.mark.parametrize("value", ["", "yesterday", "2024-13-01", "31 February 2024", "Smarch 3, 2024", 20241201, None])
def test_normalize_date_rejects_unreadable_dates(value):
    with pytest.raises(ValueError, match="expected a date"):
        normalize_date(value)


def test_summary_counts_and_problem_log(tmp_path):
    write(tmp_path / "a.txt", REPORT)
    write(tmp_path / "b.txt", b"")
    summary = IngestSummary()
    items = list(summary.track(read_articles([tmp_path])))
    summary.events += 2
    assert summary.line() == "1 article read, 2 events, 1 problem"
    problems = [i for i in items if isinstance(i, Problem)]
    log = tmp_path / "problems.jsonl"
    assert write_problems(problems, log) == 1
    (row,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert row["code"] == "empty" and row["origin"].endswith("b.txt:1") and row["stage"] == "ingest"
    stream = io.StringIO()
    write_problems(problems, stream)
    assert json.loads(stream.getvalue()) == row
    assert format_problem(problems[0]).startswith(f"{tmp_path / 'b.txt'}:1: error: expected article text")


def test_seed_reports_read_cleanly():
    articles, problems = split(read_articles([SEEDS]))
    assert not problems
    assert len(articles) >= 32
    assert all(a.published == Path(a.origin.rsplit(":", 1)[0]).name[:10] for a in articles)
    assert len({a.article_id for a in articles}) == len(articles)


# -- property: every record is accounted for, ids are stable ---------------------------------------

_texts = st.one_of(
    st.text(min_size=0, max_size=40),
    st.none(),
    st.integers(),
    st.just("   "),
)
_records = st.lists(
    st.one_of(
        st.fixed_dictionaries({"text": _texts}, optional={"id": st.one_of(st.text(max_size=8), st.integers())}),
        st.just("BROKEN"),
        st.lists(st.integers(), max_size=2),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_records)
def test_every_jsonl_record_becomes_an_article_or_a_problem(tmp_path, records):
    lines = [(r if r == "BROKEN" else json.dumps(r)) for r in records]
    path = tmp_path / "prop.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    first = list(read_articles([path]))
    second = list(read_articles([path]))
    assert first == second  # deterministic, ids stable across runs
    if not records:
        assert [p.code for p in first] == ["empty"]
        return
    origins = [item.origin for item in first]
    assert sorted(set(origins), key=lambda o: int(o.rsplit(":", 1)[1])) == [f"{path}:{n}" for n in range(1, len(records) + 1)]
    assert len(origins) == len(records)  # exactly one item per record (no date warnings here)
    for item, record in zip(first, records):
        if isinstance(item, Article):
            given_id = str(record.get("id", "")).strip()
            assert item.article_id == (given_id or article_id_for(item.text))
            assert item.text == record["text"].replace("\r\n", "\n").replace("\r", "\n").strip()
