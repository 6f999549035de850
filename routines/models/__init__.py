from .dose_change import DoseChange, SuggestionHidden
from .exercise import BodyArea, Equipment, Exercise
from .psfs import PsfsActivity, PsfsEntry, PsfsRating
from .routine import Routine, RoutineItem
from .schedule import Schedule
from .session import Session, SessionMove
from .share import ReportShare

__all__ = [
    "BodyArea",
    "DoseChange",
    "Equipment",
    "Exercise",
    "PsfsActivity",
    "PsfsEntry",
    "PsfsRating",
    "ReportShare",
    "Routine",
    "RoutineItem",
    "Schedule",
    "Session",
    "SessionMove",
    "SuggestionHidden",
]
