"""Who an enterprise or a person is: the 统一社会信用代码 (USCC, GB 32100-2015) and the resident ID number.

The check characters are computed by python-stdnum (`stdnum.cn.uscc`, `stdnum.cn.ric`), never by hand: one
implementation of GB 32100-2015 (weights 1, 3, 9, …, modulus 31) and of GB 11643-1999 for the whole project.
"""

from __future__ import annotations

import hashlib

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

USCC_LENGTH = 18


def normalize_uscc(text: str | None) -> str:
    """The code as stored: surrounding spaces removed, letters upper-cased (lower case is accepted on input)."""
    return (text or "").strip().upper()


def uscc_problem(text: str | None) -> str | None:
    """Why `text` is not a valid USCC (a Chinese message), or None. The check character is GB 32100-2015's,
    as computed by `stdnum.cn.uscc`; spaces or hyphens inside the code are refused, not silently removed."""
    code = normalize_uscc(text)
    if not code:
        return "统一社会信用代码为空"
    if len(code) != USCC_LENGTH:
        shown = code if len(code) <= 2 * USCC_LENGTH else code[: 2 * USCC_LENGTH] + "…"
        return f"统一社会信用代码应为 18 位，“{shown}”为 {len(code)} 位"
    try:
        uscc.validate(code)
    except InvalidChecksum:
        return f"统一社会信用代码“{code}”校验位不符（按 GB 32100-2015 应为 {uscc.calc_check_digit(code)}）"
    except (InvalidFormat, InvalidLength, InvalidComponent, ValidationError):
        return f"统一社会信用代码“{code}”含不允许的字符（前 8 位为数字，其后为数字或除 I、O、S、V、Z 外的大写字母）"
    return None


def complete_uscc(first17: str) -> str:
    """The full 18-character code for the first 17 characters (used to make demo codes that pass the check)."""
    body = normalize_uscc(first17)
    if len(body) != USCC_LENGTH - 1:
        raise ValueError(f"统一社会信用代码主体应为 17 位，“{body}”为 {len(body)} 位")
    code = body + uscc.calc_check_digit(body)
    problem = uscc_problem(code)
    if problem:
        raise ValueError(problem)
    return code


def person_key(id_number: str) -> str:
    """A stable key for a natural person: the SHA-256 hex digest of the normalised resident ID number, so the
    number itself is never stored in clear. Raises ValueError (Chinese message) when the number is invalid
    (length, check character, birth date or region per `stdnum.cn.ric`)."""
    number = (id_number or "").strip().upper()
    try:
        number = ric.validate(number)
    except InvalidChecksum as e:
        raise ValueError("身份证号码校验位不符") from e
    except InvalidLength as e:
        raise ValueError(f"身份证号码应为 18 位，实为 {len(number)} 位") from e
    except (InvalidFormat, InvalidComponent, ValidationError) as e:
        raise ValueError("身份证号码格式不正确（出生日期或地区码无效）") from e
    return hashlib.sha256(number.encode("ascii")).hexdigest()
