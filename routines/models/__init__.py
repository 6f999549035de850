from .exercise import BodyArea, Equipment, Exercise
from .routine import DOSE_BOUNDS, Routine, RoutineItem, hold_bounds
from .schedule import Schedule
from .session import Session, SessionMove

__all__ = [
    "DOSE_BOUNDS",
    "BodyArea",
    "Equipment",
    "Exercise",
    "Routine",
    "RoutineItem",
    "Schedule",
    "Session",
    "SessionMove",
    "hold_bounds",
]
