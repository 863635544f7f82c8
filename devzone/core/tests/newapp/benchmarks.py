def clear() -> None:
    """Nothing generated to clear."""


def generate(log) -> None:
    """Nothing to generate."""


def run(runs: int) -> list[str]:
    return []
