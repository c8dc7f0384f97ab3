"""Whole numbers as people and programs type them: in the digits 0-9."""


def whole(text, digits: int = 19) -> int | None:
    """The whole number `text` spells in the digits 0-9 (at most `digits` of them: a bigint
    holds 19), or None. "²", "①" and "٣" are digits to str.isdigit() but nobody's id or year,
    and int() refuses some of them; a number already an int is taken as it is."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if not isinstance(text, str):
        return None
    text = text.strip()
    if text and text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None
