"""Tests for geomap.gazetteer and gazetteer/build.py on the real, full index."""

from __future__ import annotations

import importlib.util
import json
import math
import pickle
import sqlite3
from pathlib import Path

import pytest

from geomap.errors import GazetteerCorrupt, GazetteerNotFound, GeomapError
from geomap.gazetteer import REBUILD_HINT, Gazetteer

REPO = Path(__file__).resolve().parent.parent


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(a))


# (query, GeoNames point lat, lon, country) - the acceptance list of issue 2 (no country hint).
ACCEPTANCE = [
    ("Tel Rifaat", 36.47229, 37.09471, "SY"),
    ("Kuweires airbase", 36.1871, 37.5832, "SY"),  # ICAO OS66, the air base itself
    ("al-Bab", 36.37051, 37.5157, "SY"),
    ("Jisr al-Shughur", 35.81418, 36.31983, "SY"),
    ("Maarat al-Numan", 35.6483, 36.67693, "SY"),
    ("Qamishli", 37.05215, 41.23142, "SY"),
    ("Idleb", 35.93062, 36.63393, "SY"),
    ("Hamah", 35.13179, 36.75783, "SY"),
    ("Raqqa", 35.95283, 39.00788, "SY"),
    ("Deir Ezzor", 35.33588, 40.14084, "SY"),
    ("Khan Sheikhoun", 35.44208, 36.65095, "SY"),
    ("Saraqeb", 35.86447, 36.80591, "SY"),
    ("Atareb", 36.13907, 36.82504, "SY"),
    ("Kobani", 36.89095, 38.35347, "SY"),
    ("Afrin", 36.51194, 36.86954, "SY"),
    ("Azaz", 36.58662, 37.04628, "SY"),
    ("Douma", 33.57175, 36.4027, "SY"),
    ("Daraa", 32.61889, 36.10213, "SY"),
    ("Palmyra", 34.5624, 38.28402, "SY"),
    ("Khan Younis", 31.34018, 34.30627, "PS"),
    ("Jabalia", 31.5272, 34.48347, "PS"),
    ("Deir al-Balah", 31.41834, 34.34933, "PS"),
    ("Beit Lahia", 31.5464, 34.49514, "PS"),
    ("Avdiivka", 48.14019, 37.75008, "UA"),
    ("Zaporizhzhia", 47.85167, 35.11714, "UA"),
    ("Kupiansk", 49.71003, 37.61581, "UA"),
    ("Chasiv Yar", 48.58768, 37.83409, "UA"),
    ("Sudzha", 51.191, 35.271, "RU"),
    ("El-Fasher", 13.62793, 25.34936, "SD"),
    ("Wad Madani", 14.40118, 33.51989, "SD"),
    ("Marib", 15.46253, 45.32581, "YE"),
    ("Hodeidah", 14.79781, 42.95452, "YE"),
    ("Nabatieh", 33.37889, 35.48389, "LB"),
    ("Misrata", 32.37535, 15.09254, "LY"),
    ("Mosul", 36.335, 43.11889, "IQ"),
    ("Fallujah", 33.34913, 43.78599, "IQ"),
]
# More conflict-news places (GeoNames, airportsdata or curated points).
MORE = [
    ("Aleppo", 36.20124, 37.16117, "SY"),
    ("Hama", 35.13179, 36.75783, "SY"),
    ("Idlib", 35.93062, 36.63393, "SY"),
    ("Homs", 34.72405, 36.72559, "SY"),
    ("Damascus", 33.5102, 36.29128, "SY"),
    ("Saraqib", 35.86447, 36.80591, "SY"),
    ("Kafranbel", 35.61465, 36.56027, "SY"),
    ("Kafr Nabl", 35.61465, 36.56027, "SY"),
    ("Manbij", 36.52815, 37.95495, "SY"),
    ("Menbij", 36.52815, 37.95495, "SY"),
    ("Mhardeh", 35.24661, 36.57453, "SY"),
    ("Darat Izza", 36.28247, 36.85216, "SY"),
    ("Tabqa", 35.83758, 38.54828, "SY"),
    ("Sheikh Maqsoud", 36.2361, 37.1524, "SY"),
    ("Hmeimim airbase", 35.4011, 35.9487, "SY"),
    ("Khmeimim air base", 35.4011, 35.9487, "SY"),
    ("T4 airbase", 34.5225, 37.6297, "SY"),
    ("Mezzeh military airport", 33.4775, 36.2234, "SY"),
    ("Tishrin Dam", 36.3806, 38.1836, "SY"),
    ("Bab al-Hawa", 36.2316, 36.6678, "SY"),
    ("Bakhmut", 48.59419, 37.99886, "UA"),
    ("Kherson", 46.63695, 32.61458, "UA"),
    ("Kharkov", 49.98177, 36.25475, "UA"),
    ("Zaporozhye", 47.85167, 35.11714, "UA"),
    ("Avdeyevka", 48.14019, 37.75008, "UA"),
    ("Sloviansk", 48.84974, 37.59739, "UA"),
    ("Mariupol", 47.09514, 37.54131, "UA"),
    ("Kramatorsk", 48.73106, 37.56779, "UA"),
    ("Kakhovka Dam", 46.7775, 33.3711, "UA"),
    ("Rafah", 31.29722, 34.24357, "PS"),
    ("Gaza City", 31.50161, 34.46672, "PS"),
    ("Jenin", 32.45943, 35.30086, "PS"),
    ("Nuseirat", 31.44861, 34.3925, "PS"),
    ("Kerem Shalom", 31.2281, 34.2844, "IL"),
    ("Tyre", 33.27333, 35.19389, "LB"),
    ("Beirut", 33.89332, 35.50157, "LB"),
    ("Sanaa", 15.35452, 44.20646, "YE"),
    ("Aden", 12.77957, 45.03852, "YE"),
    ("Taiz", 13.57952, 44.02091, "YE"),
    ("Khartoum", 15.55177, 32.53241, "SD"),
    ("Omdurman", 15.64453, 32.47773, "SD"),
    ("El Obeid", 13.18421, 30.21669, "SD"),
    ("Geneina", 13.45262, 22.44725, "SD"),
    ("Sittwe", 20.14624, 92.89835, "MM"),
    ("Benghazi", 32.11486, 20.06859, "LY"),
    ("Kirkuk", 35.46806, 44.39222, "IQ"),
    ("Khiam", 33.3286, 35.6133, "LB"),  # curated (Wikipedia coordinates)
    ("Latamneh", 35.32076, 36.62322, "SY"),  # OCHA C3458 via a curated news spelling
    ("Hsipaw", 22.6167, 97.3, "MM"),  # curated (Wikipedia coordinates), not the Chinese Xiepu
]


