"""The source documents by key (their file name, as the moves and articles name them) and a readable title."""

TITLES: dict[str, str] = {
    "000_19fd4279bec08de9.txt": "Collected notes on hip and low-back pain: causes, care and exercise",
    "001_23fad57ebe1eb553.txt": "What causes hip pain, and why does it radiate down your leg? (a massage clinic)",
    "002_6ca29ac13df90cfe.txt": "Collected notes on dangerous versus merely painful back pain, and on hip stretches",
    "003_f186518ca77741c3.txt": "Hip and back pain relief (a spine clinic)",
    "004_b442c75fa5fc4774.txt": "Hip pain, and feet that roll in (a foot-care shop)",
}


def source_title(key: str) -> str:
    """Return the document's readable title, or its key when it is not a known document."""
    return TITLES.get(key, key)
