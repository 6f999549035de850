"""The doses the source documents give, as short data, so tests can check the library against them.

The documents are not part of the repository (``routines.sources`` names them). Each entry is a
built-in move's slug with the document's key and the ranges it gives, low and high end; ``None``
as the high end means "at least". Moves whose dose the documents do not give are not here: their
doses are Limber's and say so on the move's page.
"""

DOCUMENTED_DOSES: dict[str, dict] = {
    # 002: a runner's hip stretches are held 30 to 40 seconds; the kneeling stretch is one of them.
    "kneeling-hip-flexor-stretch": {"source": "002", "hold_seconds": (30, 40), "per_side": True},
    "standing-quadriceps-stretch": {"source": "002", "hold_seconds": (15, 30)},
    "hip-hinge": {"source": "002", "reps": (10, 10), "sets": (1, 1)},
    "step-back-overhead-reach": {
        "source": "002",
        "reps": (8, 8),
        "sets": (3, 4),
        "rest_seconds": (30, 30),
        "per_side": True,
    },
    "camel-pose": {"source": "002", "hold_seconds": (30, 30)},
    "reclining-hero-pose": {"source": "002", "hold_seconds": (30, None)},
    "wide-legged-seated-forward-bend": {"source": "002", "breaths": (8, 10)},
    "moist-heat": {"source": "000", "hold_seconds": (600, 900)},
}

# 002: every hip stretch around a run is held 30 to 40 seconds; the quadriceps stretch's own
# 15 to 30 seconds meets that rule only at 30.
RUNNERS_HOLD_SECONDS = (30, 40)
