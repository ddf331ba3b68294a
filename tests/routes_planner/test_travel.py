"""Travel matrices: haversine x detour / speed, given matrices, OSRM via a fake server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

from routes_planner.errors import InstanceError, TravelError
from routes_planner.model import Place
from routes_planner.travel import GivenMatrix, Haversine, Osrm, check_square, haversine_metres


def test_one_degree_of_latitude_is_111_195_metres():
    d = haversine_metres(np.array([55.0, 56.0]), np.array([12.0, 12.0]))
    assert d[0, 1] == pytest.approx(111_195, abs=1)
    assert d[0, 0] == 0 and d[1, 0] == d[0, 1]


def test_seconds_are_detoured_metres_over_the_mode_speed():
    places = [Place(55.0, 12.0), Place(56.0, 12.0)]
    m = Haversine(detour=1.3, speed_kmh={"bicycle": 15}).matrices(places, "bicycle")
    metres = haversine_metres(np.array([55.0, 56.0]), np.array([12.0, 12.0]))[0, 1] * 1.3
    assert m.metres[0, 1] == round(metres)
    assert m.seconds[0, 1] == round(metres / (15 / 3.6))


def test_matrix_for_a_thousand_points_is_square_and_symmetric():
    rng = np.random.default_rng(0)
    places = [Place(55.6 + rng.random() / 10, 12.5 + rng.random() / 10) for _ in range(1000)]
    m = Haversine().matrices(places, "car")
    assert m.seconds.shape == m.metres.shape == (1000, 1000)
    assert (m.seconds == m.seconds.T).all()


def test_unknown_mode_is_a_travel_error():
    with pytest.raises(TravelError):
        Haversine().matrices([Place(55, 12)], "rocket")


def test_given_matrix_picks_the_nodes_rows_and_columns():
    full = np.arange(16).reshape(4, 4)
    m = GivenMatrix({"*": full}).matrices([Place(node=3), Place(node=1)], "foot")
    assert m.seconds.tolist() == [[15, 13], [7, 5]]
    assert m.metres.tolist() == m.seconds.tolist()


def test_given_matrix_node_outside_is_a_travel_error():
    with pytest.raises(TravelError):
        GivenMatrix({"*": np.zeros((2, 2))}).matrices([Place(node=2)], "car")


@pytest.mark.parametrize("bad", [[[0, 1, 2], [1, 0, 2]], [1, 2, 3], [[0, -1], [1, 0]], "x"])
def test_matrix_of_the_wrong_shape_or_values_is_refused(bad):
    with pytest.raises(InstanceError, match="matrix"):
        check_square("matrix_seconds", bad)


class _FakeOsrm(BaseHTTPRequestHandler):
    """Answers /table/v1/<profile>/<lon,lat;...> with |i - j| * 100 s and * 1000 m."""

    calls: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _FakeOsrm.calls.append(self.path)
        coords = self.path.split("?")[0].rsplit("/", 1)[1].split(";")
        n = len(coords)
        body = {
            "code": "Ok",
            "durations": [[abs(i - j) * 100 for j in range(n)] for i in range(n)],
            "distances": [[abs(i - j) * 1000 if i != 1 or j != 0 else None for j in range(n)]
                          for i in range(n)],
        }
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def osrm_url():
    server = HTTPServer(("127.0.0.1", 0), _FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_osrm_table_service_gives_road_times(osrm_url):
    places = [Place(55.0, 12.0), Place(55.1, 12.1), Place(55.2, 12.2)]
    m = Osrm(osrm_url).matrices(places, "bicycle")
    assert m.seconds.tolist() == [[0, 100, 200], [100, 0, 100], [200, 100, 0]]
    assert m.metres[0, 2] == 2000
    # OSRM's null (no route) is unreachable, not a free ride.
    assert m.metres[1, 0] >= 10**9
    path = _FakeOsrm.calls[-1]
    assert path.startswith("/table/v1/bike/12.000000,55.000000;")
    assert "annotations=duration,distance" in path


def test_osrm_unreachable_server_is_a_travel_error():
    with pytest.raises(TravelError, match="OSRM"):
        Osrm("http://127.0.0.1:9", timeout=2).matrices([Place(55, 12), Place(55, 13)], "car")
