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

An id may also be a list of ids (a page's posts, a moderator's boards), matched with the `any`
lookup (`pk__any=ids`): on PostgreSQL one array parameter, `= ANY(%s)`, whatever the list's
length, where `__in` would write one placeholder per id and so a new SQL text per length. On
other databases (the SQLite of `make run`) a call with a list builds its query afresh. Or a
string (a session's key), compared as it is (`field=key`): its stand-in starts with a control
character, so no real value is taken for it, and one transformed on its way to the SQL (a
`__contains` pattern, an `__iexact`) is refused like any stand-in that is not a parameter.

`CompiledRows(build)` does the same for a `values_list()` queryset (keys to paginate, counts)
and returns its rows as tuples.
"""

import copy
import re
import threading
import weakref
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Expression, ForeignObject, IntegerField, Lookup
from django.db.models.query import ModelIterable, QuerySet, ValuesListIterable

# Stand-ins for ids while compiling: values near the top of a 32-bit integer (so that Django
# does not drop a lookup on an `AutoField` as out of range, as it does above 2**31 - 1), far
# above any id a table of this site reaches, and unlike any constant a query is built with.
STAND_IN_BASE = 2**31 - 2**16 + 7919


class AnyOf(Lookup):
    """`field__any=[ids]`: the column is one of the ids. PostgreSQL: `= ANY(%s)` with the list as
    one array parameter (the same SQL text for any number of ids, so CompiledQuery can keep
    it); elsewhere `IN (...)`."""

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = _int_ids(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, values)
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)


class Literal(Expression):
    """A fixed word of the code's own (a status, a reason: `[a-z_]+`) written into the SQL text
    instead of passed as a parameter. PostgreSQL plans a prepared statement once (its generic
    plan) only when that plan is estimated no worse than one made for the values: with
    `status = $1` it must guess how many rows any status matches, so a statement filtering on
    a rare status (the held posts) was planned again at every run. With `status = 'held'` its
    generic plan is the one it makes for the value. Never for a value that comes from a request."""

    def __init__(self, value, output_field=None):
        if not isinstance(value, str) or not _WORD.fullmatch(value):
            raise ValueError(f"Literal takes a lower-case word of the code, not {value!r}")
        super().__init__(output_field=output_field or CharField())
        self.value = str(value)

    def as_sql(self, compiler, connection):
        return f"'{self.value}'", []


_WORD = re.compile(r"[a-z_]+")


def _int_ids(values):
    """The ids of an `any` lookup: a list or tuple of ints, nothing else (not a string's digits,
    not a bool, not a float)."""
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"__any takes a list of int ids, not {values!r}")
    for value in values:
        if not _is_driver_int(value):
            raise TypeError(f"__any takes int ids, not {value!r}")
    return [int(value) for value in values]


def _is_driver_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


# Integer columns and foreign keys only (ids): a JSONField's `__any` stays a key lookup.
IntegerField.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # `board_id__any`: related fields keep lookups of their own


# Kinds of id: an int, a list of ints (`__any`), a string (a key).
INT, LIST, TEXT = "int", "list", "text"


def _stand_in(index, kind):
    if kind == LIST:
        return [STAND_IN_BASE + index]
    if kind == TEXT:  # a control character and the index: not a key, a name or any text a user sends
        return f"\x1bstand-in:{STAND_IN_BASE + index}"
    return STAND_IN_BASE + index


def _stand_ins(names):
    """{name: stand-in} for the ids `names` ((name, kind) pairs)."""
    return {name: _stand_in(index, kind) for index, (name, kind) in enumerate(names)}


def _slots(params, names):
    """[(position, name)]: where each id's stand-in landed among the parameters. Refuses a
    stand-in that did not come out as a parameter."""
    by_stand_in = {}  # an int's, a list's one int or a string's stand-in -> (name, kind)
    for index, (name, kind) in enumerate(names):
        stand_in = _stand_in(index, kind)
        by_stand_in[stand_in[0] if kind == LIST else stand_in] = (name, kind)
    slots = []
    for position, value in enumerate(params):
        # An int (or the driver's int of a given width: psycopg's Int4 for an IntegerField), a
        # string, or the one-element list an `any` lookup passes.
        scalar = value[0] if isinstance(value, list) and len(value) == 1 else value
        if not (isinstance(scalar, str) or _is_driver_int(scalar)) or scalar not in by_stand_in:
            continue
        name, kind = by_stand_in[scalar]
        if (kind == LIST) != isinstance(value, list):  # a list of ids must reach SQL as one array (`__any`)
            raise ValueError(f"{name} must be passed with an `__any` lookup, as one parameter")
        slots.append((position, name))
    missing = {name for name, _ in names} - {name for _, name in slots}
    if missing:
        raise ValueError(f"ids not passed to the SQL as parameters: {sorted(missing)}")
    return slots


def _params_for(params, slots, ids):
    params = list(params)
    for position, name in slots:
        value = ids[name]
        if isinstance(value, tuple):
            params[position] = list(value)
        elif isinstance(value, str):
            params[position] = value
        else:
            params[position] = type(params[position])(value)
    return tuple(params)


class _Plan:
    """What one compiled shape keeps: the compiler after `as_sql`, the SQL, and the parameters
    with the index of each id's stand-in."""

    def __init__(self, queryset, names, iterable=ModelIterable):
        if queryset._iterable_class is not iterable or queryset._prefetch_related_lookups:
            raise ValueError(f"this query needs a {iterable.__name__} queryset without prefetch_related")
        self.model = queryset.model
        self.using = queryset.db
        compiler = queryset.query.get_compiler(using=self.using)
        try:
            self.sql, params = compiler.as_sql()
        except EmptyResultSet:  # empty by its shape (a slice [n:n]), whatever the ids: no SQL
            self.sql = None
            return
        self.params = list(params)
        self.slots = _slots(self.params, names)
        self.compiler = compiler
        # The select list's converters (JSON decoding, enum choices, ...) per connection: Django
        # works them out again on every run (~130 lookups a signed-in topic page, 0.2 ms). They
        # depend only on the select list, which the plan fixes, and on the connection.
        self._converters = weakref.WeakKeyDictionary()  # connection -> its get_converters

    def compiler_for(self, ids):
        compiler = copy.copy(self.compiler)
        connection = compiler.connection = connections[self.using]  # this thread's connection
        sql, params = self.sql, _params_for(self.params, self.slots, ids)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        get_converters = self._converters.get(connection)
        if get_converters is None:
            get_converters = self._converters[connection] = _memoised(compiler.get_converters)
        compiler.get_converters = get_converters
        return compiler


def _memoised(work_out):
    """A compiler's `get_converters` that works each list of expressions out once. The lists
    are the plan's own select list (`results_iter`), kept alive by the plan, so their ids name them."""
    known = {}

    def get_converters(expressions):
        key = tuple(map(id, expressions))
        converters = known.get(key)
        if converters is None:
            converters = known[key] = work_out(expressions)
        return converters

    return get_converters


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
        plan = self.make_plan(shape, names)
        with self._lock:
            self._plans[key] = plan
            while len(self._plans) > self.max_shapes:
                self._plans.popitem(last=False)
        return plan

    def make_plan(self, shape, names):
        return _Plan(self.build(shape, **_stand_ins(names)), names)

    def __call__(self, shape, **ids):
        ids, names = _checked(ids)
        if any(kind == LIST for _, kind in names) and connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            return list(self.build(shape, **ids))  # `IN (...)`: a new SQL text per length
        plan = self.plan(shape, names)
        return [] if plan.sql is None else self.run(plan, ids)

    def run(self, plan, ids):
        queryset = QuerySet(model=plan.model, query=_PlannedQuery(plan.compiler_for(ids)))
        queryset._db = plan.using
        return list(queryset)


def _checked(ids):
    """(ids with lists as tuples, ((name, kind), ...) sorted): ints, lists of ints and strings only."""
    checked, names = {}, []
    for name, value in ids.items():
        if isinstance(value, (list, tuple)):
            checked[name], kind = tuple(_int_ids(value)), LIST
        elif type(value) is int:
            checked[name], kind = value, INT
        elif type(value) is str:
            checked[name], kind = value, TEXT
        else:
            raise TypeError(f"{name} must be an int id, a list of them or a string, not {value!r}")
        names.append((name, kind))
    return checked, tuple(sorted(names))


class CompiledRows(CompiledQuery):
    """`build(shape, **ids)` -> a `values_list()` QuerySet (tuples, not flat) whose ids are only
    query values; calling this with a shape and the ids runs it and returns its rows as tuples.
    An aggregate over a whole queryset is written as one (`.annotate(one=Value(1)).values("one")
    .annotate(...)`: no GROUP BY, one row)."""

    def make_plan(self, shape, names):
        return _Plan(self.build(shape, **_stand_ins(names)), names, iterable=ValuesListIterable)

    def run(self, plan, ids):
        return list(plan.compiler_for(ids).results_iter(tuple_expected=True))
