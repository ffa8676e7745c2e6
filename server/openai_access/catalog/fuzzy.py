"""Near-miss matching for model ids: the typos people actually make.

Model ids are short, so a plain edit distance works, with two twists: swapped letters
(``gtp``) count as one edit, and separators are compared loosely (``gpt4o``, ``o3mini``,
``GPT-4o``) because dropping or doubling a dash is the commonest slip of all.
"""

from __future__ import annotations

_SEPARATORS = str.maketrans("", "", "-_ ")


def squash(s: str) -> str:
    """The id with case and separators gone, so ``GPT_4o`` and ``gpt-4o`` compare equal."""
    return s.lower().translate(_SEPARATORS)


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (adjacent swaps are one edit), capped at limit + 1.

    The cap lets callers give up early on far strings: most catalog ids are far from any
    given typo, and the early exit keeps a did-you-mean over the whole catalog cheap.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        row_min = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            row_min = min(row_min, v)
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[len(b)], limit + 1)


def max_edits(s: str) -> int:
    """How many edits still count as "the same id, mistyped" for a string this long.

    One edit for short ids (``o3`` vs ``o1`` is a real difference, not a typo, but a
    did-you-mean is still fair), two for the common lengths, three for long dated ids.
    """
    n = len(s)
    if n <= 5:
        return 1
    if n <= 14:
        return 2
    return 3


def closeness(typed: str, candidate: str, limit: int) -> float | None:
    """How far ``candidate`` is from ``typed`` (lower is closer), None when beyond ``limit``.

    Case and separator slips cost half an edit: ``gpt4o`` is nearer to ``gpt-4o`` than
    ``gpt-4`` is, so the ranking puts the id the user meant first.
    """
    lower_t, lower_c = typed.lower(), candidate.lower()
    d = distance(lower_t, lower_c, limit)
    if d == 0:
        return 0.5  # differs from the candidate only in case
    sq = distance(squash(typed), squash(candidate), limit)
    if sq < d:
        score = sq + 0.5
        return score if score <= limit + 0.5 else None
    return float(d) if d <= limit else None
