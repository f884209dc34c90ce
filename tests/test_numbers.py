"""Numbers and quantities: parse_number, format_number, find_quantities and their data files.

Sentences come from the seed articles and the UNC corpus (normalized with normalize_text).
The golden table tests/golden/vi/numbers.json checks whole sentences; these tests check the
pieces, the data files and properties that must hold for any text.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import resources
from analysis.config import UNC_DIR
from analysis.extract import numbers
from analysis.extract.numbers import Quantity, find_quantities, format_number, parse_number
from analysis.text.normalize import normalize_text


def q(text: str) -> list[tuple[str, object, object, object]]:
    """(text, value, unit, qualifier) of every quantity in normalized `text`."""
    return [(x.text, x.value, x.unit, x.qualifier) for x in find_quantities(normalize_text(text))]


# --- parse_number ------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("5.000", 5000), ("12.876", 12876), ("1.113", 1113), ("20.255", 20255),
    ("2,7", 2.7), ("1,54", 1.54), ("03", 3), ("06", 6), ("0,5", 0.5),
    ("1.000.000,25", 1000000.25), ("2.7", 2.7),
    ("18 nghìn", 18000), ("18 ngàn", 18000), ("1,62 triệu", 1620000),
    ("7,5 tỷ", 7500000000), ("7,5 tỉ", 7500000000), ("460,2 nghìn tỷ", 460200000000000),
    ("3 triệu 150 ngàn", 3150000), ("1 tỷ 200 triệu", 1200000000),
    ("hai", 2), ("ba", 3), ("mười", 10), ("mười lăm", 15), ("hai mươi", 20),
    ("một trăm", 100), ("hai mươi mốt", 21), ("ba trăm hai mươi tư", 324),
    ("một trăm linh năm", 105), ("một nghìn hai trăm", 1200), ("hai chục", 20),
    ("Mười Lăm", 15), ("một triệu", 1000000), ("46,800,000", 46800000),
])
def test_parse_number(text, value):
    got = parse_number(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", [
    "5.00.0", "1,2,3", "", "   ", "abc", "1.5.2021", "024.38.246.530", "5 6", "hai ba",
    "mười mười", "trăm", "lăm", "triệu", "2 triệu 500", "12,", ",5", "5.", "1,234,5",
    "9" * 40, "lần thứ", "5 kg",
])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


def test_parse_number_not_a_string():
    assert parse_number(None) is None  # type: ignore[arg-type]
    assert parse_number(5) is None  # type: ignore[arg-type]


def test_parse_number_int_when_integral():
    assert isinstance(parse_number("1,50 triệu"), int)
    assert isinstance(parse_number("1,5"), float)


@given(st.text(max_size=40))
def test_parse_number_never_raises(text):
    value = parse_number(text)
    assert value is None or isinstance(value, (int, float))


# --- format_number -------------------------------------------------------------------------


@pytest.mark.parametrize("value,text", [
    (5000, "5.000"), (2.7, "2,7"), (1620000, "1.620.000"), (0, "0"), (999, "999"),
    (1000, "1.000"), (1.54, "1,54"), (-1234.5, "-1.234,5"), (12.0, "12"), (0.5, "0,5"),
])
def test_format_number(value, text):
    assert format_number(value) == text


def test_format_number_rejects_nan():
    with pytest.raises(ValueError):
        format_number(float("nan"))


@given(st.integers(min_value=-10**18, max_value=10**18))
def test_format_parse_roundtrip_int(x):
    assert parse_number(format_number(x)) == x


@given(st.decimals(min_value=-10**12, max_value=10**12, places=4, allow_nan=False,
                   allow_infinity=False))
def test_format_parse_roundtrip_float(d):
    x = float(d)
    assert parse_number(format_number(x)) == x


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False)
       .filter(lambda x: x == 0 or abs(x) >= 1e-6))
def test_format_parse_roundtrip_any_float(x):
    """Every float a report could hold; tinier ones need more digits than max_digits allows."""
    assert parse_number(format_number(x)) == x


# --- find_quantities: units, scales, qualifiers ---------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("126kg", ("126kg", 126, "kg", None)),
    ("1,54 tấn", ("1,54 tấn", 1540, "kg", None)),
    ("500 gam", ("500 gam", 0.5, "kg", None)),
    ("500 g", ("500 g", 0.5, "kg", None)),
    ("500 gram", ("500 gram", 0.5, "kg", None)),
    ("1,62 triệu viên", ("1,62 triệu viên", 1620000, "tablet", None)),
    ("20 bánh heroin", ("20 bánh", 20, "block", None)),
    ("7,5 tỷ đồng", ("7,5 tỷ đồng", 7500000000, "VND", None)),
    ("53.000 USD", ("53.000 USD", 53000, "USD", None)),
    ("100 lít", ("100 lít", 100, "litre", None)),
    ("300 ml", ("300 ml", 0.3, "litre", None)),
    ("5 cây cần sa", ("5 cây", 5, "plant", None)),  # the drug follows the unit
    ("12 gói", ("12 gói", 12, "packet", None)),
    ("3 túi", ("3 túi", 3, "packet", None)),
    ("2 vụ án", ("2 vụ án", 2, "case", None)),
    ("2 bị can", ("2 bị can", 2, "person", None)),
    ("30 cá nhân", ("30 cá nhân", 30, "person", None)),
    ("53 người", ("53 người", 53, "person", None)),
    ("4 tuyến", ("4 tuyến", 4, "route", None)),
    ("4 cấp", ("4 cấp", 4, "level", None)),
    ("3 chuyên án", ("3 chuyên án", 3, "joint_case", None)),
    ("10 tỉnh", ("10 tỉnh", 10, "province", None)),
    ("191 trụ sở", ("191 trụ sở", 191, "station", None)),
    ("10 tập thể", ("10 tập thể", 10, "collective", None)),
    ("16 Văn phòng", ("16 Văn phòng", 16, "office", None)),
    ("14 khóa tập huấn", ("14 khóa tập huấn", 14, "course", None)),
    ("2 lớp", ("2 lớp", 2, "course", None)),
    ("5 Đoàn cán bộ", ("5 Đoàn cán bộ", 5, "delegation", None)),
    ("06 nước", ("06 nước", 6, "country", None)),
    ("2 quốc gia", ("2 quốc gia", 2, "country", None)),
    ("93%", ("93%", 93, "percent", None)),
    ("1.013 km2", ("1.013 km2", 101300, "ha", None)),
])
def test_units(text, expected):
    assert q(text) == [expected]


@pytest.mark.parametrize("text,qualifier", [
    ("trên 5.000 vụ", "over"), ("hơn 2 tỷ đồng", "over"), ("ít nhất 50 người", "over"),
    ("khoảng 7,5 tỷ đồng", "about"), ("xấp xỉ 570 người", "about"), ("chừng 20 người", "about"),
    ("gần 40 tỷ đồng", "nearly"), ("gần như 100%", "nearly"),
    ("dưới 2 tấn", "under"), ("chưa đến 1 tỷ đồng", "under"),
])
def test_qualifiers(text, qualifier):
    (found,) = find_quantities(text)
    assert found.qualifier == qualifier
    assert found.start == 0 and found.end == len(text)
    assert found.number_start == text.index(next(c for c in text if c.isdigit()))


def test_qualifier_not_carried_over_a_list():
    text = normalize_text("thu giữ trên 126kg heroin, 220kg methamphetamine, 160kg cần sa, 64kg ketamine")
    found = find_quantities(text)
    assert [(x.value, x.unit, x.qualifier) for x in found] == [
        (126, "kg", "over"), (220, "kg", None), (160, "kg", None), (64, "kg", None)]


def test_two_items_joined_by_and():
    assert q("1,54 tấn và 1,62 triệu viên ma túy tổng hợp") == [
        ("1,54 tấn", 1540, "kg", None), ("1,62 triệu viên", 1620000, "tablet", None)]


def test_fields_of_a_quantity():
    text = normalize_text("bắt giữ trên 5.000 vụ, trên 9.000 đối tượng")
    first, second = find_quantities(text)
    start = text.index("trên")
    assert first == Quantity(start, start + len("trên 5.000 vụ"), "trên 5.000 vụ", 5000, "case",
                             "over", text.index("5.000"), "vụ")
    assert second.text == "trên 9.000 đối tượng" and second.unit_text == "đối tượng"
    assert text[second.number_start:].startswith("9.000")


def test_offsets_point_into_the_given_string():
    text = "  Thu giữ   2,7 kg thuốc phiện"  # not normalized: extra spaces
    (found,) = find_quantities(text)
    assert text[found.start:found.end] == found.text == "2,7 kg"


# --- number words ---------------------------------------------------------------------------


@pytest.mark.parametrize("text,expected", [
    ("hai nước", [("hai nước", 2, "country", None)]),
    ("ba bên", [("ba bên", 3, "party", None)]),
    ("Ba bên/Song phương", [("Ba bên", 3, "party", None)]),
    ("mười lăm người", [("mười lăm người", 15, "person", None)]),
    ("hai mươi tỉnh", [("hai mươi tỉnh", 20, "province", None)]),
    ("một trăm người", [("một trăm người", 100, "person", None)]),
    ("hai khẩu súng trường", [("hai khẩu súng trường", 2, "weapon", None)]),
    ("Leona Gage có năm người con", [("năm người", 5, "person", None)]),
    ("đã xảy ra một vụ bạo hành", [("một vụ", 1, "case", None)]),
    ("hơn một triệu người", [("hơn một triệu người", 1000000, "person", "over")]),
    ("sau hai năm bên nhau", [("hai năm", 2, "year", None)]),
])
def test_number_words_before_a_unit(text, expected):
    assert q(text) == expected


@pytest.mark.parametrize("text", [
    "hai", "ba tôi", "Thứ Năm, ngày", "năm 2022", "một năm thực hiện",
    "mọi năm người chen chúc", "các năm lớp", "năm lớp 9", "vào thứ Bảy tuần trước",
    "từ năm người", "hàng trăm người", "vài chục người",
])
def test_number_words_that_are_not_counts(text):
    assert [x for x in find_quantities(normalize_text(text)) if x.unit] == []


# --- ordinals --------------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("Hội nghị lần thứ 3", 3), ("lần thứ 16 về hợp tác", 16), ("lần thứ hai", 2),
    ("lần thứ 38 năm 2017", 38), ("lần thứ nhất", 1), ("lần thứ tư", 4), ("lần thứ năm", 5),
])
def test_ordinals(text, value):
    (found,) = find_quantities(text)
    assert (found.value, found.unit, found.unit_text) == (value, "ordinal", "lần thứ")
    assert found.text.startswith("lần thứ")


# --- what is not a quantity ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "05/01/2023", "14:59", "5-1", "5-7/1", "31/5/2023", "tháng 9/2014", "năm 2019",
    "giai đoạn 2010-2017", "2016-2025", "(UNGASS 2016)", "MOU 1993", "ASOD 38", "2019",
    "Thứ Năm, 05/01/2023 14:59", "Sáng 5-1", "ngày 30 tháng 10 năm 2008", "lúc 8h30 sáng",
    "đến 9h", "14 giờ 30 phút", "quý 1/2021", "31/2/2023", "1,2,3", "5.00.0 kg",
    "10,11,12", "1.5.2021", "024.38.246.530", "C04", "mạng 4G", "AR-15", "COVID-19",
    "thứ 2", "30/4 - 1/5",
])
def test_not_quantities(text):
    assert find_quantities(normalize_text(text)) == []


def test_bare_numbers_are_kept_without_unit():
    assert q("thành lập thêm 2 BLO") == [("2", 2, None, None)]
    assert q("tiêm tổng hơn 300 mũi") == [("hơn 300", 300, None, "over")]


def test_unit_words_used_otherwise():
    assert q("5 tấn công") == [("5", 5, None, None)]
    assert q("2 đồng chí") == [("2", 2, None, None)]
    assert q("hơn 4.000 viên chức") == [("hơn 4.000", 4000, None, "over")]
    assert q("16 cây cầu") == [("16", 16, None, None)]


def test_empty_and_non_string():
    assert find_quantities("") == []
    assert find_quantities(None) == []  # type: ignore[arg-type]


# --- properties ------------------------------------------------------------------------------

_VI_ALPHABET = st.sampled_from(list(
    "0123456789.,/:-–%()  abcdeghiklmnopqrstuvxyđăâêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
    "òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐKGTUSDAM"))
_VI_WORDS = st.sampled_from([
    "trên", "hơn", "khoảng", "gần", "dưới", "chưa đến", "hai", "ba", "năm", "một", "mười",
    "lăm", "mươi", "trăm", "triệu", "tỷ", "nghìn", "kg", "tấn", "viên", "vụ", "đối tượng",
    "người", "nước", "bên", "lần thứ", "thứ", "ngày", "tháng", "đồng", "USD", "ASOD", "5",
    "5.000", "1,54", "2016", "05/01/2023", "14:59", "5-7/1", ",", ".", "-", "/", "%", "g",
])
_VI_TEXT = st.one_of(
    st.text(_VI_ALPHABET, max_size=80),
    st.lists(_VI_WORDS, max_size=25).map(" ".join),
    st.lists(_VI_WORDS, max_size=25).map("".join),
)


def _check_well_formed(text: str) -> None:
    found = find_quantities(text)
    last_end = 0
    units = _known_units()
    for x in found:
        assert last_end <= x.start <= x.number_start < x.end <= len(text)
        assert x.text == text[x.start:x.end]
        assert isinstance(x.value, (int, float)) and not isinstance(x.value, bool)
        assert x.unit is None or x.unit in units
        assert x.qualifier in (None, "over", "about", "nearly", "under")
        assert (x.unit is None) == (x.unit_text is None)
        last_end = x.end


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_find_quantities_any_unicode(text):
    _check_well_formed(text)


@settings(max_examples=300)
@given(_VI_TEXT)
def test_find_quantities_vietnamese_looking(text):
    _check_well_formed(text)


@settings(max_examples=300)
@given(_VI_TEXT)
def test_anchor_scan_equals_plain_scan(text):
    """The fast scan (only near digits and number words) finds what a full scan finds."""
    g = numbers._grammar()
    assert [m.span() for m in numbers._scan(text, g)] == numbers._scan_everywhere(text)


@pytest.mark.corpus
def test_anchor_scan_equals_plain_scan_on_corpus():
    files = sorted(Path(UNC_DIR).glob("*.txt"))[:300] if Path(UNC_DIR).is_dir() else []
    if not files:
        pytest.skip("UNC corpus not available")
    g = numbers._grammar()
    for path in files:
        text = normalize_text(path.read_text(encoding="utf-8"))
        assert [m.span() for m in numbers._scan(text, g)] == numbers._scan_everywhere(text), path
        _check_well_formed(text)


# --- the data files and the rules ------------------------------------------------------------


def _known_units() -> set[str]:
    data = resources.load("units")["units"]
    return set(data) | {resources.load("numbers")["ordinals"]["unit"]}


def test_units_file_is_consistent():
    seen: dict[str, str] = {}
    for canonical, entry in resources.load("units")["units"].items():
        assert entry["dimension"] in {"mass", "volume", "money", "count", "time", "age",
                                      "ratio", "area", "length"}, canonical
        if entry["dimension"] == "money":
            assert canonical.isupper() and len(canonical) == 3, canonical
        else:
            assert canonical == canonical.lower(), canonical
        groups = [entry] + list(entry.get("multiples") or [])
        for group in groups:
            assert Decimal(str(group.get("factor", "1"))) > 0
            for form in group["forms"]:
                form = str(form)
                assert form == normalize_text(form), form
                key = form.lower()
                assert seen.setdefault(key, canonical) == canonical, (form, canonical)


def test_qualifier_canonical_names():
    assert set(resources.load("numbers")["qualifiers"]) == {"over", "about", "nearly", "under"}


def test_ambiguous_words_are_number_words():
    data = resources.load("numbers")
    digits = {str(f) for forms in data["number_words"]["digits"].values() for f in forms}
    assert set(data["ambiguous"]) <= digits


def test_no_vietnamese_in_code():
    """Language knowledge lives in the YAML files: string literals in numbers.py (other than
    docstrings) are ASCII."""
    source = Path(numbers.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            assert node.value.isascii(), node.value
