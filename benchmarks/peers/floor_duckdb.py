"""Floor: the least work a score run must do - read the file and group the lines by customer.

A bare DuckDB group-by (lines and amount per customer) into a table, in its own process, with
nothing written out: no order keys, no scores, no output file. No score run can be faster on this
machine than this; it shows how far a run is from the cost of the reading itself.

    python benchmarks/peers/floor_duckdb.py INPUT.parquet|INPUT.csv
"""
import sys

import duckdb


def main(argv=None) -> int:
    path = (argv or sys.argv[1:])[0]
    reader = "read_parquet" if path.lower().endswith(".parquet") else "read_csv"
    con = duckdb.connect()
    con.execute(f"CREATE TABLE per_customer AS SELECT customer_id, count(*) AS lines, sum(amount) AS amount "
                f"FROM {reader}(?) GROUP BY customer_id", [path])
    n = con.execute("SELECT count(*) FROM per_customer").fetchone()[0]
    print(f"{n} customers grouped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
