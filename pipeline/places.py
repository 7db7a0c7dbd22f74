"""Districts → provinces with vietnamadminunits (pre-2025 units, and the post-2025 province)."""
from __future__ import annotations

import functools

from .normalize import fold


@functools.cache
def _district_index() -> dict[str, set[str]]:
    from vietnamadminunits.parser import parser_legacy

    index: dict[str, set[str]] = {}
    for pkey, districts in parser_legacy.DICT_PROVINCE_DISTRICT.items():
        province = parser_legacy.DICT_PROVINCE[pkey]["provinceShort"]
        for d in districts.values():
            index.setdefault(fold(d["districtShort"]), set()).add(province)
    return index


def province_of_district(district: str | None) -> str | None:
    """The province of a district name; None when unknown or ambiguous (Châu Thành)."""
    if not district:
        return None
    provinces = _district_index().get(fold(district), set())
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
