"""An embedded server filled before it serves: ``python -m benchmarks.seeded_server DB COLLECTION N``.

Over the wire the embedded server inserts one document at a time and checks each new ``_id`` against
the whole collection, so loading 100,000 documents that way takes hours. Here the engine takes them in
batches directly, then the server serves them over the wire like any other. It prints its URI on one
line and stops when its standard input closes.
"""

from __future__ import annotations

import asyncio
import sys

from bson import ObjectId

from .data import people

BATCH = 5000


async def serve(db: str, collection: str, count: int) -> None:
    from mongoeco.engines.memory import MemoryEngine
    from mongoeco.wire import AsyncMongoEcoProxyServer

    from mongodb_rest.embedded import DIALECT, HOST

    engine = MemoryEngine()
    server = AsyncMongoEcoProxyServer(engine=engine, host=HOST, port=0, mongodb_dialect=DIALECT)
    address = await server.start()
    for start in range(0, count, BATCH):
        batch = people(min(BATCH, count - start), start)
        for document in batch:
            document["_id"] = ObjectId()
        await engine.insert_documents(db, collection, batch)
    print(address.uri, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await server.close()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2], int(sys.argv[3])))
