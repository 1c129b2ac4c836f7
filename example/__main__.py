"""``python -m example``: serve the community API under uvicorn.

The API uses the MongoDB at ``MONGODB_URI``; when it is not set, an embedded server is started for the
run (in memory) and its URI handed to uvicorn's workers through the environment. An empty database
gets the demo data. Ctrl-C (or SIGTERM) stops uvicorn, then the embedded server.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from mongodb_rest.connection import redact


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Start the database when needed, load the demo data, serve until interrupted; return 0."""
    parser = argparse.ArgumentParser(prog="python -m example", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "8000")), help="default: $PORT or 8000"
    )
    parser.add_argument("--workers", type=int, default=None, help="uvicorn worker processes (default: 1)")
    parser.add_argument("--no-demo", action="store_true", help="leave an empty database empty")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, _interrupt)  # stop as on Ctrl-C, through the `finally` below
    server = None
    try:
        if not os.environ.get("MONGODB_URI"):
            from mongodb_rest.embedded import start

            server = start()
            os.environ["MONGODB_URI"] = server.uri  # inherited by uvicorn's worker processes
        where = " (embedded, in memory)" if server is not None else ""
        print(f"MongoDB: {redact(os.environ['MONGODB_URI'])}{where}", flush=True)

        import django
        import uvicorn

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example.settings")
        django.setup()
        if not args.no_demo:
            from .demo import load

            if load():
                print("Loaded the demo data.", flush=True)
        print(f"Community API: http://{args.host}:{args.port}/api/  (Ctrl-C stops)", flush=True)
        uvicorn.run(
            "example.asgi:application", host=args.host, port=args.port, workers=args.workers, lifespan="off"
        )
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
