"""Chinese personal names: common surnames weighted by frequency, 1–2 character given names."""

from __future__ import annotations

import itertools
import random

# Surname and rough share (per mille) of the population; Jiangsu-flavoured ordering.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 50), ("杨", 31), ("黄", 22),
    ("赵", 20), ("吴", 20), ("周", 19), ("徐", 18), ("孙", 15), ("马", 15), ("朱", 15),
    ("胡", 13), ("郭", 12), ("何", 12), ("高", 11), ("林", 11), ("罗", 10), ("郑", 10),
    ("梁", 9), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 8), ("韩", 7), ("冯", 7), ("邓", 7),
    ("曹", 7), ("彭", 6), ("曾", 6), ("肖", 6), ("田", 6), ("董", 6), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 4),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("方", 3), ("白", 3), ("邹", 3), ("孟", 3),
    ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 2), ("薛", 2), ("段", 2), ("雷", 2),
    ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2),
    ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2), ("戴", 2), ("孔", 1),
    ("汤", 1), ("储", 1), ("葛", 1), ("司马", 0.2), ("欧阳", 0.3), ("诸葛", 0.1),
)  # fmt: skip

MALE_CHARS = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁凯浩俊峰建国文志海东林宇晨立诚振昊博翔洋"
    "毅睿哲远航健彬亮阳森锋昌盛德中"
)
FEMALE_CHARS = (
    "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳洁倩晶萍红梅琴蕾欣怡佳悦楠璐瑶雯娴莉蓉薇菲晓岚茜婧媛丹"
)

_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_CUM = list(itertools.accumulate(w for _, w in SURNAMES))


def person_name(rng: random.Random) -> str:
    """One deterministic name drawn from ``rng``: surname + 1 or 2 given-name characters."""
    surname = rng.choices(_SURNAME_LIST, cum_weights=_SURNAME_CUM)[0]
    female = rng.random() < 0.5
    pool = FEMALE_CHARS if female else MALE_CHARS
    if rng.random() < 0.3:
        return surname + rng.choice(pool)
    first = rng.choice(pool)
    second = first if female and rng.random() < 0.06 else rng.choice(pool)  # 婷婷, 晶晶 ...
    return surname + first + second
