"""Django's Redis cache, with one Redis client per server instead of one per call.

Django's client builds a new ``redis.Redis`` for every cache operation, and
redis-py's constructor is costly (it sets up its table of response
callbacks). A served page makes a few cache calls, a page from the page
cache two; reusing the client halves what such a hit costs. ``redis.Redis``
is safe to share between threads: it takes a connection from its pool for
each command.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
