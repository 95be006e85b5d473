"""Identity numbers, credit codes, mobile numbers and passwords (ACC-1, ACC-2, APPLY-1,
PAY-2, CERT-1).

Every validator returns the canonical form or raises DomainError with the reason the
trainee must read, so the client can refuse a malformed value before any request and
the server refuses it with exactly the same words.
"""

import re
import unicodedata
from datetime import date
from typing import Final

from app.core.errors import DomainError

INITIAL_PASSWORD: Final = "12345678"  # ACC-2, from the manual

ID_NUMBER_LENGTH: Final = 18
# GB 11643-1999 / ISO 7064 MOD 11-2: weight of each of the first 17 digits.
_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# The check character for each value of (weighted sum mod 11).
_ID_CHECK_CHARACTERS: Final = "10X98765432"
_DIGITS: Final = frozenset("0123456789")
# No one alive and registered was born before this day; older dates are typing errors.
EARLIEST_BIRTH_DATE: Final = date(1900, 1, 1)

CREDIT_CODE_LENGTH: Final = 18
# GB 32100-2015: digits and the capitals that cannot be mistaken for digits.
CREDIT_CODE_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

PASSWORD_MIN_LENGTH: Final = 8
PASSWORD_MAX_LENGTH: Final = 64
_ID_SUFFIX_LENGTH: Final = 8

_MOBILE: Final = re.compile(r"(?:\+?86)?(1[3-9][0-9]{9})", re.ASCII)
_MOBILE_SEPARATORS: Final = re.compile(r"[\s\-]")


def _compact(raw: str) -> str:
    """Drop all whitespace and fold full-width forms (an IME's １２３ｘ) to ASCII."""
    return "".join(unicodedata.normalize("NFKC", raw).split())


# ---------------------------------------------------------------- ID numbers (ACC-1)


def _id_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARACTERS[total % 11]


def _id_error(reason: str, message: str) -> DomainError:
    return DomainError(code="invalid_id_number", reason=reason, message=message)


def _parse_birth_date(digits8: str) -> date | None:
    try:
        return date(int(digits8[0:4]), int(digits8[4:6]), int(digits8[6:8]))
    except ValueError:
        return None


def normalize_id_number(raw: str, *, today: date | None = None) -> str:
    """Return the 18-character ID number upper-cased, or raise DomainError.

    Reasons, checked in this order so the trainee fixes the grossest fault first:
    `length`, `characters`, `birth_date`, `check_character`. `today` bounds the birth
    date; it defaults to the machine's date because a birth date is never near enough
    to today for a clock offset to matter.
    """
    number = _compact(raw).upper()
    if len(number) != ID_NUMBER_LENGTH:
        raise _id_error("length", f"身份证号应为{ID_NUMBER_LENGTH}位，您输入了{len(number)}位")
    if not set(number[:17]) <= _DIGITS or number[17] not in _ID_CHECK_CHARACTERS:
        raise _id_error("characters", "身份证号前17位应为数字，最后一位为数字或X")
    birth = _parse_birth_date(number[6:14])
    if birth is None:
        raise _id_error("birth_date", "身份证号中的出生日期不存在，请核对")
    if birth < EARLIEST_BIRTH_DATE or birth > (today or date.today()):
        raise _id_error("birth_date", "身份证号中的出生日期不对，请核对")
    if number[17] != _id_check_character(number[:17]):
        raise _id_error("check_character", "身份证号最后一位校验码不对，请核对")
    return number


def id_number_problem(raw: str, *, today: date | None = None) -> DomainError | None:
    """The refusal `normalize_id_number` would raise, or None: for checking as one types."""
    try:
        normalize_id_number(raw, today=today)
    except DomainError as problem:
        return problem
    return None


def birth_date_of(id_number: str) -> date:
    """The birth date written in an ID number (positions 7-14)."""
    number = _compact(id_number)
    birth = _parse_birth_date(number[6:14]) if len(number) == ID_NUMBER_LENGTH else None
    if birth is None:
        raise _id_error("birth_date", "身份证号中的出生日期不存在，请核对")
    return birth


def make_id_number(region: str, birth: date, sequence: int) -> str:
    """Build a valid ID number: 6-digit region, birth date, 3-digit sequence, check char.

    For tests and demo data; an odd sequence is a man, an even one a woman.
    """
    if len(region) != 6 or not set(region) <= _DIGITS:
        raise ValueError(f"region must be 6 digits, got {region!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0-999, got {sequence}")
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + _id_check_character(first17)


