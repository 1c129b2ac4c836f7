"""The DRF list endpoints under uvicorn: ``python -m benchmarks.serve URI DB MODULE...``.

Each module of benchmarks/libs serves its list of the 100 members, as in the DRF scenario (the same
views and settings), in one ASGI application on the loopback interface. Prints one JSON line (each
library's list URL, and why a library is missing), then serves until stopped.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys

from .data import Context, Counts
from .harness import DRF_SCENARIO
from .libs import load


def main(uri: str, db: str, modules: list[str]) -> None:
    import uvicorn
    from django.core.asgi import get_asgi_application

    from . import web

    web.configure()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    context = Context(uri, db, loop, Counts())
    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY only on sockets that say so, and without it
    # every response waits for the client's delayed acknowledgement (about 40 ms)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    urls, skipped = {}, {}
    for name in modules:
        module = load(name)
        library = module.LIBRARIES[DRF_SCENARIO]
        try:
            module.drf(context)
        except ImportError as error:
            skipped[library] = f"not installed ({error.name})"
            continue
        urls[library] = f"http://{host}:{port}{web.list_path(module.PREFIX)}"
    config = uvicorn.Config(
        get_asgi_application(), loop="asyncio", http="h11", lifespan="off", log_level="warning"
    )
    print(json.dumps({"urls": urls, "skipped": skipped}), flush=True)
    loop.run_until_complete(uvicorn.Server(config).serve(sockets=[sock]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
