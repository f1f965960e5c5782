"""The Redis cache keeps one `redis.Redis` per connection pool (core.cache.backends), instead of
Django's new client for every cache call, and it still works from many threads at once and
after Redis was unreachable."""

import threading
import uuid

from core.cache.backends import TolerantRedisCache
from tests.perf.conftest import redis_url


def make_cache(location=None):
    return TolerantRedisCache(location or redis_url(), {"KEY_PREFIX": f"t-{uuid.uuid4().hex}"})


def test_one_client_per_pool_for_every_call():
    cache = make_cache()
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client() is first  # one server: reads use the same pool


def test_the_kept_client_serves_threads_at_once():
    cache = make_cache()
    errors = []

    def work(n):
        try:
            for i in range(50):
                cache.set(f"k{n}-{i}", i)
                assert cache.get(f"k{n}-{i}") == i
            cache.set_many({f"m{n}-{i}": i for i in range(10)})
            assert cache.get_many([f"m{n}-{i}" for i in range(10)]) == {f"m{n}-{i}": i for i in range(10)}
        except Exception as error:  # reported below, with the thread's number
            errors.append((n, error))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_an_unreachable_redis_still_misses_quietly():
    cache = make_cache("redis://127.0.0.1:1/0")
    assert cache.get("anything", "default") == "default"
    cache.set("anything", 1)  # logged, not raised
