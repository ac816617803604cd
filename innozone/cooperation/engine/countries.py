"""Countries and regions (ISO 3166-1 alpha-2) with their Chinese names, and the countries that have signed
Belt-and-Road cooperation documents with China (中国一带一路网 list of 共建“一带一路”国家; a partner's own
flag is what counts — this list is only the default offered when a partner is entered).

Pure: no Django, no other module of the project.
"""

from __future__ import annotations

import re

# code: Chinese name
COUNTRIES: dict[str, str] = {
    "AE": "阿联酋", "AF": "阿富汗", "AM": "亚美尼亚", "AR": "阿根廷", "AT": "奥地利", "AU": "澳大利亚",
    "AZ": "阿塞拜疆", "BD": "孟加拉国", "BE": "比利时", "BG": "保加利亚", "BH": "巴林", "BR": "巴西",
    "BY": "白俄罗斯", "CA": "加拿大", "CH": "瑞士", "CL": "智利", "CN": "中国", "CZ": "捷克",
    "DE": "德国", "DK": "丹麦", "EG": "埃及", "ES": "西班牙", "ET": "埃塞俄比亚", "FI": "芬兰",
    "FR": "法国", "GB": "英国", "GE": "格鲁吉亚", "GR": "希腊", "HK": "中国香港", "HU": "匈牙利",
    "ID": "印度尼西亚", "IE": "爱尔兰", "IL": "以色列", "IN": "印度", "IQ": "伊拉克", "IR": "伊朗",
    "IT": "意大利", "JP": "日本", "KE": "肯尼亚", "KG": "吉尔吉斯斯坦", "KH": "柬埔寨", "KR": "韩国",
    "KW": "科威特", "KZ": "哈萨克斯坦", "LA": "老挝", "LK": "斯里兰卡", "MA": "摩洛哥", "MM": "缅甸",
    "MN": "蒙古国", "MO": "中国澳门", "MX": "墨西哥", "MY": "马来西亚", "NG": "尼日利亚", "NL": "荷兰",
    "NO": "挪威", "NP": "尼泊尔", "NZ": "新西兰", "OM": "阿曼", "PE": "秘鲁", "PH": "菲律宾",
    "PK": "巴基斯坦", "PL": "波兰", "PT": "葡萄牙", "QA": "卡塔尔", "RO": "罗马尼亚", "RS": "塞尔维亚",
    "RU": "俄罗斯", "SA": "沙特阿拉伯", "SE": "瑞典", "SG": "新加坡", "TH": "泰国", "TJ": "塔吉克斯坦",
    "TM": "土库曼斯坦", "TR": "土耳其", "TW": "中国台湾", "TZ": "坦桑尼亚", "UA": "乌克兰", "US": "美国",
    "UZ": "乌兹别克斯坦", "VN": "越南", "ZA": "南非",
}  # fmt: skip

# code: English name (the pages in English)
COUNTRIES_EN: dict[str, str] = {
    "AE": "United Arab Emirates", "AF": "Afghanistan", "AM": "Armenia", "AR": "Argentina", "AT": "Austria",
    "AU": "Australia", "AZ": "Azerbaijan", "BD": "Bangladesh", "BE": "Belgium", "BG": "Bulgaria", "BH": "Bahrain",
    "BR": "Brazil", "BY": "Belarus", "CA": "Canada", "CH": "Switzerland", "CL": "Chile", "CN": "China",
    "CZ": "Czechia", "DE": "Germany", "DK": "Denmark", "EG": "Egypt", "ES": "Spain", "ET": "Ethiopia",
    "FI": "Finland", "FR": "France", "GB": "United Kingdom", "GE": "Georgia", "GR": "Greece",
    "HK": "Hong Kong, China", "HU": "Hungary", "ID": "Indonesia", "IE": "Ireland", "IL": "Israel", "IN": "India",
    "IQ": "Iraq", "IR": "Iran", "IT": "Italy", "JP": "Japan", "KE": "Kenya", "KG": "Kyrgyzstan", "KH": "Cambodia",
    "KR": "Republic of Korea", "KW": "Kuwait", "KZ": "Kazakhstan", "LA": "Laos", "LK": "Sri Lanka", "MA": "Morocco",
    "MM": "Myanmar", "MN": "Mongolia", "MO": "Macao, China", "MX": "Mexico", "MY": "Malaysia", "NG": "Nigeria",
    "NL": "Netherlands", "NO": "Norway", "NP": "Nepal", "NZ": "New Zealand", "OM": "Oman", "PE": "Peru",
    "PH": "Philippines", "PK": "Pakistan", "PL": "Poland", "PT": "Portugal", "QA": "Qatar", "RO": "Romania",
    "RS": "Serbia", "RU": "Russia", "SA": "Saudi Arabia", "SE": "Sweden", "SG": "Singapore", "TH": "Thailand",
    "TJ": "Tajikistan", "TM": "Turkmenistan", "TR": "Türkiye", "TW": "Taiwan, China", "TZ": "Tanzania",
    "UA": "Ukraine", "US": "United States", "UZ": "Uzbekistan", "VN": "Viet Nam", "ZA": "South Africa",
}  # fmt: skip

# the default Belt-and-Road flag for the countries above (those of them with cooperation documents signed)
BELT_AND_ROAD: frozenset[str] = frozenset(
    {
        "AE", "AF", "AM", "AR", "AT", "AZ", "BD", "BG", "BH", "BY", "CL", "CZ", "EG", "ET", "GE", "GR", "HU", "ID",
        "IQ", "IR", "IT", "KE", "KG", "KH", "KR", "KW", "KZ", "LA", "LK", "MA", "MM", "MN", "MY", "NG", "NZ", "OM",
        "PE", "PH", "PK", "PL", "PT", "QA", "RO", "RS", "RU", "SA", "SG", "TH", "TJ", "TM", "TR", "TZ", "UA", "UZ",
        "VN", "ZA",
    }
)  # fmt: skip

_CODE = re.compile(r"^[A-Z]{2}$")


def normalize(code: str | None) -> str:
    return (code or "").strip().upper()


def is_code(code: str | None) -> bool:
    """A well-formed two-letter code (known or not: the list above is not exhaustive)."""
    return bool(_CODE.match(normalize(code)))


def name(code: str | None, language: str = "zh") -> str:
    """The name in Chinese (or English when `language` starts with "en"), or the code itself when the list
    does not know it."""
    c = normalize(code)
    names = COUNTRIES_EN if (language or "").startswith("en") else COUNTRIES
    return names.get(c, c)


def belt_and_road_default(code: str | None) -> bool:
    return normalize(code) in BELT_AND_ROAD


def choices(*, foreign_only: bool = True, language: str = "zh") -> list[tuple[str, str]]:
    """(code, "名称（code）") sorted by code, China left out when `foreign_only`."""
    return [(c, f"{name(c, language)}（{c}）") for c in sorted(COUNTRIES) if not (foreign_only and c == "CN")]