@pytest.mark.parametrize(("query", "lat", "lon", "cc"), ACCEPTANCE + MORE, ids=[q for q, *_ in ACCEPTANCE + MORE])
def test_resolves_within_10_km_without_hint(gazetteer, query, lat, lon, cc):  # noqa: F811
    found = gazetteer.lookup(query)
    assert found, f"{query!r} not found"
    best = found[0].place
    assert best.country_code == cc
    assert km(best.lat, best.lon, lat, lon) <= 10.0, (query, best)


def test_kuweires_is_the_airbase(gazetteer):  # noqa: F811
    best = gazetteer.lookup("Kuweires airbase")[0].place
    assert best.feature_code == "AIRB"


@pytest.mark.parametrize(("query", "cc", "admin1"), [("Idlib province", "SY", "Idlib"),
                                                     ("Donetsk Oblast", "UA", "Donetsk"),
                                                     ("Hama Governorate", "SY", "Hama"),
                                                     ("Kherson region", "UA", "Kherson")])
def test_admin1_forms_resolve_to_the_unit(gazetteer, query, cc, admin1):  # noqa: F811
    best = gazetteer.lookup(query)[0].place
    assert (best.feature_code, best.country_code, best.admin1) == ("ADM1", cc, admin1)


def test_bare_name_prefers_the_city_over_the_unit(gazetteer):  # noqa: F811
    assert gazetteer.lookup("Idlib")[0].place.feature_code == "PPLA"
    assert gazetteer.lookup("Donetsk")[0].place.feature_code in {"PPLA", "PPL"}


