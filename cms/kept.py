"""Values kept per process under every input they are made from (issue 20, target 1):
the statements of cms.sql.compiled, the pages' addresses of cms.page_urls.

A key that left out an input would hand one request another's value, so with
`KALEM_VERIFY_COMPILED` (on in the tests) every kept value is made again on each use and
a difference fails whichever test meets it.
"""

from django.conf import settings

_MISSING = object()


class Kept:
    def __init__(self, name, most):
        self.name, self.most, self._values = name, most, {}

    def get(self, key, make):
        """The value `make()` gives, made once per process for `key` (emptied when it
        holds `most` values)."""
        found = self._values.get(key, _MISSING)
        if found is _MISSING:
            if len(self._values) >= self.most:
                self._values.clear()
            found = self._values[key] = make()
        elif settings.KALEM_VERIFY_COMPILED and found != make():
            raise AssertionError(f"{self.name}: the key {key!r} leaves out an input")
        return found

    def clear(self):
        self._values.clear()
