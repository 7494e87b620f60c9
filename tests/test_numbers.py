"""Reading numbers and amounts: property tests over the forms reports use."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from loaders.extract.numbers import cn_numeral, parse_amount_wan, parse_number
from loaders.readers.normalize import normalize_text

cents = st.integers(min_value=0, max_value=10**12)


def _money(value: int) -> str:
    return f"{Decimal(value) / 100:.2f}"


@given(cents)
def test_yuan_to_wan_is_exact(value: int) -> None:
    yuan = Decimal(value) / 100
    assert Decimal(str(parse_amount_wan(f"{yuan:.2f}元"))) == (yuan / 10000).normalize()


@given(cents)
def test_thousands_separators_read_the_same(value: int) -> None:
    plain = _money(value)
    grouped = f"{Decimal(value) / 100:,.2f}"
    assert parse_amount_wan(grouped + "元") == parse_amount_wan(plain + "元")


@given(cents)
def test_wan_suffixes_agree(value: int) -> None:
    text = _money(value)
    assert (
        parse_amount_wan(text + "万元") == parse_amount_wan(text + "万") == parse_amount_wan(text)
    )


@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_digits_after_normalization(value: int) -> None:
    full = str(value).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert parse_number(normalize_text(full)) == value


def test_amount_rejects_text() -> None:
    assert parse_amount_wan("效果显著") is None
    assert parse_amount_wan("") is None
    assert parse_number("≥95%") is None


def test_default_unit_applies_only_without_a_suffix() -> None:
    assert parse_amount_wan("250000.00", default_unit="元") == 25
    assert parse_amount_wan("25万元", default_unit="元") == 25


def test_chinese_numerals() -> None:
    assert [cn_numeral(t) for t in ("一", "十", "十二", "二十", "三十五", "两")] == [
        1,
        10,
        12,
        20,
        35,
        2,
    ]
    assert cn_numeral("百") is None
