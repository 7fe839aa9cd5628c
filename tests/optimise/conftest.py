"""Instances shared by the tests of the compiled kernel and its Python twins (a module's own
fixture of the same name takes precedence)."""

from __future__ import annotations

import pytest

from scheduler.io import load_instance
from scheduler.models.instance import Instance
from tests.optimise.kernel_kit import DEMO, generated_instance


@pytest.fixture(scope="session")
def demo() -> Instance:
    return load_instance(DEMO)


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Instance:
    """Requests, prior shifts and runs, two queues: the rules the compiled code checks."""
    return generated_instance(tmp_path_factory.mktemp("generated"))
