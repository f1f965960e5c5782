"""ORM queries built and compiled to SQL once per shape, then run with each request's ids.

The profiles of the signed-in topic and board pages (issue 15) spent more time in the ORM
building and compiling their three queries (the topic with its tool and reader state, the page
of posts with their authors, counts and the reader's reactions, the board's page of topics)
than PostgreSQL spent running them: ~12 ms of ~14 ms for the topic's query. Their SQL only
changes with a few things (is the reader a member, a moderator; the page's offset; the reaction
labels): the *shape*. The ids in them (topic, board, reader) are query parameters.

`CompiledQuery(build)` calls `build(shape, **ids)` once per shape with stand-in ids, compiles
the queryset with Django's own compiler, and remembers the SQL, where each stand-in landed
among the parameters, and the compiler (its select list, related-object and annotation maps).
Each later call copies that compiler with the real ids put in place of the stand-ins and lets
Django's `ModelIterable` build the instances, so rows come back exactly as the queryset would
give them (select_related objects, annotations, converters). Nothing but SQL text is reused:
every call runs the query, so an edit, a hide, an approval or a lock shows at once.

A stand-in that does not come out as a parameter (a value the build used in the query's shape
instead, or did not use at all) is refused at the first call, so a reader's id can never be
frozen into SQL another reader runs.
"""

import copy
import threading
from collections import OrderedDict

from django.db import connections
from django.db.models.query import ModelIterable, QuerySet

# Stand-ins for ids while compiling: values near the top of a 32-bit integer (so that Django
# does not drop a lookup on an `AutoField` as out of range, as it does above 2**31 - 1), far
# above any id a table of this site reaches, and unlike any constant a query is built with.
STAND_IN_BASE = 2**31 - 2**16 + 7919


class _Plan:
    """What one compiled shape keeps: the compiler after `as_sql`, the SQL, and the parameters
    with the index of each id's stand-in."""

    def __init__(self, queryset, names):
        if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:
            raise ValueError("CompiledQuery builds model querysets without prefetch_related")
        self.model = queryset.model
        self.using = queryset.db
        compiler = queryset.query.get_compiler(using=self.using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        stand_ins = {STAND_IN_BASE + index: name for index, name in enumerate(names)}
        self.slots = [
            (position, stand_ins[value])
            for position, value in enumerate(self.params)
            if _is_stand_in(value, stand_ins)
        ]
        missing = set(names) - {name for _, name in self.slots}
        if missing:
            raise ValueError(f"ids not passed to the SQL as parameters: {sorted(missing)}")
        self.compiler = compiler

    def compiler_for(self, ids):
        params = list(self.params)
        for position, name in self.slots:
            params[position] = type(self.params[position])(ids[name])  # the stand-in's int type
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[self.using]  # this thread's connection
        sql, params = self.sql, tuple(params)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


def _is_stand_in(value, stand_ins):
    # An int, or the driver's int of a given width (psycopg's Int4 for an IntegerField).
    return isinstance(value, int) and not isinstance(value, bool) and value in stand_ins


class _PlannedQuery:
    """The part of `Query` that `ModelIterable` uses: a compiler, here the plan's copy."""

    def __init__(self, compiler):
        self.compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self.compiler


class CompiledQuery:
    """`build(shape, **ids)` -> a model QuerySet whose ids (ints) are only query values; calling
    this with a shape (hashable) and the ids runs it and returns its rows as a list."""

    def __init__(self, build, *, max_shapes=64):
        self.build = build
        self.max_shapes = max_shapes  # page offsets are part of a listing's shape: keep the recent ones
        self._plans = OrderedDict()
        self._lock = threading.Lock()

    def plan(self, shape, names):
        key = (shape, names)
        with self._lock:  # threaded servers: the map is shared by the process's threads
            plan = self._plans.get(key)
            if plan is not None:
                self._plans.move_to_end(key)
                return plan
        stand_ins = {name: STAND_IN_BASE + index for index, name in enumerate(names)}
        plan = _Plan(self.build(shape, **stand_ins), names)
        with self._lock:
            self._plans[key] = plan
            while len(self._plans) > self.max_shapes:
                self._plans.popitem(last=False)
        return plan

    def __call__(self, shape, **ids):
        for name, value in ids.items():
            if type(value) is not int:
                raise TypeError(f"{name} must be an int id, not {value!r}")
        plan = self.plan(shape, tuple(sorted(ids)))
        queryset = QuerySet(model=plan.model, query=_PlannedQuery(plan.compiler_for(ids)))
        queryset._db = plan.using
        return list(queryset)
