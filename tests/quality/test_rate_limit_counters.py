"""Rate-limit and login-failure counters: one client IP answer behind proxies, their own
never-evicting Redis, and per-process counting (never refusing everyone) while Redis is down."""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from allauth.account.adapter import get_adapter
from axes.helpers import get_client_ip_address
from django.core.cache import caches
from django.test import Client, RequestFactory

from core.cache.backends import FallbackRedisCache
from core.client_ip import client_ip
from demo.factories.forums import PASSWORD, MemberFactory
from forums import ratelimit

PROXY = "10.0.0.1"
ALICE, BOB = "203.0.113.5", "198.51.100.7"
# The counters' cache pointed at a port where nothing listens: Redis is down.
DEAD_COUNTERS = {
    "default": {"BACKEND": "core.cache.backends.FallbackRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.fixture(autouse=True)
def _fresh_counters():
    caches["default"].clear()
    yield
    caches["default"].clear()


def behind_proxy(ip):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip)


def login(client, user, password):
    return client.post("/accounts/login/", {"login": user.email, "password": password})


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # no trusted proxy: the header is anyone's to forge
        (1, "203.0.113.5", ALICE),
        (1, "1.2.3.4, 203.0.113.5", ALICE),  # what the client wrote itself is ignored
        (2, "203.0.113.5, 10.0.0.9", ALICE),
        (2, "203.0.113.5", PROXY),  # fewer hops than proxies: misconfigured, use the connection
        (1, "not-an-ip", PROXY),
        (1, "", PROXY),
    ],
)
def test_one_client_ip_function_for_allauth_axes_and_our_limits(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
    assert get_adapter(request).get_client_ip(request) == expected
    assert get_client_ip_address(request) == expected


def test_two_clients_behind_one_proxy_do_not_block_each_other(home, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "3/m/ip"}
    member = MemberFactory()
    alice, bob = behind_proxy(ALICE), behind_proxy(BOB)
    for _ in range(3):
        assert login(alice, member.user, "wrong password").status_code == 200
    assert login(alice, member.user, PASSWORD).status_code == 429  # Alice is limited...
    assert login(bob, member.user, PASSWORD).status_code == 302  # ...Bob is not


def test_without_the_proxy_setting_everyone_behind_the_proxy_shares_one_limit(home, settings):
    """What TRUSTED_PROXY_COUNT fixes: behind a load balancer every member looked alike."""
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": "3/m/ip"}
    member = MemberFactory()
    for _ in range(3):
        login(behind_proxy(ALICE), member.user, "wrong password")
    assert login(behind_proxy(BOB), member.user, PASSWORD).status_code == 429


def test_axes_lockouts_are_per_client_behind_the_proxy(home, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = False  # axes alone (allauth's per-account limit spans IPs by design)
    member = MemberFactory()
    alice, bob = behind_proxy(ALICE), behind_proxy(BOB)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(alice, member.user, "wrong password")
    assert login(alice, member.user, PASSWORD).status_code != 302  # locked out (username + IP)
    assert login(bob, member.user, PASSWORD).status_code == 302


def test_sign_in_works_while_the_counters_redis_is_down_and_limits_still_apply(home, settings):
    """Issue 13 item 4: with the tolerant "always miss" cache, allauth's rate-limit lock
    (cache.add) failed and every sign-in got 429. Now each process counts on its own."""
    settings.CACHES = DEAD_COUNTERS
    settings.ACCOUNT_RATE_LIMITS = {"login": "3/m/ip", "login_failed": "10/m/ip"}
    member = MemberFactory()
    assert login(Client(), member.user, PASSWORD).status_code == 302
    assert not caches["default"].is_available()
    assert login(Client(), member.user, PASSWORD).status_code == 302
    assert login(Client(), member.user, PASSWORD).status_code == 302
    assert login(Client(), member.user, PASSWORD).status_code == 429  # the limit still holds
    # Our own limits (posting, reporting) count per process too.
    assert [ratelimit.hit("post", 1, 2, 60) for _ in range(3)] == [True, True, False]


def test_sign_in_refused_everyone_with_the_old_tolerant_backend(home, settings):
    """The behaviour being fixed, kept as a guard: never use TolerantRedisCache for counters."""
    settings.CACHES = {
        "default": {**DEAD_COUNTERS["default"], "BACKEND": "core.cache.backends.TolerantRedisCache"}
    }
    member = MemberFactory()
    assert login(Client(), member.user, PASSWORD).status_code == 429


def counters_url():
    url = os.environ.get("RATELIMIT_REDIS_URL")
    if not url:
        pytest.fail("RATELIMIT_REDIS_URL is not set: run the suite with `make test` (scripts/with-redis).")
    return url


def test_the_counters_redis_never_evicts():
    assert redis.Redis.from_url(counters_url()).config_get("maxmemory-policy") == {
        "maxmemory-policy": "noeviction"
    }


def test_with_redis_up_every_process_shares_the_counters():
    params = {"KEY_PREFIX": f"t-{os.getpid()}-{id(object())}"}
    one, two = FallbackRedisCache(counters_url(), params), FallbackRedisCache(counters_url(), params)
    assert one.add("hits", 1, 60)
    assert two.incr("hits") == 2 and one.get("hits") == 2
    assert one.is_available()
    one.delete("hits")


def test_health_reports_the_counters_redis_down(client, db, settings):
    settings.CACHES = DEAD_COUNTERS
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


@pytest.fixture
def dedicated_redis(tmp_path):
    """A Redis server of this test's own, so the test can stop it."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.fail(
            "redis-server not found: run the suite with `make test` (scripts/with-redis installs it)."
        )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--maxmemory-policy", "noeviction", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url, server
    server.terminate()
    server.wait(timeout=10)


def test_a_real_redis_stopping_mid_way_degrades_to_per_process_counters(home, settings, dedicated_redis):
    url, server = dedicated_redis
    settings.CACHES = {"default": {"BACKEND": "core.cache.backends.FallbackRedisCache", "LOCATION": url}}
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip", "login_failed": "10/m/ip"}
    member = MemberFactory()
    assert login(Client(), member.user, PASSWORD).status_code == 302
    assert any(redis.Redis.from_url(url).scan_iter("*allauth:rl*"))  # counted in Redis
    server.terminate()
    server.wait(timeout=10)
    # Redis is gone: sign-in still works, and the limit still applies, counted in this process.
    assert login(Client(), member.user, PASSWORD).status_code == 302
    assert not caches["default"].is_available()
    assert login(Client(), member.user, PASSWORD).status_code == 302
    assert login(Client(), member.user, PASSWORD).status_code == 429
