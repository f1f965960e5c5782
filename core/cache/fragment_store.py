"""Fragments kept under a key that names everything they show (board rows, post articles and
author lines: forums.board_fragments, forums.fragments), with a copy in the process.

Such an entry is never stale, only unused: any change a fragment would show gives it a new
key. So a process may keep what it read from or stored in the shared cache and serve it again
without asking Redis; only memory bounds the copies (`PAGE_CACHE_LOCAL_FRAGMENTS` entries, the
least recently used dropped first). A board or topic page whose fragments this process has
seen makes no round trip for them. On with the page cache's local tier
(`PAGE_CACHE_LOCAL_SECONDS` > 0); off, every read goes to the shared cache. What is never put
in the shared cache (a held or hidden post, a row of a topic that is not visible) is never
copied here either, and a copy is dropped after `COPY_SECONDS` even while in use, so that what
a member erased (their posts, their name) leaves every process's memory within that time.
"""

import hashlib
import marshal
import time

from django.conf import settings

from core.cache import pagecache

COPY_SECONDS = 60 * 60


def hashed_key(prefix, values):
    """A fragment's key: `prefix` and a hash of `values` (plain values: str, int, bool, None and
    tuples of them), serialised so that two different values never read the same (unlike
    pagecache.fragment_key's "|"-joined parts, where a name containing "|" could).

    The serialisation is `marshal` at format version 2, which has no back-references: equal
    values give equal bytes whatever objects hold them (version 3 and later mark objects seen
    twice, and interned strings, so equal values could give different keys). With the hash,
    a topic page's 42 keys take 0.06 ms where `repr` took 0.14 ms (issue 15). A value marshal
    does not take (a str subclass such as a choices enum, a date) makes the key from `repr`
    instead; the first byte keeps the two forms apart."""
    try:
        data = b"m" + marshal.dumps(values, 2)
    except ValueError:
        data = b"r" + repr(values).encode()
    return prefix + hashlib.sha256(data).hexdigest()


def _copies():
    local = pagecache.local
    return local.fragments if local.window() > 0 else None


def _keep(copies, mapping):
    if copies is None:
        return
    until = time.monotonic() + COPY_SECONDS
    for key, html in mapping.items():
        copies[key] = (until, html)
        copies.move_to_end(key)
    while len(copies) > settings.PAGE_CACHE_LOCAL_FRAGMENTS:
        copies.popitem(last=False)


def _copy_of(copies, key, now):
    """This process's copy of `key` (marked as just used), or None when absent or too old."""
    until, html = copies.get(key, (0, None))
    if html is None or now >= until:
        return None
    copies.move_to_end(key)
    return html


def get_many(cache, keys):
    """{key: fragment} for those of `keys` this process or the shared cache has."""
    copies = _copies()
    found = {}
    if copies is not None:
        now = time.monotonic()
        for key in keys:
            html = _copy_of(copies, key, now)
            if html is not None:
                found[key] = html
    rest = [key for key in keys if key not in found]
    if rest:
        fetched = cache.get_many(rest)
        _keep(copies, fetched)
        found.update(fetched)
    return found


def set_many(cache, mapping, timeout):
    cache.set_many(mapping, timeout)
    _keep(_copies(), mapping)


def local_once(key, render):
    """A fragment kept in this process only (cheaper to render than to fetch from the shared
    cache), under a key that names everything it shows: `render()` on a miss, or whenever the
    local tier is off."""
    copies = _copies()
    if copies is None:
        return render()
    html = _copy_of(copies, key, time.monotonic())
    if html is None:
        html = render()
        _keep(copies, {key: html})
    return html
