"""Running calls at once: gathered on the event loop (async face), in threads (sync face)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_IS_SYNC = False


async def together(calls: list[Callable[[], Any]]) -> list[Any]:
    """The result, or the exception raised, of each call, all run concurrently."""
    if _IS_SYNC:
        with ThreadPoolExecutor(len(calls)) as pool:
            futures = [pool.submit(call) for call in calls]
        return [future.exception() or future.result() for future in futures]
    return list(await asyncio.gather(*(call() for call in calls), return_exceptions=True))
