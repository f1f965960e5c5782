"""Building model instances from database rows without running `__init__` (issue 15).

Django builds each row's instance with `cls(*values)`: `Model.__init__` then sets every column
one by one, through each foreign key's descriptor, and sends `pre_init` and `post_init`. For a
row read in full, and a model that no receiver watches, the result is the same as putting the
values straight into the instance's `__dict__`, which is what `DirectLoad.from_db` does, through
the hook Django documents for customising loading (`Model.from_db`). A topic page builds 20
posts, their topic and their board page a request: ~0.12 ms of its ~4 ms (bench/README.md).

Anything else goes Django's way: a row read with deferred columns (`only()`, `defer()`), and
any model with a `pre_init` or `post_init` receiver (an `ImageField` with dimension fields adds
one, as may a library), so those keep their behaviour.
"""

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class DirectLoad:
    """Mixin for a model (put before `models.Model` or the page class it extends)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        attnames = cls.__dict__.get("_direct_load_attnames")
        if attnames is None:  # per class (a subclass has columns of its own)
            attnames = tuple(field.attname for field in cls._meta.concrete_fields)
            cls._direct_load_attnames = attnames
        if len(values) != len(attnames) or pre_init.has_listeners(cls) or post_init.has_listeners(cls):
            return super().from_db(db, field_names, values)
        instance = cls.__new__(cls)
        instance.__dict__.update(zip(attnames, values, strict=True))
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        return instance
