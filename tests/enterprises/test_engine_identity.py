"""USCC (GB 32100-2015) and resident ID numbers, checked through python-stdnum."""

import hashlib

import pytest

from innozone.enterprises.engine.identity import complete_uscc, normalize_uscc, person_key, uscc_problem

# The example of python-stdnum's documentation, a known answer for the check character.
KNOWN = "91110000600037341L"


def test_known_code_is_valid():
    assert uscc_problem(KNOWN) is None


def test_complete_uscc_adds_the_known_check_character():
    assert complete_uscc(KNOWN[:17]) == KNOWN


def test_lower_case_and_spaces_around_are_normalised():
    assert normalize_uscc(f"  {KNOWN.lower()} ") == KNOWN
    assert uscc_problem(KNOWN.lower()) is None


def test_wrong_check_character_is_named_with_the_right_one():
    wrong = KNOWN[:17] + ("A" if KNOWN[17] != "A" else "B")
    problem = uscc_problem(wrong)
    assert "校验位不符" in problem
    assert f"应为 {KNOWN[17]}" in problem


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_code_is_refused(text):
    assert uscc_problem(text) == "统一社会信用代码为空"


def test_wrong_length_is_refused():
    assert "应为 18 位" in uscc_problem(KNOWN[:17])
    assert "应为 18 位" in uscc_problem(KNOWN + "1")


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_outside_the_alphabet_are_refused(letter):
    code = KNOWN[:10] + letter + KNOWN[11:]
    assert "不允许的字符" in uscc_problem(code)


def test_inner_separators_are_refused_not_removed():
    assert uscc_problem(KNOWN[:9] + "-" + KNOWN[9:17]) is not None


def test_complete_uscc_refuses_a_wrong_length():
    with pytest.raises(ValueError):
        complete_uscc("9111")


def test_complete_uscc_makes_codes_that_pass():
    for serial in range(100):
        code = complete_uscc(f"91620100{serial:08d}0")
        assert uscc_problem(code) is None


def test_person_key_is_the_sha256_of_the_normalised_number():
    number = "11010519491231002X"
    assert person_key(f" {number.lower()} ") == hashlib.sha256(number.encode()).hexdigest()
    assert number not in person_key(number)


def test_person_key_refuses_a_wrong_check_character():
    with pytest.raises(ValueError, match="校验位"):
        person_key("110105194912310021")


def test_person_key_refuses_an_impossible_birth_date():
    from stdnum.cn import ric

    body = "11010519491331002"  # month 13
    with pytest.raises(ValueError, match="格式"):
        person_key(body + ric.calc_check_digit(body + "0"))
