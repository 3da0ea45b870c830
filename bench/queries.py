"""The SQL queries one request for each measured page makes, counted in-process with Django's
test client under the bench's own environment (``bench/run.py`` runs it after the timings, so
counting never slows what is timed). Prints ``{page: count}`` as JSON; a page that does not
answer 200 here gets ``null``.

    python bench/queries.py MANIFEST
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def count(manifest: dict, floor_path: str) -> dict[str, int | None]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from csssl.models import User

    clients = {None: Client()}
    for role, email in manifest["accounts"].items():
        clients[role] = Client()
        clients[role].force_login(User.objects.get(email=email))
    pages = [("floor", None, floor_path)]
    pages += [(name, who, path) for name, (who, path) in manifest["pages"].items()]
    counts: dict[str, int | None] = {}
    for name, who, path in pages:
        clients[who].get(path, secure=True)  # the first request of a session does more
        with CaptureQueriesContext(connection) as queries:
            response = clients[who].get(path, secure=True)
        counts[name] = len(queries.captured_queries) if response.status_code == 200 else None
    return counts


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csssl.settings")
    import django

    django.setup()
    manifest = json.loads(Path(sys.argv[1]).read_text())
    print(json.dumps(count(manifest, "/bench/floor")))


if __name__ == "__main__":
    main()
