"""ID numbers, credit codes, mobiles, passwords and masking."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import DomainError
from app.core.ids import (
    INITIAL_PASSWORD,
    birth_date_of,
    check_new_password,
    id_number_problem,
    make_credit_code,
    make_id_number,
    mask_id_number,
    mask_name,
    normalize_credit_code,
    normalize_id_number,
    normalize_mobile,
)

TODAY = date(2025, 6, 15)
DEMO_IDS = [
    "530102198001010015",
    "532501198811200037",
    "53290119920607004X",
    "530302196909300057",
    "530102198505050061",
    "530102199001010079",
]


def reason_of(raw: str) -> str | None:
    problem = id_number_problem(raw, today=TODAY)
    return None if problem is None else problem.reason


# ---------------------------------------------------------------- ACC-1


@pytest.mark.parametrize("id_number", DEMO_IDS)
def test_demo_ids_are_valid(id_number: str) -> None:
    # RULES: ACC-1 (API.md demo data must be loginable)
    assert normalize_id_number(id_number, today=TODAY) == id_number


def test_lower_case_x_is_accepted_and_stored_upper_case() -> None:
    # RULES: ACC-1
    assert normalize_id_number("53290119920607004x", today=TODAY) == "53290119920607004X"


def test_spaces_and_full_width_digits_are_tidied() -> None:
    # RULES: ACC-1 (what an IME or a copy from a document produces)
    assert normalize_id_number(" 530102 19800101 0015 ", today=TODAY) == DEMO_IDS[0]
    assert normalize_id_number("５３２９０１１９９２０６０７００４ｘ", today=TODAY) == DEMO_IDS[2]


def test_wrong_length_says_how_many_were_typed() -> None:
    # RULES: ACC-1
    with pytest.raises(DomainError) as caught:
        normalize_id_number("53010219800101001", today=TODAY)
    assert caught.value.code == "invalid_id_number"
    assert caught.value.reason == "length"
    assert caught.value.message == "身份证号应为18位，您输入了17位"
    assert reason_of("5301021980010100155") == "length"
    assert reason_of("") == "length"


@pytest.mark.parametrize(
    "raw",
    ["53010219800101001A", "5301021980O1010015", "X30102198001010015", "53010219800101001-"],
)
def test_non_digits_are_refused_as_characters(raw: str) -> None:
    # RULES: ACC-1
    assert reason_of(raw) == "characters"


def test_feb_29_exists_only_in_leap_years() -> None:
    # RULES: ACC-1 (the birth date must exist)
    assert reason_of(make_id_number("530102", date(2000, 2, 29), 1)) is None
    assert reason_of(make_id_number("530102", date(1996, 2, 29), 1)) is None
    # 1900 is not a leap year (divisible by 100, not by 400), 2001 is not either.
    assert reason_of("530102" + "19000229" + "0010") == "birth_date"
    assert reason_of("530102" + "20010229" + "0010") == "birth_date"


@pytest.mark.parametrize("birth", ["19801301", "19800132", "19800431", "19800000", "00000101"])
def test_impossible_birth_dates_are_refused(birth: str) -> None:
    # RULES: ACC-1
    problem = id_number_problem("530102" + birth + "0015", today=TODAY)
    assert problem is not None
    assert problem.reason == "birth_date"
    assert problem.message == "身份证号中的出生日期不存在，请核对"


def test_birth_dates_before_1900_or_in_the_future_are_refused() -> None:
    # RULES: ACC-1
    assert reason_of(make_id_number("530102", date(1899, 12, 31), 1)) == "birth_date"
    assert reason_of(make_id_number("530102", date(1900, 1, 1), 1)) is None
    assert reason_of(make_id_number("530102", TODAY, 1)) is None
    assert reason_of(make_id_number("530102", date(2025, 6, 16), 1)) == "birth_date"


def test_wrong_check_character_is_refused() -> None:
    # RULES: ACC-1
    problem = id_number_problem("530102198001010016", today=TODAY)
    assert problem is not None
    assert problem.reason == "check_character"
    assert problem.message == "身份证号最后一位校验码不对，请核对"
    assert reason_of("53010219800101001X") == "check_character"


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(0, 999),
    region=st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
)
def test_made_numbers_validate_and_any_other_last_character_does_not(
    birth: date, sequence: int, region: str
) -> None:
    # RULES: ACC-1 (exactly one check character is right)
    id_number = make_id_number(region, birth, sequence)
    assert normalize_id_number(id_number, today=TODAY) == id_number
    assert birth_date_of(id_number) == birth
    for wrong in "0123456789X".replace(id_number[-1], ""):
        assert reason_of(id_number[:17] + wrong) == "check_character"


@given(position=st.integers(0, 16), delta=st.integers(1, 9))
def test_any_single_digit_typo_in_the_body_is_caught(position: int, delta: int) -> None:
    # RULES: ACC-1 (MOD 11-2 catches every single-digit substitution)
    original = DEMO_IDS[1]
    typo_digit = str((int(original[position]) + delta) % 10)
    typo = original[:position] + typo_digit + original[position + 1 :]
    assert reason_of(typo) in {"check_character", "birth_date"}


def test_birth_date_of_rejects_a_date_that_does_not_exist() -> None:
    with pytest.raises(DomainError) as caught:
        birth_date_of("530102198002300015")
    assert caught.value.reason == "birth_date"
    assert birth_date_of(DEMO_IDS[2]) == date(1992, 6, 7)


def test_make_id_number_refuses_bad_parts() -> None:
    with pytest.raises(ValueError):
        make_id_number("53010", date(1980, 1, 1), 1)
    with pytest.raises(ValueError):
        make_id_number("530102", date(1980, 1, 1), 1000)


# ---------------------------------------------------------------- PAY-2 credit codes


def test_published_credit_code_is_valid_and_lower_case_is_accepted() -> None:
    # RULES: PAY-2 (GB 32100-2015)
    assert normalize_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    assert normalize_credit_code("91350100m000100y43") == "91350100M000100Y43"


def test_credit_code_check_character_zero_when_remainder_is_zero() -> None:
    # RULES: PAY-2 (31 - 0 = 31 maps to "0")
    assert make_credit_code("0" * 17) == "0" * 18
    assert normalize_credit_code("0" * 18) == "0" * 18


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("91350100M000100Y4", "length"),
        ("91350100M000100Y433", "length"),
        ("91350100M000I00Y43", "characters"),  # I is not in the alphabet
        ("91350100M000100O43", "characters"),  # nor O, Z, S, V
        ("91350100M000100Y44", "check_character"),
    ],
)
def test_bad_credit_codes_are_refused_with_the_reason(raw: str, reason: str) -> None:
    # RULES: PAY-2
    with pytest.raises(DomainError) as caught:
        normalize_credit_code(raw)
    assert (caught.value.code, caught.value.reason) == ("invalid_credit_code", reason)


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_made_credit_codes_validate(first17: str) -> None:
    # RULES: PAY-2
    code = make_credit_code(first17)
    assert normalize_credit_code(code) == code


# ---------------------------------------------------------------- APPLY-1 mobiles


@pytest.mark.parametrize(
    "raw", ["13812345678", "138 1234 5678", "138-1234-5678", "+8613812345678", "86 19912345678"]
)
def test_mainland_mobiles_are_normalised(raw: str) -> None:
    # RULES: APPLY-1
    assert normalize_mobile(raw) in {"13812345678", "19912345678"}


@pytest.mark.parametrize(
    "raw", ["", "12812345678", "1381234567", "138123456789", "0871-63122229", "1381234567a"]
)
def test_other_phone_numbers_are_refused(raw: str) -> None:
    # RULES: APPLY-1
    with pytest.raises(DomainError) as caught:
        normalize_mobile(raw)
    assert caught.value.code == "invalid_phone"
    assert caught.value.reason == "format"
    assert caught.value.message == "请填写正确的11位手机号码"


# ---------------------------------------------------------------- ACC-2 passwords


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("abc1234", "length"),
        ("a" * 65, "length"),
        ("aaaaaaaa", "one_character"),
        (INITIAL_PASSWORD, "initial_password"),
        ("0607004X", "id_suffix"),
        ("0607004x", "id_suffix"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    # RULES: ACC-2
    with pytest.raises(DomainError) as caught:
        check_new_password(password, id_number=DEMO_IDS[2])
    assert (caught.value.code, caught.value.reason) == ("weak_password", reason)


def test_acceptable_passwords_pass() -> None:
    # RULES: ACC-2
    check_new_password("Yn-jspx-2025", id_number=DEMO_IDS[2])
    check_new_password("a" * 63 + "b", id_number=DEMO_IDS[2])
    check_new_password("abcd1234", id_number=DEMO_IDS[2], initial_password="xyz98765")
    with pytest.raises(DomainError):
        check_new_password("xyz98765", id_number=DEMO_IDS[2], initial_password="xyz98765")


# ---------------------------------------------------------------- CERT-1 masking


def test_id_number_masked_to_first_6_and_last_4() -> None:
    # RULES: CERT-1
    assert mask_id_number("53290119920607004X") == "532901********004X"
    assert mask_id_number("1234567890") == "**********"


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("欧阳修", "欧**"), ("李", "李"), ("", "")]
)
def test_name_keeps_only_its_first_character(name: str, masked: str) -> None:
    # RULES: CERT-1 (receipt verification shows 张*)
    assert mask_name(name) == masked