def test_candidates_carry_score_and_rule_best_first(gazetteer):  # noqa: F811
    found = gazetteer.lookup("Aleppo", limit=10)
    assert len(found) > 1
    assert all(0.0 <= c.score <= 1.0 and c.rule for c in found)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert found[0].rule == "exact"
    assert len({c.place.place_id for c in found}) == len(found)


def test_exact_beats_fuzzy(gazetteer):  # noqa: F811
    assert gazetteer.lookup("Saraqib")[0].rule == "exact"
    assert gazetteer.lookup("Ḩamāh")[0].rule == "folded"
    assert gazetteer.lookup("Jisr al-Shughur")[0].rule == "variant"
    fuzzy = gazetteer.lookup("Kafarnbel")
    assert fuzzy and fuzzy[0].rule.endswith("fuzzy") and fuzzy[0].place.country_code == "SY"
    assert fuzzy[0].score < gazetteer.lookup("Kafranbel")[0].score


def test_romanized_arabic_keys_reach_ocha_villages(gazetteer):  # noqa: F811
    # OCHA spells it "Tadaf"; the news writes "Tadef" - met through the romanized Arabic name.
    found = gazetteer.lookup("Tadef")
    assert found and found[0].place.country_code == "SY"
    assert km(found[0].place.lat, found[0].place.lon, 36.34793, 37.52938) < 5


def test_country_hint_comes_first(gazetteer):  # noqa: F811
    assert gazetteer.lookup("Rafah")[0].place.country_code == "PS"
    assert gazetteer.lookup("Rafah", country_codes="EG")[0].place.country_code == "EG"
    assert gazetteer.lookup("Tripoli", country_codes=["lb"])[0].place.country_code == "LB"
    assert gazetteer.lookup("Tripoli")[0].place.country_code == "LY"


@pytest.mark.parametrize(("demonym", "cc"), [("Syrian", "SY"), ("Iranian", "IR"), ("Israelis", "IL"),
                                             ("Ukrainian", "UA"), ("Lebanese", "LB")])
def test_demonyms(gazetteer, demonym, cc):  # noqa: F811
    best = gazetteer.lookup(demonym)[0]
    assert (best.rule, best.place.feature_code, best.place.country_code) == ("demonym", "PCLI", cc)


def test_unknown_and_empty_names_give_no_candidates(gazetteer):  # noqa: F811
    assert gazetteer.lookup("Xqzzyvlorp Qwtrm") == []
    assert gazetteer.lookup("") == []
    assert gazetteer.lookup("   ") == []


def test_is_name(gazetteer):  # noqa: F811
    assert gazetteer.is_name("Idleb")
    assert gazetteer.is_name("saraqeb")
    assert gazetteer.is_name("Deir Ezzor")
    assert not gazetteer.is_name("Xqzzyvlorp")
    assert not gazetteer.is_name("")


def test_get_and_country(gazetteer):  # noqa: F811
    aleppo = gazetteer.get("geonames:170063")
    assert aleppo is not None and aleppo.name == "Aleppo" and aleppo.admin1 == "Aleppo"
    assert aleppo.raw["place_id"] == "geonames:170063"
    assert gazetteer.get("geonames:-1") is None
    syria = gazetteer.country("sy")
    assert syria is not None and syria.feature_code == "PCLI"
    assert 32 < syria.lat < 37.5 and 35.5 < syria.lon < 42.5
    assert gazetteer.country("QQ") is None


def test_nearest(gazetteer):  # noqa: F811
    assert gazetteer.nearest(36.20124, 37.16117)[0].place_id == "geonames:170063"
    five = gazetteer.nearest(35.93, 36.63, limit=5)
    assert len(five) == 5
    distances = [km(35.93, 36.63, p.lat, p.lon) for p in five]
    assert distances == sorted(distances)
    far = gazetteer.nearest(-60.0, -120.0)  # open ocean: found by widening the search
    assert len(far) == 1
    with pytest.raises(ValueError):
        gazetteer.nearest(95.0, 0.0)


