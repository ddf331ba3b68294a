"""The geocoding chain: cache, then hand-set position, then provider; failures reported.

Every test uses a fake geocoder object; none needs the network.
"""

from __future__ import annotations

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from routes_planner.geocode import (
    FailureReason,
    Geocoded,
    GeocodeError,
    GeocodeFailure,
    GeocoderChain,
    MemoryCache,
    Position,
    is_precise,
    normalise_address,
)

RAADHUS = Position(55.6761, 12.5683)  # Copenhagen City Hall
HOUSE = {"class": "place", "type": "house", "place_rank": 30,
         "boundingbox": ["55.6760", "55.6762", "12.5682", "12.5684"]}


def loc(label: str, lat: float, lon: float, **raw) -> Location:
    """A geopy Location as Nominatim would return it (house-level unless raw says not)."""
    return Location(label, (lat, lon), {**HOUSE, **raw, "lat": str(lat), "lon": str(lon)})


class FakeGeocoder:
    """A geopy-style geocoder: answers from a dict, or raises the queued errors first."""

    def __init__(self, answers=None, errors=()):
        self.answers = answers or {}
        self.errors = list(errors)
        self.calls: list[tuple[str, dict]] = []

    def geocode(self, query, exactly_one=True, limit=None, country_codes=None):
        self.calls.append((query, {"exactly_one": exactly_one, "limit": limit,
                                   "country_codes": country_codes}))
        if self.errors:
            raise self.errors.pop(0)
        found = self.answers.get(query)
        if found is None:
            return None
        found = found if isinstance(found, list) else [found]
        return found[0] if exactly_one else found[: limit or len(found)]


class Recording(MemoryCache):
    """A cache that records who asked."""

    def __init__(self, log):
        super().__init__()
        self.log = log

    def get(self, address):
        self.log.append("cache")
        return super().get(address)


class Manual(dict):
    """Hand-set positions that record who asked."""

    def __init__(self, log, *args):
        super().__init__(*args)
        self.log = log

    def get(self, address, default=None):
        self.log.append("manual")
        return super().get(address, default)


def chain(provider=None, **kwargs) -> GeocoderChain:
    kwargs.setdefault("min_delay_seconds", 0)
    kwargs.setdefault("error_wait_seconds", 0)
    return GeocoderChain(provider=provider if provider is not None else FakeGeocoder(), **kwargs)


ADDRESS = "Rådhuspladsen 1, 1550 København V"


def test_cache_is_asked_before_manual_and_provider():
    log: list[str] = []
    cache = Recording(log)
    cache.put(normalise_address(ADDRESS), RAADHUS, "nominatim")
    provider = FakeGeocoder({ADDRESS: loc("elsewhere", 56.0, 10.0)})
    manual = Manual(log, {normalise_address(ADDRESS): Position(55.0, 12.0)})

    result = chain(provider, cache=cache, manual=manual).geocode(ADDRESS)

    assert result == Geocoded(ADDRESS, RAADHUS, "cache")
    assert log == ["cache"]
    assert provider.calls == []


def test_manual_position_is_used_before_the_provider():
    log: list[str] = []
    pinned = Position(55.70, 12.55)
    provider = FakeGeocoder({ADDRESS: loc("Rådhuspladsen 1", RAADHUS.lat, RAADHUS.lon)})
    manual = Manual(log, {normalise_address(ADDRESS): pinned})

    result = chain(provider, cache=Recording(log), manual=manual).geocode(ADDRESS)

    assert result.ok and result.source == "manual" and result.position == pinned
    assert log == ["cache", "manual"]
    assert provider.calls == []


def test_provider_result_is_written_to_the_cache_and_reused():
    cache = MemoryCache()
    provider = FakeGeocoder({ADDRESS: loc("Rådhuspladsen 1, København", 55.6761, 12.5683)})
    geocoder = chain(provider, cache=cache, provider_name="nominatim")

    first = geocoder.geocode(ADDRESS)
    second = geocoder.geocode("  rådhuspladsen 1 ,1550   KØBENHAVN V ")

    assert first == Geocoded(ADDRESS, RAADHUS, "nominatim", "Rådhuspladsen 1, København")
    assert cache.entries[normalise_address(ADDRESS)] == (RAADHUS, "nominatim")
    assert second.source == "cache" and second.position == RAADHUS
    assert len(provider.calls) == 1


