"""Districts → provinces with vietnamadminunits (pre-2025 units, and the post-2025 province)."""
from __future__ import annotations

import functools

import regex

from .normalize import fold

_HYPHEN = regex.compile(r"\s*[-–]\s*")  # "Phan Rang - Tháp Chàm" and "Phan Rang-Tháp Chàm" alike
_QUALIFIER = regex.compile(r"\s*\([^)]*\)$")  # the library's "Kỳ Anh (Thị xã)" beside "Kỳ Anh (Huyện)"
_MAX_WORDS = 6


def place_key(name: str) -> str:
    return fold(_HYPHEN.sub("-", name))


@functools.cache
def _district_index() -> dict[str, set[str]]:
    from vietnamadminunits.parser import parser_legacy

    index: dict[str, set[str]] = {}
    for pkey, districts in parser_legacy.DICT_PROVINCE_DISTRICT.items():
        province = parser_legacy.DICT_PROVINCE[pkey]["provinceShort"]
        for d in districts.values():
            index.setdefault(place_key(_QUALIFIER.sub("", d["districtShort"])), set()).add(province)
    return index


def prepare() -> None:
    """Load vietnamadminunits' tables now (half a second on first use)."""
    _district_index(), _known_places()


@functools.cache
def _known_places() -> frozenset[str]:
    """Folded short names of every province and district, before and after 2025."""
    from vietnamadminunits.parser import parser_from_2025, parser_legacy

    names = set(_district_index())
    for module in (parser_legacy, parser_from_2025):
        names.update(place_key(p["provinceShort"]) for p in module.DICT_PROVINCE.values())
    return frozenset(names)


def longest_place_prefix(words: list[str]) -> int:
    """How many of the leading words name a known province or district (0 if none):
    "Gia Lai Tổ chức" → 2, "Tổ chức" → 0, "Phan Rang - Tháp Chàm về" → 5."""
    known = _known_places()
    for n in range(min(_MAX_WORDS, len(words)), 0, -1):
        if place_key(" ".join(words[:n])) in known:
            return n
    return 0


def known_place(name: str) -> str | None:
    """The leading words of ``name`` that name a known province or district, or None:
    what follows "huyện"/"tỉnh" in running text is often not a place ("ngân sách tỉnh
    Số hóa ...", "UBND huyện⏎Phòng Nội vụ")."""
    words = name.split()
    n = longest_place_prefix(words)
    return " ".join(words[:n]) if n else None


def province_of_district(district: str | None) -> str | None:
    """The province of a district name; None when unknown or ambiguous (Châu Thành)."""
    if not district:
        return None
    provinces = _district_index().get(place_key(district), set())
    return next(iter(provinces)) if len(provinces) == 1 else None


@functools.cache
def province_2025(district: str | None, province: str | None) -> str | None:
    """The province that holds the place since the 2025 merger of provinces."""
    if not province:
        return None
    from vietnamadminunits import convert_address

    address = f"Huyện {district}, Tỉnh {province}" if district else f"Tỉnh {province}"
    try:
        unit = convert_address(address)
    except Exception:  # the library raises on names it cannot place
        return None
    return getattr(unit, "short_province", None) or None


@functools.cache
def _central_cities() -> dict[str, str]:
    """Folded short name → short name of the cities under the central government, which
    are provinces ("Thành phố Hồ Chí Minh"), before and after 2025."""
    from vietnamadminunits.parser import parser_from_2025, parser_legacy

    return {place_key(p["provinceShort"]): p["provinceShort"] for module in (parser_legacy, parser_from_2025)
            for p in module.DICT_PROVINCE.values() if p["province"].startswith("Thành phố")}


def central_city(name: str) -> str | None:
    """The province-level city whose name ``name`` opens with, or None ("Cần Thơ" yes, the
    district-level "Thành phố Bắc Ninh" no)."""
    words = name.split()
    for n in range(min(_MAX_WORDS, len(words)), 0, -1):
        city = _central_cities().get(place_key(" ".join(words[:n])))
        if city:
            return city
    return None
