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


def quote(name, using):
    return connections[using].ops.quote_name(name)


@functools.cache
def columns(model, alias, using):
    """`alias`.column for every concrete field of `model`, in field order (a model
    stored in one table: multi-table inheritance would need a join per parent)."""
    assert not model._meta.parents, model
    return ", ".join(
        f"{alias}.{quote(field.column, using)}" for field in model._meta.concrete_fields
    )


def width(model):
    """How many columns `columns(model, …)` selects."""
    return len(model._meta.concrete_fields)


@functools.cache
def _converters(model, using):
    connection = connections[using]
    found = []
    for field in model._meta.concrete_fields:
        column = field.get_col(model._meta.db_table)
        found.append(
            (
                column,
                connection.ops.get_db_converters(column) + column.get_db_converters(connection),
            )
        )
    return found


def instance(model, values, using):
    """The `model` instance of one row's `columns(model, …)` values, as the ORM builds it
    (None when the row's primary key is NULL: a LEFT JOIN that found nothing)."""
    connection = connections[using]
    converted = []
    for (column, converters), value in zip(_converters(model, using), values, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    pk_index = model._meta.concrete_fields.index(model._meta.pk)
    if converted[pk_index] is None:
        return None
    return model.from_db(using, [field.attname for field in model._meta.concrete_fields], converted)


def rows(sql, params, using):
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def placeholders(count):
    return ", ".join(["%s"] * count)
