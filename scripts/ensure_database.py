"""Create the PostgreSQL database named by a URL if it does not exist yet."""

import sys

import environ
import psycopg

config = environ.Env.db_url_config(sys.argv[1])
with psycopg.connect(
    host=config["HOST"],
    port=config["PORT"] or 5432,
    user=config["USER"],
    password=config["PASSWORD"] or None,
    dbname="postgres",
    autocommit=True,
) as conn:
    exists = conn.execute(
        "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
    ).fetchone()
    if not exists:
        conn.execute(f'CREATE DATABASE "{config["NAME"]}"')  # noqa: S608 (name from our own settings)
        print(f"created database {config['NAME']}")
