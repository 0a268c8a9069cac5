"""PostgreSQL connections with statements bound and prepared by the server
(`DATABASE_PREPARED_STATEMENTS`, cms/settings/environment.py), the statements planned
for their values each time, and the one statement the server cannot take bound.

A prepared statement is planned once for any values (PostgreSQL's generic plan) once
that plan looks no dearer than planning anew. For statements whose best plan depends
on the values (the site search's words, the photo archive's search and facets) the
generic plan cannot use what the values say and scans far more at scale
(bench/scale.py: the site search 88 → 168 ms). Code running such statements does so
inside `planned_per_value()`: they are then not prepared, and PostgreSQL plans each for
its values, as without prepared statements. A section's pages by the prefix of their
tree path were such statements (`path LIKE $1`); the section's path is now written
into them instead (`cms.listing.below`), and their generic plans are good.

The protocol counts a statement's parameters in 16 bits: one with more than 65,535 (a
bulk insert of the search index, a `bulk_create` of a large import, an `IN` of that many
ids) is refused, where Django's default client-side binding sends it. Such a statement
is bound client-side here, as before, and not prepared.
"""

import contextlib
import contextvars

import psycopg
from django.db.backends.postgresql.base import ServerBindingCursor

MAX_BOUND_PARAMETERS = 65_535
_per_value = contextvars.ContextVar("kalem_planned_per_value", default=False)


@contextlib.contextmanager
def planned_per_value():
    """Statements run inside are planned for their values each time (not prepared)."""
    token = _per_value.set(True)
    try:
        yield
    finally:
        _per_value.reset(token)


class ServerOrClientBindingCursor(ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        if params is not None and len(params) > MAX_BOUND_PARAMETERS:
            query = psycopg.ClientCursor(self.connection).mogrify(query, params)
            params, prepare = None, False
        elif prepare is None and _per_value.get():
            prepare = False
        return super().execute(query, params, prepare=prepare, binary=binary)


def use_server_or_client_binding(sender, connection, **kwargs):
    """`connection_created`: cursors of a server-binding connection bind oversized
    statements client-side."""
    if (
        connection.vendor == "postgresql"
        and connection.features.uses_server_side_binding
        and connection.connection is not None
    ):
        connection.connection.cursor_factory = ServerOrClientBindingCursor