def test_source_names_the_provider_class_by_default():
    provider = FakeGeocoder({ADDRESS: loc("x", 55.6761, 12.5683)})
    assert chain(provider).geocode(ADDRESS).source == "fakegeocoder"


def test_provider_is_biased_to_denmark_and_asked_for_several_candidates():
    provider = FakeGeocoder({ADDRESS: loc("x", 55.6761, 12.5683)})
    chain(provider, max_candidates=4).geocode(ADDRESS)
    assert provider.calls == [
        (ADDRESS, {"exactly_one": False, "limit": 4, "country_codes": "dk"})
    ]


def test_provider_without_country_bias_argument_still_works():
    class Minimal:
        def geocode(self, query, exactly_one=True):
            return [loc("x", 55.6761, 12.5683)]

    assert chain(Minimal()).geocode(ADDRESS).position == RAADHUS


def test_address_normalisation_folds_case_and_whitespace_but_keeps_danish_letters():
    assert normalise_address("  Ærøvej  7 ,5000\tOdense C ") == "ærøvej 7, 5000 odense c"
    assert normalise_address("ÆRØVEJ 7, 5000 ODENSE C") == "ærøvej 7, 5000 odense c"


def test_nothing_found_is_reported_not_cached():
    cache = MemoryCache()
    result = chain(FakeGeocoder(), cache=cache).geocode("Nowhere 99")
    assert isinstance(result, GeocodeFailure)
    assert result.reason is FailureReason.NOT_FOUND
    assert "Nowhere 99" in result.message
    assert cache.entries == {}


def test_empty_address_is_reported_without_asking_anyone():
    provider = FakeGeocoder()
    result = chain(provider).geocode("   ")
    assert result.reason is FailureReason.EMPTY_ADDRESS
    assert provider.calls == []


def test_timeout_after_retries_is_reported():
    provider = FakeGeocoder(errors=[GeocoderTimedOut("slow")] * 3)
    result = chain(provider, max_retries=2).geocode(ADDRESS)
    assert result.reason is FailureReason.TIMEOUT
    assert len(provider.calls) == 3  # first try + 2 retries


def test_provider_error_is_reported():
    provider = FakeGeocoder(errors=[GeocoderUnavailable("down")] * 2)
    result = chain(provider, max_retries=1).geocode(ADDRESS)
    assert result.reason is FailureReason.PROVIDER_ERROR
    assert "down" in result.message


def test_rate_limiter_retries_a_transient_error():
    provider = FakeGeocoder({ADDRESS: loc("x", 55.6761, 12.5683)},
                            errors=[GeocoderServiceError("502")])
    result = chain(provider, max_retries=1).geocode(ADDRESS)
    assert result.ok and len(provider.calls) == 2


def test_provider_is_wrapped_in_geopys_rate_limiter():
    geocoder = chain(FakeGeocoder(), min_delay_seconds=0, max_retries=3)
    assert isinstance(geocoder.rate_limiter, RateLimiter)
    assert geocoder.rate_limiter.min_delay_seconds == 0
    assert geocoder.rate_limiter.max_retries == 3
    assert geocoder.rate_limiter.swallow_exceptions is False


def test_default_provider_is_nominatim_with_the_callers_user_agent_and_one_second_delay():
    geocoder = GeocoderChain(user_agent="outreach-planner test (it@example.dk)")
    assert type(geocoder.provider).__name__ == "Nominatim"
    assert geocoder.provider.headers["User-Agent"] == "outreach-planner test (it@example.dk)"
    assert geocoder.provider_name == "nominatim"
    assert geocoder.rate_limiter.min_delay_seconds == 1.0


