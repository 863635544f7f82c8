"""A Redis cache that keeps the pages serving while Redis is down.

Django's RedisCache raises as soon as Redis does not answer, and every page
that reads a throttle or a cached value would answer 500. Here a read finds
nothing and a write is dropped (logged): throttles count nothing while Redis is
away, pages serve, and ``/healthz`` reports the cache as failing. Logins are
limited by the database (core.services.login_is_throttled), not by this.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _unavailable(operation: str) -> None:
    logger.warning("Redis cache unavailable during %s: serving without it", operation)


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE:
            _unavailable("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE:
            _unavailable("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE:
            _unavailable("has_key")
            return False

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNAVAILABLE:
            _unavailable("set")

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE:
            _unavailable("set_many")
            return list(data)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE:
            _unavailable("add")
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE:
            _unavailable("incr")
            return delta

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE:
            _unavailable("touch")
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE:
            _unavailable("delete")
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNAVAILABLE:
            _unavailable("delete_many")