# ---------------------------------------------------------------- credit codes (PAY-2)


def _credit_check_character(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def _credit_error(reason: str, message: str) -> DomainError:
    return DomainError(code="invalid_credit_code", reason=reason, message=message)


def normalize_credit_code(raw: str) -> str:
    """Return the unified social credit code (GB 32100-2015) upper-cased, or raise.

    Reasons: `length`, `characters` (I, O, Z, S and V are never used), `check_character`.
    """
    code = _compact(raw).upper()
    if len(code) != CREDIT_CODE_LENGTH:
        raise _credit_error(
            "length", f"统一社会信用代码应为{CREDIT_CODE_LENGTH}位，您输入了{len(code)}位"
        )
    if not set(code) <= set(CREDIT_CODE_ALPHABET):
        raise _credit_error("characters", "统一社会信用代码只含数字和大写字母（不含I、O、Z、S、V）")
    if code[17] != _credit_check_character(code[:17]):
        raise _credit_error("check_character", "统一社会信用代码最后一位校验码不对，请核对")
    return code


def make_credit_code(first17: str) -> str:
    """Append the right check character to 17 code characters (tests and demo data)."""
    body = first17.upper()
    if len(body) != 17 or not set(body) <= set(CREDIT_CODE_ALPHABET):
        raise ValueError(f"need 17 characters of {CREDIT_CODE_ALPHABET}, got {first17!r}")
    return body + _credit_check_character(body)


# ---------------------------------------------------------------- mobile (APPLY-1)


def normalize_mobile(raw: str) -> str:
    """Return the 11-digit mainland mobile number, or raise DomainError `invalid_phone`.

    Spaces, dashes and a +86 / 86 country prefix are what people type around the number,
    so they are dropped; anything else is a wrong number.
    """
    compact = _MOBILE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    match = _MOBILE.fullmatch(compact)
    if match is None:
        raise DomainError(code="invalid_phone", reason="format", message="请填写正确的11位手机号码")
    return match.group(1)


# ---------------------------------------------------------------- passwords (ACC-2)


def check_new_password(
    new: str, *, id_number: str, initial_password: str = INITIAL_PASSWORD
) -> None:
    """Raise DomainError `weak_password` when `new` breaks ACC-2; return None when it is fine.

    Reasons: `length` (8-64), `one_character`, `initial_password`, `id_suffix` (the ID's
    last 8 characters, which others can read off the ID card; X in either case).
    """
    if not PASSWORD_MIN_LENGTH <= len(new) <= PASSWORD_MAX_LENGTH:
        raise DomainError(
            code="weak_password",
            reason="length",
            message=f"新密码应为{PASSWORD_MIN_LENGTH}-{PASSWORD_MAX_LENGTH}个字符",
        )
    if len(set(new)) == 1:
        raise DomainError(
            code="weak_password", reason="one_character", message="新密码不能全是同一个字符"
        )
    if new == initial_password:
        raise DomainError(
            code="weak_password", reason="initial_password", message="新密码不能与初始密码相同"
        )
    suffix = _compact(id_number)[-_ID_SUFFIX_LENGTH:]
    if len(suffix) == _ID_SUFFIX_LENGTH and new.upper() == suffix.upper():
        raise DomainError(
            code="weak_password", reason="id_suffix", message="新密码不能是身份证号的后8位"
        )


# ---------------------------------------------------------------- masking (CERT-1)

_ID_KEPT_HEAD: Final = 6
_ID_KEPT_TAIL: Final = 4


def mask_id_number(id_number: str) -> str:
    """Keep the first 6 and last 4 characters, star the rest: 530102********0015."""
    hidden = len(id_number) - _ID_KEPT_HEAD - _ID_KEPT_TAIL
    if hidden <= 0:
        # Too short to keep both ends without revealing everything: hide it all.
        return "*" * len(id_number)
    return id_number[:_ID_KEPT_HEAD] + "*" * hidden + id_number[-_ID_KEPT_TAIL:]


def mask_name(name: str) -> str:
    """Keep the first character, one star for each further one: 张三 → 张*, 欧阳修 → 欧**."""
    return name[:1] + "*" * max(len(name) - 1, 0)
