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
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    if a == b:
        return 0
    # Only cells within ``limit`` of the diagonal can stay within the cap: a banded DP.
    big = limit + 1
    prev2: list[int] = []
    prev = [j if j <= limit else big for j in range(lb + 1)]
    for i in range(1, la + 1):
        cur = [big] * (lb + 1)
        if i <= limit:
            cur[0] = i
        lo, hi = max(1, i - limit), min(lb, i + limit)
        row_min = cur[0] if lo == 1 else big
        ai = a[i - 1]
        for j in range(lo, hi + 1):
            v = prev[j - 1] + (ai != b[j - 1])
            up = prev[j] + 1
            if up < v:
                v = up
            left = cur[j - 1] + 1
            if left < v:
                v = left
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                t = prev2[j - 2] + 1
                if t < v:
                    v = t
            if v > big:
                v = big
            cur[j] = v
            if v < row_min:
                row_min = v
        if row_min > limit:
            return big
        prev2, prev = prev, cur
    return min(prev[lb], big)


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


def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i : i + 2] for i in range(len(s) - 1))


class NearIndex:
    """Which known ids can be within ``limit`` edits of a typed id, without comparing them all.

    A did-you-mean used to run the edit-distance DP against every catalog id (9–20 ms per
    unknown id; 1,000 ids made a hover wait seconds). Two necessary conditions prune first,
    both on the squashed ids (case and separators gone, which never makes two ids farther
    apart): lengths differ by at most ``limit``, and, as one edit (a swap included) breaks
    at most three letter pairs, the ids share all but ``3 * limit`` of their distinct letter
    pairs. Only the few ids left are compared by ``closeness``, so the answer is the same.
    """

    def __init__(self, ids: tuple[str, ...]) -> None:
        self.ids = ids
        self._squashed = [squash(i) for i in ids]
        self._grams = [_bigrams(s) for s in self._squashed]
        self._postings: dict[str, list[int]] = {}
        for n, grams in enumerate(self._grams):
            for g in grams:
                self._postings.setdefault(g, []).append(n)
        self._by_length: dict[int, list[int]] = {}
        for n, s in enumerate(self._squashed):
            self._by_length.setdefault(len(s), []).append(n)

    def candidates(self, typed: str, limit: int) -> list[str]:
        sq = squash(typed)
        grams = _bigrams(sq)
        shared: dict[int, int] = {}
        for g in grams:
            for n in self._postings.get(g, ()):
                shared[n] = shared.get(n, 0) + 1
        out: list[str] = []
        for length in range(len(sq) - limit, len(sq) + limit + 1):
            for n in self._by_length.get(length, ()):
                if shared.get(n, 0) >= max(len(grams), len(self._grams[n])) - 3 * limit:
                    out.append(self.ids[n])
        return out
