"""The planning pipeline around the optimiser: demand preparation and the run summary."""

from scheduler.planning.requirements import prepare_instance, requirements_frame
from scheduler.planning.summary import summarise

__all__ = ["prepare_instance", "requirements_frame", "summarise"]
