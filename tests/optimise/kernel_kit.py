"""Instances and starts shared by the tests of the compiled kernel and its Python twins."""

from __future__ import annotations

from pathlib import Path

from scheduler.generate.synthetic import GeneratorSpec, generate, write_instance
from scheduler.io import load_instance
from scheduler.models.instance import Instance
from scheduler.optimise.greedy import greedy_builder
from scheduler.optimise.options import OptionCatalogue, rosterable
from scheduler.optimise.roster_state import RosterBuilder

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo"


def generated_instance(folder: Path) -> Instance:
    """Requests, prior shifts and runs, two queues: the rules the compiled code checks."""
    write_instance(folder, generate(GeneratorSpec(agents=30, seed=3)))
    return load_instance(folder)


def greedy_start(instance: Instance) -> RosterBuilder:
    catalogue = OptionCatalogue(instance)
    return greedy_builder(catalogue, [a for a in instance.agents if rosterable(a)])
