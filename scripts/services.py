"""Print shell exports pointing the tests at the local PostgreSQL and Redis when they answer.

`make test` evaluates the output; variables already set in the environment win, so CI (and
anyone with their own services) decides for themselves. Services that do not answer are left
out, and the tests that need them say so when they are skipped.
"""

import os
import socket

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/csssl"
REDIS_URL = "redis://127.0.0.1:6379/0"


def postgres_answers() -> bool:
    try:
        import psycopg2
    except ImportError:
        return False
    try:
        psycopg2.connect(
            host="127.0.0.1", port=5432, user="postgres", dbname="postgres", connect_timeout=2
        ).close()
        return True
    except psycopg2.Error:
        return False


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), 2) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        if postgres_answers():
            print(f"export DATABASE_URL={POSTGRES_URL}")
        else:
            print("echo 'PostgreSQL does not answer on 127.0.0.1:5432: the tests use SQLite.'")
    if "CELERY_BROKER_URL" not in os.environ:
        if redis_answers():
            print(f"export CELERY_BROKER_URL={REDIS_URL}")
        else:
            print("echo 'Redis does not answer on 127.0.0.1:6379: tests that need it are skipped.'")


if __name__ == "__main__":
    main()
