"""Running executable blocks: in worker processes (runner.py, worker.py), cached (cache.py)."""

from notesite.execution.cache import ExecutionCache, environment_fingerprint
from notesite.execution.runner import BlockFailure, BlockResult, Executor, RunStats, run_page
from notesite.execution.worker import Limits

__all__ = [
    "BlockFailure",
    "BlockResult",
    "ExecutionCache",
    "Executor",
    "Limits",
    "RunStats",
    "environment_fingerprint",
    "run_page",
]
