"""The province organisation of the benchmark: Jiangsu's procuratorates (江苏省检察机关).

The thirteen city procuratorates (设区的市人民检察院) and the procuratorates of Jiangsu's
95 county-level divisions (55 districts, 21 county-level cities, 19 counties, as of 2024),
108 in all. :func:`province_procuratorates` takes the first ``n`` of a fixed order:

1. the demo's five (南京市院 ``PRC-CITY`` and 玄武/秦淮/鼓楼/建邺 ``PRC-D1`` … ``PRC-D4``,
   unchanged, so every demo seed — accounts, unit cycle, journals — still finds them);
2. the other twelve cities (``PRC-C02`` 无锡 … ``PRC-C13`` 宿迁);
3. the remaining county-level procuratorates, one per city in turn (round robin: 南京's
   next district, 无锡's first, 徐州's first, …).

Cities first, so that every district's city is in the set for any ``n``, and round robin so
that a province of, say, 100 procuratorates spreads over all thirteen cities instead of
leaving the last ones without districts. Ids are short ASCII: cities ``PRC-Cnn``, their
districts ``PRC-Cnn-Dmm`` (南京's further districts continue the demo's series: ``PRC-D5``
… ``PRC-D11``). Weights for more than five: a city 2, a district 1.
"""

from __future__ import annotations

from .org import PROCURATORATE_WEIGHTS, PROCURATORATES, Procuratorate

# (city, its one-character abbreviation used in case numbers, its county-level divisions
# in the official order). A division ending in 区 is a district of the city; one ending in
# 市 or 县 is a county-level city or county, whose procuratorate is named without the city.
JIANGSU: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("南京市", "宁", ("玄武区", "秦淮区", "鼓楼区", "建邺区", "浦口区", "栖霞区", "雨花台区",
                     "江宁区", "六合区", "溧水区", "高淳区")),
    ("无锡市", "锡", ("梁溪区", "锡山区", "惠山区", "滨湖区", "新吴区", "江阴市", "宜兴市")),
    ("徐州市", "徐", ("鼓楼区", "云龙区", "贾汪区", "泉山区", "铜山区", "丰县", "沛县",
                     "睢宁县", "新沂市", "邳州市")),
    ("常州市", "常", ("天宁区", "钟楼区", "新北区", "武进区", "金坛区", "溧阳市")),
    ("苏州市", "苏", ("姑苏区", "虎丘区", "吴中区", "相城区", "吴江区", "常熟市", "张家港市",
                     "昆山市", "太仓市")),
    ("南通市", "通", ("崇川区", "通州区", "海门区", "如东县", "启东市", "如皋市", "海安市")),
    ("连云港市", "连", ("连云区", "海州区", "赣榆区", "东海县", "灌云县", "灌南县")),
    ("淮安市", "淮", ("清江浦区", "淮安区", "淮阴区", "洪泽区", "涟水县", "盱眙县", "金湖县")),
    ("盐城市", "盐", ("亭湖区", "盐都区", "大丰区", "响水县", "滨海县", "阜宁县", "射阳县",
                     "建湖县", "东台市")),
    ("扬州市", "扬", ("广陵区", "邗江区", "江都区", "宝应县", "仪征市", "高邮市")),
    ("镇江市", "镇", ("京口区", "润州区", "丹徒区", "丹阳市", "扬中市", "句容市")),
    ("泰州市", "泰", ("海陵区", "高港区", "姜堰区", "兴化市", "靖江市", "泰兴市")),
    ("宿迁市", "宿", ("宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县")),
)  # fmt: skip
DEMO_SIZE = len(PROCURATORATES)  # the demo's five


def _city_id(ci: int) -> str:
    return "PRC-CITY" if ci == 0 else f"PRC-C{ci + 1:02d}"


def _district_id(ci: int, di: int) -> str:
    return f"PRC-D{di + 1}" if ci == 0 else f"{_city_id(ci)}-D{di + 1:02d}"


def _city(ci: int) -> Procuratorate:
    name, abbr, _ = JIANGSU[ci]
    return Procuratorate(
        _city_id(ci), f"{name}人民检察院", "city", None, f"{name}院", f"{abbr}检", ""
    )


def _districts(ci: int) -> list[Procuratorate]:
    """A city's county-level procuratorates. The case-number prefix is the city's
    abbreviation plus the division's first character, or its next one when an earlier
    division of the same city already took it (吴中 苏吴检, 吴江 苏江检)."""
    city, abbr, divisions = JIANGSU[ci]
    used: set[str] = set()
    out: list[Procuratorate] = []
    for di, division in enumerate(divisions):
        char = next(c for c in division if c not in used)
        used.add(char)
        name = f"{city}{division}" if division.endswith("区") else division
        out.append(
            Procuratorate(
                _district_id(ci, di),
                f"{name}人民检察院",
                "district",
                _city_id(ci),
                f"{division}院",
                f"{abbr}{char}检",
                division,
            )
        )
    return out


def _ordered() -> list[Procuratorate]:
    """All 108 in the fixed order described in the module docstring."""
    out = list(PROCURATORATES)
    out += [_city(ci) for ci in range(1, len(JIANGSU))]
    queues = [_districts(ci) for ci in range(len(JIANGSU))]
    queues[0] = queues[0][DEMO_SIZE - 1 :]  # the demo already has 南京's first four
    while any(queues):
        for queue in queues:
            if queue:
                out.append(queue.pop(0))
    shorts: set[str] = set()
    for i, prc in enumerate(out):  # 徐州's 鼓楼区院 becomes 徐州鼓楼区院 (南京's came first)
        if prc.short in shorts:
            city = JIANGSU[int(prc.procuratorate_id[5:7]) - 1][0].removesuffix("市")
            out[i] = Procuratorate(
                prc.procuratorate_id, prc.name, prc.level, prc.parent_id,
                f"{city}{prc.short}", prc.case_prefix, prc.district,
            )  # fmt: skip
        shorts.add(out[i].short)
    return out


ALL_PROCURATORATES: tuple[Procuratorate, ...] = tuple(_ordered())
MAX_PROCURATORATES = len(ALL_PROCURATORATES)


def province_procuratorates(n: int) -> tuple[Procuratorate, ...]:
    """The first ``n`` procuratorates (5 ≤ n ≤ 108); ``n == 5`` is the demo's five."""
    if not DEMO_SIZE <= n <= MAX_PROCURATORATES:
        raise ValueError(f"procuratorates must be between {DEMO_SIZE} and {MAX_PROCURATORATES}")
    return ALL_PROCURATORATES[:n]


def province_weights(n: int) -> tuple[float, ...]:
    """Headcount weights: the demo's own for five, else a city 2 and a district 1."""
    if n == DEMO_SIZE:
        return PROCURATORATE_WEIGHTS
    return tuple(2.0 if p.level == "city" else 1.0 for p in province_procuratorates(n))