def test_candidates_far_apart_are_ambiguous():
    provider = FakeGeocoder({"Hovedgaden 1": [
        loc("Hovedgaden 1, 2970 Hørsholm", 55.881, 12.502),
        loc("Hovedgaden 1, 4140 Borup", 55.495, 11.973),
    ]})
    result = chain(provider).geocode("Hovedgaden 1")
    assert result.reason is FailureReason.AMBIGUOUS
    assert len(result.candidates) == 2
    assert {c.label for c in result.candidates} == {
        "Hovedgaden 1, 2970 Hørsholm", "Hovedgaden 1, 4140 Borup"}


def test_candidates_a_few_metres_apart_are_one_place():
    provider = FakeGeocoder({ADDRESS: [
        loc("Rådhuspladsen 1 (building)", 55.6761, 12.5683),
        loc("Rådhuspladsen 1 (entrance)", 55.6762, 12.5685),
    ]})
    result = chain(provider).geocode(ADDRESS)
    assert result.ok and result.position == RAADHUS


def test_a_town_is_not_an_address():
    provider = FakeGeocoder({"Odense": loc("Odense, Denmark", 55.3959, 10.3883,
                                           **{"class": "place", "type": "city",
                                              "place_rank": 16})})
    result = chain(provider).geocode("Odense")
    assert result.reason is FailureReason.LOW_PRECISION
    assert result.candidates[0].label == "Odense, Denmark"


def test_a_street_without_the_house_is_low_precision():
    street = loc("Vestergade, Aarhus", 56.156, 10.205,
                 **{"class": "highway", "type": "residential", "place_rank": 26})
    assert not is_precise(street)


def test_a_wide_bounding_box_is_low_precision_even_without_rank():
    wide = Location("Somewhere", (55.5, 11.5),
                    {"boundingbox": ["55.40", "55.60", "11.40", "11.60"]})
    assert not is_precise(wide)


def test_a_provider_without_nominatim_details_is_taken_as_precise():
    assert is_precise(Location("x", (55.5, 11.5), {}))


def test_precise_result_wins_over_vague_ones_in_the_same_answer():
    provider = FakeGeocoder({ADDRESS: [
        loc("København", 55.67, 12.56, **{"type": "city", "place_rank": 16}),
        loc("Rådhuspladsen 1", 55.6761, 12.5683),
    ]})
    result = chain(provider).geocode(ADDRESS)
    assert result.ok and result.position == RAADHUS


def test_offline_chain_answers_from_cache_and_manual_and_reports_the_rest():
    cache = MemoryCache()
    cache.put(normalise_address(ADDRESS), RAADHUS, "manual")
    geocoder = GeocoderChain(cache=cache, offline=True)
    assert geocoder.rate_limiter is None
    assert geocoder.geocode(ADDRESS).position == RAADHUS
    assert geocoder.geocode("Unknown 1").reason is FailureReason.NO_PROVIDER


def test_require_raises_a_typed_error_with_the_reason():
    with pytest.raises(GeocodeError) as info:
        chain(FakeGeocoder()).require("Nowhere 99")
    assert info.value.reason is FailureReason.NOT_FOUND


def test_geocode_many_looks_each_address_up_once():
    provider = FakeGeocoder({ADDRESS: loc("x", 55.6761, 12.5683)})
    results = chain(provider).geocode_many([ADDRESS, ADDRESS.upper(), "Nowhere 99"])
    assert results[ADDRESS].ok and results[ADDRESS.upper()].ok
    assert not results["Nowhere 99"].ok
    assert len(provider.calls) == 2


def test_position_out_of_range_is_refused():
    with pytest.raises(ValueError):
        Position(91.0, 12.0)
    assert Position(55.0, 12.0).place.lat == 55.0


def test_pinned_position_replaces_the_providers_cached_result():
    cache = MemoryCache()
    provider = FakeGeocoder({ADDRESS: loc("x", 55.6761, 12.5683)})
    geocoder = chain(provider, cache=cache)
    geocoder.geocode(ADDRESS)
    corrected = Position(55.6770, 12.5690)

    geocoder.pin(ADDRESS.upper(), corrected)

    assert cache.entries[normalise_address(ADDRESS)] == (corrected, "manual")
    assert geocoder.geocode(ADDRESS).position == corrected
    assert len(provider.calls) == 1
