"""Tests for geomap.geocoder.OfflineGeocoder (the geopy contract, geopandas, no network)."""

from __future__ import annotations

import socket

import pytest
from geopy.exc import GeocoderQueryError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geomap.errors import GazetteerQueryError
from geomap.geocoder import OfflineGeocoder


@pytest.fixture()
def geocoder(gazetteer):  # noqa: F811
    return OfflineGeocoder(gazetteer=gazetteer)


def test_is_a_geopy_geocoder_without_http_adapter():
    coder = OfflineGeocoder()
    assert isinstance(coder, Geocoder)
    assert coder.adapter is None


def test_geocode_returns_a_location_with_the_gazetteer_row(geocoder):
    location = geocoder.geocode("Tel Rifaat")
    assert isinstance(location, Location)
    assert abs(location.latitude - 36.47229) < 0.05 and abs(location.longitude - 37.09471) < 0.05
    assert location.raw["country_code"] == "SY"
    assert location.raw["place_id"].startswith(("geonames:", "ocha:"))
    assert {"score", "rule", "matched", "feature_code", "admin1"} <= set(location.raw)
    assert "SY" in location.address


def test_geocode_list_and_country_codes(geocoder):
    many = geocoder.geocode("Rafah", exactly_one=False, limit=3)
    assert isinstance(many, list) and 1 < len(many) <= 3
    assert many[0].raw["score"] >= many[-1].raw["score"]
    egypt = geocoder.geocode("Rafah", country_codes=["EG"])
    assert egypt.raw["country_code"] == "EG"


def test_unknown_name_is_none(geocoder):
    assert geocoder.geocode("Xqzzyvlorp Qwtrm") is None


@pytest.mark.parametrize("bad", ["", "   ", None])
def test_empty_query_raises_a_geopy_query_error(geocoder, bad):
    with pytest.raises(GazetteerQueryError) as err:
        geocoder.geocode(bad)
    assert isinstance(err.value, GeocoderQueryError)


def test_reverse_gives_the_nearest_place(geocoder):
    location = geocoder.reverse((36.20124, 37.16117))
    assert location.raw["place_id"] == "geonames:170063"
    several = geocoder.reverse("35.93, 36.63", exactly_one=False, limit=3)
    assert len(several) == 3
    with pytest.raises(GazetteerQueryError):
        geocoder.reverse("not a point")


def test_geopandas_geocode_with_offline_provider(gazetteer):  # noqa: F811
    from geopandas.tools import geocode

    frame = geocode(["Aleppo", "Idleb", "Xqzzyvlorp Qwtrm"], provider=OfflineGeocoder)
    assert list(frame.index) == [0, 1, 2]
    assert frame.crs.to_epsg() == 4326
    assert abs(frame.geometry[0].y - 36.20124) < 0.01 and abs(frame.geometry[0].x - 37.16117) < 0.01
    assert frame.geometry[2].is_empty and frame["address"].isna()[2]
    assert frame["address"][1].startswith("Idlib")


def test_no_socket_is_ever_created(gazetteer, monkeypatch):  # noqa: F811
    def refuse(*args, **kwargs):
        raise AssertionError("OfflineGeocoder tried to create a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    coder = OfflineGeocoder(gazetteer=gazetteer)
    assert coder.geocode("Kuweires airbase").raw["feature_code"] == "AIRB"
    assert coder.reverse((35.4, 35.95)) is not None
