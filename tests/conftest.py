"""Shared fixtures and markers for the narratives test suite.

Tests that need the project's shared data folder (``../shared`` beside the
repository) carry the ``shared`` marker and are skipped when it is absent,
so the suite runs anywhere. Shared data is read in place, never copied.
Property tests (hypothesis) run without a per-example deadline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Timings belong in benchmarks/, not in unit tests: no per-example deadline (on a busy CI machine
# hypothesis' default 200 ms made property tests fail for being slow, not wrong).
settings.register_profile("narratives", deadline=None)
settings.load_profile("narratives")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
POLNEAR_DEV = SHARED / "polnear" / "dev"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every ``@pytest.mark.shared`` test when ../shared is not there."""
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs the shared data folder {SHARED} (absent)")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"needs the shared data folder {SHARED} (absent)")
    return SHARED


@pytest.fixture(scope="session")
def polnear_dev(shared: Path) -> Path:
    """PolNeAR's dev split (text/ + tokens/); skips when it is absent."""
    if not (POLNEAR_DEV / "text").is_dir():
        pytest.skip(f"needs {POLNEAR_DEV} (absent)")
    return POLNEAR_DEV
