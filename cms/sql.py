"""The few queries every public page runs, as SQL written once per process.

With the fragment cache off (issue 20, target 1), Django built and compiled the same few
queries afresh on every request: the sites and the page's path (routing), the
municipality settings with the logo, the photos with their renditions. Building and
compiling them cost more CPU than running them (a quarter to a third of a press
release's time, by sampling). Their text is made here once per process from the models'
metadata (table and column names only, quoted by the backend; every value is a
parameter), and rows become model instances through the same converters Django's own
queries apply (SQLite's dates, booleans and UUIDs), so the objects are the ones the ORM
would have built.
"""

import functools

from django.db import connections

from .kept import Kept


def quoter(using):
    """The backend's quoting of table and column names: `q = sql.quoter(using)`."""
    return connections[using].ops.quote_name


@functools.cache
def columns(model, alias, using):
    """`alias`.column for every concrete field of `model`, in field order (a model
    stored in one table: multi-table inheritance would need a join per parent)."""
    assert not model._meta.parents, model
    return ", ".join(
        f"{alias}.{quoter(using)(field.column)}" for field in model._meta.concrete_fields
    )


def width(model):
    """How many columns `columns(model, …)` selects."""
    return len(model._meta.concrete_fields)


@functools.cache
def _converters(field, using):
    connection = connections[using]
    column = field.get_col(field.model._meta.db_table)
    return column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)


def converters(field, using):
    """(the column's expression, its converters) for `field`, or None when it has none:
    what `convert` applies, for code that converts many rows."""
    column, functions = _converters(field, using)
    return (column, functions) if functions else None


def convert(field, value, using):
    """A column's value as the ORM gives it (SQLite's dates and booleans, JSON, a
    StreamField's blocks)."""
    column, converters = _converters(field, using)
    for converter in converters:
        value = converter(value, column, connections[using])
    return value


@functools.cache
def _reader(model, using):
    """What `instance` needs of `model`, worked out once: the columns that have converters
    (most have none on PostgreSQL), the primary key's place, the attribute names."""
    fields = model._meta.concrete_fields
    converting = []
    for number, field in enumerate(fields):
        column, converters = _converters(field, using)
        if converters:
            converting.append((number, column, converters))
    return tuple(converting), fields.index(model._meta.pk), [f.attname for f in fields]


def instance(model, values, using):
    """The `model` instance of one row's `columns(model, …)` values, as the ORM builds it
    (None when the row's primary key is NULL: a LEFT JOIN that found nothing)."""
    converting, pk, attnames = _reader(model, using)
    if len(values) != len(attnames):
        raise ValueError(f"{model.__name__}: {len(values)} values for {len(attnames)} columns")
    values = list(values)
    connection = connections[using]
    for number, column, converters in converting:
        value = values[number]
        for converter in converters:
            value = converter(value, column, connection)
        values[number] = value
    if values[pk] is None:
        return None
    return model.from_db(using, attnames, values)


def rows(sql, params, using):
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(count):
    return ", ".join(["%s"] * count)


@functools.lru_cache(maxsize=64)  # one per model, database and number of ids
def _in_bulk_sql(model, using, count):
    q = quoter(using)
    return (
        f"SELECT {columns(model, 't', using)} FROM {q(model._meta.db_table)} t"  # noqa: S608 - names from the models
        f" WHERE t.{q(model._meta.pk.column)} IN ({placeholders(count)})"
    )


def in_bulk(model, ids, using=None):
    """`model.objects.in_bulk(ids)` for a model stored in one table (Page itself, not a
    page type)."""
    ids = sorted(set(ids) - {None})
    if not ids:
        return {}
    using = using or model.objects.db
    found = (
        instance(model, row, using)
        for row in rows(_in_bulk_sql(model, using, len(ids)), ids, using)
    )
    return {obj.pk: obj for obj in found}


@functools.cache
def _specific_sql(model, using):
    """`model`'s row by primary key, its parents' tables joined (multi-table inheritance,
    as Wagtail's page types have it), or None for a model with several parents."""
    q = quoter(using)
    select = ", ".join(
        f"{q(field.model._meta.db_table)}.{q(field.column)}"
        for field in model._meta.concrete_fields
    )
    joins, current = [], model
    while current._meta.parents:
        if len(current._meta.parents) > 1:
            return None
        ((parent, link),) = current._meta.parents.items()
        child_table, parent_table = q(current._meta.db_table), q(parent._meta.db_table)
        joins.append(
            f" INNER JOIN {parent_table} ON {child_table}.{q(link.column)}"
            f" = {parent_table}.{q(parent._meta.pk.column)}"
        )
        current = parent
    table = q(model._meta.db_table)
    return (
        f"SELECT {select} FROM {table}{''.join(joins)}"  # noqa: S608 - names from the models
        f" WHERE {table}.{q(model._meta.pk.column)} = %s"
    )


def specific(page):
    """`page.specific` (Wagtail's `get_specific()`: the page as its own type, read from
    the database, with the attributes set on `page` copied over), by SQL made once per
    page type; Wagtail's own where that SQL cannot say it."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page.specific
    using = page._state.db or type(page).objects.db
    query = _specific_sql(model, using)
    if query is None:
        return page.specific
    found = rows(query, [page.pk], using)
    if not found:
        return page.specific  # gone meanwhile: Wagtail raises DoesNotExist
    specific_page = instance(model, found[0], using)
    for name, value in page.__dict__.items():
        specific_page.__dict__.setdefault(name, value)
    page.__dict__["specific"] = specific_page  # what the cached property would keep
    return specific_page


# Compiled statements kept per process, by everything they are made from; emptied when
# full (a site has some dozens of listings and sections, each per language and day).
COMPILED_MAX = 2_000
_compiled = Kept("sql.compiled", COMPILED_MAX)


def compiled(key, build, using):
    """The (SQL, parameters) `build()` returns (`statement` of a queryset it makes), made
    once per process for each `key`. The key must name every input `build` reads (the
    page type, section, language, private sections, and the date or minute a page type's
    filter reads: `cms.listing.public_inputs`): the statement is then the one compiling
    anew would give, without Django building and compiling it again on every request."""
    return _compiled.get((key, using), build)


def statement(queryset, using):
    """The (SQL, parameters) Django runs for `queryset` on `using`."""
    sql, params = queryset.query.get_compiler(using=using).as_sql()
    return sql, tuple(params)


def query(queryset, using):
    """(SQL, parameters, model, fields) of a queryset of model instances: its statement
    and the field each column holds, which `objects` builds the instances from without
    Django compiling the queryset again. Plain querysets only (deferred fields allowed;
    no select_related, annotations or extra columns)."""
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    info = compiler.klass_info
    if info is None or info.get("related_klass_infos") or compiler.annotation_col_map:
        raise ValueError("sql.query takes a plain queryset of model instances")
    fields = tuple(compiler.select[number][0].target for number in info["select_fields"])
    if len(fields) != len(compiler.select):
        raise ValueError("sql.query takes a queryset that selects its model's columns only")
    return sql, tuple(params), queryset.model, fields


def objects(kept, using):
    """The instances of a statement `query` made, as Django's own iteration builds them
    (each column through its field's converters; deferred fields left deferred)."""
    sql, params, model, fields = kept
    attnames = [field.attname for field in fields]
    converting = [(n, f) for n, f in enumerate(fields) if _converters(f, using)[1]]
    found = []
    for row in rows(sql, params, using):
        values = list(row)
        for number, field in converting:
            values[number] = convert(field, values[number], using)
        found.append(model.from_db(using, attnames, values))
    return found