def test_index_layout_and_manifest(gazetteer):  # noqa: F811
    manifest = gazetteer.manifest
    assert manifest["build_id"] and manifest["counts"]["geonames_places"] > 230_000
    assert {s["name"] for s in manifest["sources"]} >= {
        "geonames-cities500", "geonames-admin", "geonames-countries", "airportsdata", "ocha-syria",
        "ocha-sudan", "geomap-curated"}
    con = sqlite3.connect(f"file:{gazetteer.path}?mode=ro", uri=True)
    indexes = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"places_place_id", "places_country", "places_admin1", "places_grid"} <= indexes
    names_sql = con.execute("SELECT sql FROM sqlite_master WHERE name='names'").fetchone()[0]
    assert "PRIMARY KEY (key, nprior, pid)" in names_sql and "WITHOUT ROWID" in names_sql
    columns = {row[1] for row in con.execute("PRAGMA table_info(places)")}
    assert {"grid", "duplicate", "search_only", "prior"} <= columns
    con.close()


def test_gazetteer_pickles_by_path(gazetteer):  # noqa: F811
    clone = pickle.loads(pickle.dumps(gazetteer))
    assert clone.path == gazetteer.path
    assert clone.lookup("Idleb")[0].place.place_id == gazetteer.lookup("Idleb")[0].place.place_id


def _build_module():
    spec = importlib.util.spec_from_file_location("gz_build_under_test", REPO / "gazetteer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_small_build_from_two_sources(tmp_path):
    target = tmp_path / "mini.sqlite"
    manifest = _build_module().build(target, progress=False, adapters=("airports", "curated"), limit=None)
    assert manifest["counts"]["curated"] > 20 and target.exists()
    assert json.loads((tmp_path / "mini.manifest.json").read_text())["build_id"] == manifest["build_id"]
    with Gazetteer.open(target) as mini:
        best = mini.lookup("Tishrin Dam")[0]
        assert best.place.feature_code == "DAM" and best.place.raw["reference"]
        assert mini.lookup("OS66")[0].place.place_id == "icao:OS66"
        assert mini.lookup("OS66")[0].rule == "code"


def test_curated_rows_name_their_source():
    import csv

    with open(REPO / "gazetteer" / "curated.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 40
    assert all(row["source"].strip() for row in rows)
    codes = {row["feature_code"] for row in rows}
    assert {"AIRB", "CRSG", "DAM", "PPLX"} <= codes


def test_missing_index_without_build(tmp_path):
    with pytest.raises(GazetteerNotFound) as err:
        Gazetteer.open(tmp_path / "absent.sqlite", build=False)
    assert isinstance(err.value, FileNotFoundError) and "geomap geocode --rebuild" in str(err.value)


def test_corrupt_index_names_the_rebuild_command(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(GazetteerCorrupt) as err:
        Gazetteer.open(bad)
    assert isinstance(err.value, GeomapError) and isinstance(err.value, RuntimeError)
    assert f"geomap geocode --rebuild --index {bad}" in str(err.value)
    assert "geomap geocode --rebuild" in REBUILD_HINT


def test_outdated_index_is_reported(tmp_path):
    target = tmp_path / "old.sqlite"
    _build_module().build(target, progress=False, adapters=("curated",))
    con = sqlite3.connect(target)
    manifest = json.loads(con.execute("SELECT value FROM meta").fetchone()[0])
    manifest["key_version"] = "0"
    con.execute("UPDATE meta SET value = ?", (json.dumps(manifest),))
    con.commit()
    con.close()
    with pytest.raises(GazetteerCorrupt, match="rebuild"):
        Gazetteer.open(target)


def test_default_path_honours_the_environment(monkeypatch, tmp_path):
    from geomap.gazetteer import default_path

    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tmp_path / "elsewhere.sqlite"))
    assert default_path() == tmp_path / "elsewhere.sqlite"
    monkeypatch.delenv("GEOMAP_GAZETTEER")
    assert default_path().name == "gazetteer.sqlite"


def test_gazetteer_works_in_a_worker_process(gazetteer):  # noqa: F811
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    gazetteer.lookup("Aleppo")
    with multiprocessing.get_context("fork").Pool(1) as pool:
        ids = pool.map(_first_place_id, [(gazetteer, "Idleb")])
    assert ids == ["geonames:169389"]


def test_forked_child_reopens_an_inherited_gazetteer(gazetteer):  # noqa: F811
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    gazetteer.lookup("Aleppo")  # the parent's connection is in use before the fork
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_lookup_in_child, args=(queue, "Saraqeb"))
    _INHERITED["gz"] = gazetteer  # reached through the module, not pickled
    child.start()
    result = queue.get(timeout=60)
    child.join(60)
    assert result == gazetteer.lookup("Saraqeb")[0].place.place_id


