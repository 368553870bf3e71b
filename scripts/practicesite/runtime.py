"""How our processes start and end: the `practicesite` program, the MkDocs processes of a build
(parallel.py) and the benchmark's stand-ins for them."""

from __future__ import annotations

import gc
import logging
import os
import sys
from typing import NoReturn


def tune_gc() -> None:
    """Collect cyclic garbage less often, as mypy does: a build keeps tens of thousands of objects
    per practice alive to its end, and each full collection walks all of them again (a tenth of a
    second in the main process at 1,000 practices, more in the MkDocs processes)."""
    gc.set_threshold(200_000, 30, 30)


def fast_exit(code: int | str | None) -> NoReturn:
    """End the process without freeing its objects one by one, as mypy does: after a build of
    thousands of practices that took 0.2 s at 1,000 practices and 1 s at 5,000, and the system
    takes the memory back at once. Every command has finished by then (its files closed, its
    processes and pools ended); what is left is flushed here: logging, standard output and error."""
    if isinstance(code, str):  # sys.exit("message"): the message, and exit code 1
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or stream: nothing more to say
            pass
    os._exit(code or 0)
