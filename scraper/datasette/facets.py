"""A facet Datasette lacks: a date column by year."""

from __future__ import annotations

from typing import Any

from datasette.facets import Facet
from datasette.utils import path_with_added_args, path_with_removed_args


class YearFacet(Facet):
    """Facet a date column by year: ``{"year": "created_at"}`` in metadata or ``?_facet_year=``."""

    type = "year"

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        from datasette.database import QueryInterrupted
        from datasette.utils import escape_sqlite

        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            sql = (
                f"select substr({escape_sqlite(column)}, 1, 4) as value, count(*) as count from ({self.sql}) "
                f"where {escape_sqlite(column)} glob '[0-9][0-9][0-9][0-9]*' group by value order by value desc limit {size + 1}"
            )
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            arg = f"{column}__startswith"
            for row in rows.rows[:size]:
                selected = args.get(arg) == row["value"]
                toggle = (
                    path_with_removed_args(self.request, {arg: row["value"]})
                    if selected
                    else path_with_added_args(self.request, {arg: row["value"]})
                )
                values.append(
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, toggle),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {"_facet_year": column}),
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out
