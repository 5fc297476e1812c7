"""``field__among=subquery``: a key that is one of a short subquery's (one with a LIMIT), for reader queries."""

from django.db.models import Field, ForeignObject, Lookup
from django.db.models.fields.related_lookups import RelatedLookupMixin
from django.db.models.sql.query import Query


@Field.register_lookup
class Among(Lookup):
    """``field IN (subquery)`` where the subquery gives a short list: PostgreSQL gets ``field = ANY(ARRAY(…))``,
    which it runs first, once, then looks each key up by index. Given ``IN``, it often hash-joins the short list
    against every readable article instead. Other databases get ``IN``."""

    lookup_name = "among"
    prepare_rhs = False

    def sides(self, compiler, connection) -> tuple[str, str, tuple]:
        if not isinstance(self.rhs, Query):
            raise TypeError("__among takes a subquery (a QuerySet's values), not a list")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)  # "(SELECT …)"
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self.sides(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self.sides(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params


@ForeignObject.register_lookup
class RelatedAmong(RelatedLookupMixin, Among):
    """``among`` on a foreign key (``article__among=…``)."""
