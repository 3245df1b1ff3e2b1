"""A paginator that never counts a big table in full.

Unfiltered, the row count is Postgres's own estimate (`pg_class.reltuples`, kept by autovacuum).
Filtered, rows are counted up to a cap and within a time budget; past either, the planner's
estimate is shown as "about N". Pages are still fetched with LIMIT/OFFSET, so every row shown is
real; only the total (and so the last page number) is approximate.
"""

from django.core.paginator import Paginator
from django.db import DatabaseError, connections, transaction
from django.utils.functional import cached_property


def table_estimate(model, using: str = "default") -> int:
    """Postgres's estimate of the rows in `model`'s table; -1 when it has never been analysed."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else -1


def planner_estimate(queryset) -> int:
    """The planner's row estimate for a queryset, without running it."""
    sql, params = queryset.order_by().query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def count_within(queryset, limit: int, budget_ms: int) -> int | None:
    """COUNT(*) of at most `limit` rows, or None if it takes longer than `budget_ms`."""
    connection = connections[queryset.db]
    try:
        with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'),"
                " set_config('statement_timeout', %s, true)",
                [str(budget_ms)],
            )
            previous = cursor.fetchone()[0]
            count = queryset.order_by()[:limit].count()
            # A setting made in a savepoint outlives it once released: put the old one back.
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
            return count
    except DatabaseError:  # the timeout: rolling back to the savepoint restores the setting
        return None


class EstimatedCountPaginator(Paginator):
    # Up to this many matching rows are counted exactly; past it the count is estimated.
    exact_limit = 10_000
    # A filtered count (over columns without an index, say) gets this long before the
    # planner's estimate is used instead.
    budget_ms = 60

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.estimated = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return len(queryset)
        query = queryset.query
        unfiltered = not query.where and not query.distinct and not query.combinator
        if unfiltered:
            estimate = table_estimate(queryset.model, queryset.db)
            if estimate > self.exact_limit:
                self.estimated = True
                return estimate
            return queryset.count()
        capped = count_within(queryset, self.exact_limit + 1, self.budget_ms)
        if capped is not None and capped <= self.exact_limit:
            return capped
        self.estimated = True
        return max(capped or 0, planner_estimate(queryset))
