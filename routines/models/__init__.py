from .exercise import BodyArea, Equipment, Exercise

__all__ = ["BodyArea", "Equipment", "Exercise"]