_INHERITED: dict[str, Gazetteer] = {}


def _lookup_in_child(queue, name):
    queue.put(_INHERITED["gz"].lookup(name)[0].place.place_id)


def test_sudan_ocha_localities(gazetteer):  # noqa: F811
    found = gazetteer.lookup("Karary locality")  # OCHA spells it "Karrari"
    assert found[0].place.place_id == "ocha:SD01005" and found[0].place.feature_code == "ADM2"
    assert found[0].place.admin1 == "Khartoum"
    assert gazetteer.lookup("Um Badda")[0].place.place_id == "ocha:SD01002"  # OCHA "Um Bada"
    state = gazetteer.get("ocha:SD01")
    assert state is not None and state.feature_code == "ADM1" and state.raw["duplicate"]
    assert state.raw["same_as"] == "geonames:379253"  # GeoNames' Khartoum state stays first


def test_lookup_cut_keeps_every_key_of_the_last_place(gazetteer):  # noqa: F811
    # "San Rafael" names hundreds of places: the candidate list is cut by prior, and the
    # cut must not drop the exact key of a place while keeping its generated one
    rules = {c.place.place_id: c.rule for c in gazetteer.lookup("SAN RAFAEL AIRPORT", limit=100)}
    assert all(rule in {"exact", "folded", "generated", "variant", "code"} for rule in rules.values())
    assert rules.get("icao:SPRF") == "exact"


def _first_place_id(job):
    gz, name = job
    return gz.lookup(name)[0].place.place_id


def _with_curated_digest(target, digest):
    con = sqlite3.connect(target)
    manifest = json.loads(con.execute("SELECT value FROM meta").fetchone()[0])
    manifest["curated_sha256"] = digest
    con.execute("UPDATE meta SET value = ?", (json.dumps(manifest),))
    con.commit()
    con.close()


def test_index_from_an_older_curated_table_is_rebuilt(tmp_path, monkeypatch, capsys):
    import geomap.gazetteer as gaz

    target = tmp_path / "default.sqlite"
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(target))
    monkeypatch.setattr(gaz, "build_index", lambda path, progress=None: _build_module().build(
        path, progress=False, adapters=("curated",)))
    Gazetteer.open().close()  # built from the current table: opened as it is
    assert "rebuilding" not in capsys.readouterr().err
    _with_curated_digest(target, "0" * 64)  # as if curated.csv had changed since
    with Gazetteer.open() as gazetteer:
        assert gazetteer.lookup("Chebaa")[0].place.country_code == "LB"
        assert gazetteer.manifest["curated_sha256"] != "0" * 64
    assert "changed since the gazetteer index was built; rebuilding" in capsys.readouterr().err


def test_explicit_index_from_an_older_curated_table_is_kept_with_a_warning(tmp_path, capsys):
    target = tmp_path / "mine.sqlite"
    _build_module().build(target, progress=False, adapters=("curated",))
    _with_curated_digest(target, "0" * 64)
    with Gazetteer.open(target) as gazetteer:
        assert gazetteer.manifest["curated_sha256"] == "0" * 64  # not rebuilt behind the user's back
    err = capsys.readouterr().err
    assert "predates the current" in err and f"geomap geocode --rebuild --index {target}" in err
