from .exercise import BodyArea, Equipment, Exercise
from .routine import Routine, RoutineItem
from .schedule import Schedule
from .session import Session, SessionMove

__all__ = [
    "BodyArea",
    "Equipment",
    "Exercise",
    "Routine",
    "RoutineItem",
    "Schedule",
    "Session",
    "SessionMove",
]
