"""Masking of personal data (phone numbers, ID numbers) for readers outside the zone."""


def mask_personal(value: str) -> str:
    """Keep the first three and last two characters: 13812345678 → 138******78."""
    value = value.strip()
    if len(value) <= 4:
        return "*" * len(value)
    if "@" in value:
        name, _, domain = value.partition("@")
        return f"{name[:1]}***@{domain}"
    keep_head = 3 if len(value) >= 7 else 1
    return value[:keep_head] + "*" * (len(value) - keep_head - 2) + value[-2:]
