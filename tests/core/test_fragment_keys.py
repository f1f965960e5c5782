"""core.cache.fragment_store.hashed_key: equal values give one key whatever objects hold them,
different values never share one."""

import datetime as dt
import sys

from core.cache.fragment_store import hashed_key
from forums.choices import Status


def test_equal_values_give_one_key_whatever_objects_hold_them():
    built = "".join(["vis", "ible"])
    assert built is not sys.intern("visible")  # two objects, one value
    assert hashed_key("p:", ("visible", 1)) == hashed_key("p:", (built, 1))
    interned = sys.intern("".join(["é" * 2, "é" * 300]))
    assert hashed_key("p:", (interned,)) == hashed_key("p:", ("é" * 302,))
    shared = ("a", "b")
    assert hashed_key("p:", (shared, shared)) == hashed_key("p:", (("a", "b"), ("a", "b")))


def test_different_values_give_different_keys():
    values = [
        (1,),
        (True,),
        ("1",),
        (None,),
        ("",),
        ("a", "b"),
        ("ab",),
        ("a|b",),
        (("a", "b"),),
        (["a", "b"],),
        (2**70,),
        (0,),
        (False,),
    ]
    keys = [hashed_key("p:", value) for value in values]
    assert len(set(keys)) == len(values)


def test_prefix_and_shape():
    key = hashed_key("post:", ("x",))
    assert key.startswith("post:") and len(key) == len("post:") + 64
    assert hashed_key("post:", ("x",)) != hashed_key("head:", ("x",))


def test_values_marshal_does_not_take_still_make_a_key():
    when = dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC)
    key = hashed_key("p:", (Status.VISIBLE, when))
    assert key == hashed_key("p:", (Status.VISIBLE, when))
    assert key != hashed_key("p:", (Status.HIDDEN, when))
    assert key != hashed_key("p:", ("visible", when.isoformat()))
