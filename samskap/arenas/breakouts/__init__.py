"""Breakout groups for arena meetings: who sits with whom, round after round.

`assign_groups` splits the participants of a meeting into groups of about `group_size` people
for a number of rounds. The rules, in priority order (a higher rule is never given up for a
lower one):

0. Everyone is in exactly one group per round; a round has ceil(n / group_size) groups whose
   sizes differ by at most one.
1. People from the same organisation are kept apart where they can be: each organisation's
   people are spread as evenly as possible over the groups.
2. Every group mixes sectors, with at least one library person and one person from the
   voluntary sector where the numbers allow, and as few groups as possible with everyone from
   one sector.
3. In the "local" mode, people from the same municipality are put together as far as rules 1
   and 2 allow; the "mixed" mode ignores municipalities.
4. Across rounds, as few pairs as possible meet more than once.

`score` measures any assignment against these rules, and `lower_bounds` gives the least that
any assignment can reach in one round, so a figure above it is avoidable.

How it works. Each round starts from an arrangement that meets every lower bound of rules 1
and 2 at once: the participants are lined up sector by sector, the largest sector first, each
organisation's people next to each other inside the block of the sector most of them belong
to, and dealt out like cards (person i to group i mod k). A run of m people next to each other
lands in m different groups (or evenly, if m > k), so organisations are spread, every sector
with at least k people reaches every group, and the people outside the largest sector reach
as many groups as there are of them. The order of organisations inside a sector, and of people
inside an organisation, is shuffled for every round with a seeded random generator.

A local search then swaps people between groups (a swap keeps the sizes). It makes a swap
only if none of the figures of rules 1 and 2 gets worse (same-organisation pairs, groups
without a library person, groups without a voluntary-sector person, single-sector groups) and
the rules taken in priority order get better: in the local mode, same-municipality pairs and
then repeated pairs; in the mixed mode, repeated pairs. Counters per group and, per person,
how many of the people they met before sit in each group make a swap's effect cheap to weigh.
Moves are tried for people with a reason to move: someone they met before in their group, and
in the local mode neighbours in other groups. In the mixed mode a tabu search follows for the
repeats that are left: it may take a swap that adds repeats to get out of a dead end, and
keeps the best arrangement it saw. The local mode searches twice, from a fresh deal and from
the mixed mode's groups for the round, and keeps the better: so, whenever the two reach the
same figures for rules 1 and 2 (they always do when each organisation's people are from one
sector), the local mode never puts fewer neighbours together than the mixed mode.

Rounds are made one after the other, each avoiding the pairs of the rounds before it. The
search is bounded by counts, never by time, so the same input and seed give the same groups on
every machine and in every process; nothing depends on the order of a set or on str hashes.

Pure Python and the standard library only: no Django, no database.
"""

from .rules import (
    Bounds,
    BreakoutError,
    Id,
    Participant,
    balanced_sizes,
    even_split_pairs,
    lower_bounds,
)
from .scoring import Score, score
from .search import assign_groups

__all__ = [
    "Bounds",
    "BreakoutError",
    "Id",
    "Participant",
    "Score",
    "assign_groups",
    "balanced_sizes",
    "even_split_pairs",
    "lower_bounds",
    "score",
]
