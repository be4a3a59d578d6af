"""How much the warehouse holds, for the main job's closing lines."""

from __future__ import annotations

import duckdb


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of the indicator catalog, releases, observations, targets and quarantine."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM indicators) AS indicators,
                  (SELECT count(*) FROM releases) AS releases,
                  (SELECT count(*) FROM observations) AS observations,
                  (SELECT count(*) FROM targets) AS targets,
                  (SELECT count(*) FROM quarantine) AS quarantined"""
    ).pl().row(0, named=True)
    return {name: int(value) for name, value in row.items()}
