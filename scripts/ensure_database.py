"""Create the PostgreSQL database named by a URL if it does not exist yet;
with --fresh, drop it first, so that nothing left on a machine is reused."""

import sys

import environ
import psycopg

url, *flags = sys.argv[1:]
config = environ.Env.db_url_config(url)
name = config["NAME"]
with psycopg.connect(
    host=config["HOST"],
    port=config["PORT"] or 5432,
    user=config["USER"],
    password=config["PASSWORD"] or None,
    dbname="postgres",
    autocommit=True,
) as conn:
    if "--fresh" in flags:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # noqa: S608 (our own settings)
        print(f"dropped database {name} (if it existed)")
    exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not exists:
        conn.execute(f'CREATE DATABASE "{name}"')  # noqa: S608 (name from our own settings)
        print(f"created database {name}")
