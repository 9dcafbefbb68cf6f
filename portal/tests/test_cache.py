"""The Redis cache backend (portal/cache.py) against the Redis server of the machine."""

import socket

import pytest

from portal.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def redis_cache():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs the Redis server on 127.0.0.1:6379")
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "portal-tests"})
    backend.clear()
    yield backend
    backend.clear()


def test_the_client_is_built_once_and_reused(redis_cache):
    client = redis_cache._cache.get_client("a")

    assert redis_cache._cache.get_client("b", write=True) is client


def test_it_stores_counts_and_forgets_like_django_s_redis_cache(redis_cache):
    redis_cache.set("page", {"title": "Deutschkurs"}, 60)
    redis_cache.add("generation", 7, None)

    assert redis_cache.get("page") == {"title": "Deutschkurs"}
    assert redis_cache.incr("generation") == 8
    redis_cache.delete("page")
    assert redis_cache.get("page") is None
