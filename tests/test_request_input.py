"""What a request may carry (``navigator.request_input``): numbers in ASCII digits."""

from __future__ import annotations


import pytest

from navigator.request_input import (
    NotANumber, OutOfRange, decimal_number, whole_number)


@pytest.mark.parametrize("raw, value", [
    ("12", 12), (" 7 ", 7), ("-3", -3), ("+4", 4), ("007", 7), ("9" * 18, int("9" * 18))])
def test_whole_numbers(raw, value):
    assert whole_number(raw) == value


@pytest.mark.parametrize("raw", [
    "--1", "²", "١٢", "1_000", "", " ", "1.0", "0x10", "1e3", "½", "12a", "-", "+-1"])
def test_what_is_not_a_whole_number(raw):
    """"²" and "--1" passed the old check (``isdigit`` after a strip of "-"), and
    ``int()`` reads "١٢" and "1_000"."""
    with pytest.raises(NotANumber):
        whole_number(raw)


@pytest.mark.parametrize("raw, low, high", [
    ("9" * 19, None, None), ("9" * 10_000, None, None), ("0", 1, 10), ("11", 1, 10),
    ("-" + "9" * 30, None, None)])
def test_whole_numbers_out_of_range(raw, low, high):
    with pytest.raises(OutOfRange):
        whole_number(raw, low, high)


@pytest.mark.parametrize("raw, value", [
    ("1.5", 1.5), ("-.5", -0.5), ("12", 12.0), ("1e3", 1000.0), (" 35.99 ", 35.99),
    ("3.", 3.0)])
def test_decimal_numbers(raw, value):
    assert decimal_number(raw) == value


@pytest.mark.parametrize("raw", ["²", "1_0", "nan", "inf", "-infinity", "١", "1,5", "", "."])
def test_what_is_not_a_decimal_number(raw):
    with pytest.raises(NotANumber):
        decimal_number(raw)


@pytest.mark.parametrize("raw, low, high", [("1e309", None, None), ("-1e309", None, None),
                                            ("91", -90, 90), ("9" * 10_000, 0, 500)])
def test_decimal_numbers_out_of_range(raw, low, high):
    with pytest.raises(OutOfRange):
        decimal_number(raw, low, high)
