"""Rating campaigns (360°) and weekly work journals: the people who feed the scores.

``campaigns`` opens, casts, closes and counts ballots; ``journals`` writes, excuses and
reviews journal weeks; ``org`` reads who stands where (the office system's staff
directory); ``tiers`` reads a department's rater tiers and scale from its spec file.
"""
