"""The playground answers its own page only: foreign Host headers (DNS rebinding),
cross-site state changes and bodies not declared JSON are refused with a JSON reason."""

import socket

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from glassnet.cli.serve import _own_hosts
from glassnet.web.app import create_app
from glassnet.web.guard import host_name
from tests.web.helpers import ServerThread

EVIL = "http://evil.example.com"


@pytest.fixture
def client(digits_model):
    app = create_app(digits_model, hosts=["glassnet.lan"])
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


def _refused(response, status, *words):
    assert response.status_code == status, response.text
    reason = response.json()["error"]
    assert all(word in reason for word in words), reason


@pytest.mark.parametrize(
    "host", ["localhost", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST:8000", "glassnet.lan:80"]
)
def test_own_hosts_are_answered(client, host):
    assert client.get("/api/models", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example.com", "evil.example.com:8000", "127.0.0.1.evil.com", "", "[::2]:8000"]
)
def test_foreign_hosts_are_refused_even_for_reading(client, host):
    _refused(client.get("/api/models", headers={"Host": host}), 400, "answers requests for")
    _refused(client.get("/", headers={"Host": host}), 400, "answers requests for")


def test_a_dns_rebinding_page_is_refused(client):
    headers = {"Host": "evil.example.com:8000", "Origin": EVIL + ":8000"}
    _refused(client.get("/api/model", headers=headers), 400, "'evil.example.com:8000'")
    _refused(client.post("/api/playground", json={}, headers=headers), 400, "answers requests")


def test_state_changes_from_another_site_are_refused(client):
    created = client.post("/api/playground", json={"points": 40})
    assert created.status_code == 200  # no Origin: not a browser's cross-site request
    base = f"/api/playground/{created.json()['id']}"
    for origin in (EVIL, "http://127.0.0.1:3000", "null"):
        headers = {"Origin": origin}
        _refused(client.post("/api/playground", json={}, headers=headers), 403, origin)
        _refused(client.post(f"{base}/step", headers=headers), 403, "another site")
        _refused(client.delete(base, headers=headers), 403, "DELETE")
    cross = {"Sec-Fetch-Site": "cross-site"}
    _refused(client.post(f"{base}/step", headers=cross), 403, "another site")
    own = {"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"}
    assert client.post(f"{base}/step", headers=own).status_code == 200
    assert client.get("/api/models", headers={"Origin": EVIL}).status_code == 200  # a read
    assert client.delete(base, headers=own).status_code == 204


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_json_bodies_must_be_declared_json(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/api/playground", content=b'{"points": 40}', headers=headers)
    _refused(response, 415, "expected Content-Type: application/json", content_type or "none")


def test_json_with_a_charset_is_json(client):
    response = client.post(
        "/api/playground",
        content=b'{"points": 40}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200


def test_a_real_server_refuses_a_foreign_host(digits_model):
    with ServerThread(create_app(digits_model)) as server, httpx.Client(timeout=30) as http:
        assert http.get(f"{server.url}/api/models").status_code == 200
        response = http.get(f"{server.url}/api/models", headers={"Host": "evil.example.com"})
        _refused(response, 400, "answers requests for")


def test_serve_answers_for_its_own_address_and_host_option():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        assert _own_hosts("127.0.0.1", sock) == ["127.0.0.1", "127.0.0.1"]
    with socket.socket() as sock:
        sock.bind(("0.0.0.0", 0))
        hosts = _own_hosts("0.0.0.0", sock)
        assert socket.gethostname() in hosts  # every interface: this machine's own names


def test_host_names_lose_their_port_and_brackets():
    assert host_name("[::1]:8000") == "::1"
    assert host_name("LocalHost:80") == "localhost"
    assert host_name("::1") == "::1"
    assert host_name("example.com") == "example.com"
