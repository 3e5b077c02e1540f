"""Every dataset of the dashboard, defined once.

Loading, validation, templates and the in-app data dictionary all read these
definitions; nothing else in the code base lists a dataset's columns.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

# Column types and the DuckDB type each is stored as.
DUCKDB_TYPES = {"text": "VARCHAR", "int": "INTEGER", "float": "DOUBLE", "bool": "BOOLEAN"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of DUCKDB_TYPES
    label_vi: str
    label_en: str
    desc_vi: str
    desc_en: str
    required: bool = True
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    references: str | None = None  # "dataset.column"
    width: int | None = None       # a code of this many digits: one a spreadsheet made a number gets its zeros back
    aliases: tuple[str, ...] = ()  # other headers a file may give the column (as a published list names it)
    # What a stored version written before the column existed reads for it (a required column
    # added later must declare one, or every stored version would become unreadable).
    default: str | None = None

    def label(self, lang: str) -> str:
        return self.label_vi if lang == "vi" else self.label_en

    def desc(self, lang: str) -> str:
        return self.desc_vi if lang == "vi" else self.desc_en


@dataclass(frozen=True)
class Dataset:
    name: str
    label_vi: str
    label_en: str
    desc_vi: str
    desc_en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    kind: str  # "dimension" | "fact"
    example: dict[str, str] = field(default_factory=dict)
    rules: tuple[str, ...] = ()  # checks across columns of a row, by name (ingest.validate.RULES)
    # checks that read the rows as a frame (several columns, other datasets), by name
    # (ingest.validate.FRAME_RULES); a dataset without any stays in Arrow from the file to the store
    frame_rules: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()  # what an upload is found to hold, said as warnings (ingest.upload.NOTICES)
    repeats_once: bool = False   # a row repeated exactly (a list built from several sources) is kept once

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def duckdb_types(self) -> dict[str, str]:
        return {c.name: DUCKDB_TYPES[c.type] for c in self.columns}

    def label(self, lang: str) -> str:
        return self.label_vi if lang == "vi" else self.label_en


YEAR_MIN, YEAR_MAX = 1990, 2100
# What a commune-level unit may be.
UNIT_TYPES = ("Xã", "Phường", "Thị trấn")
CLUSTER = "Cụm"  # a district-table row that groups communes after 7/2025, not an administrative unit
# What an indicator stands for on the pages that need a particular one (the overview's
# contributions card, the resource mix, the mobilisation slide). Found by role, never by id.
INDICATOR_ROLES = ("contrib_money", "contrib_land", "contrib_labour", "investment_total", "models", "teams")

DATASETS: dict[str, Dataset] = {}


def literal(value: str) -> str:
    """A schema-declared constant (a column's default) as an SQL string literal. Only for values
    written in this file: data from files or people is always bound as a parameter."""
    return "'" + value.replace("'", "''") + "'"


def ident(name: str) -> str:
    """Quote an identifier (a schema's table or column name) for SQL; values are never quoted
    into SQL, they are bound as parameters."""
    return '"' + name.replace('"', '""') + '"'


def _register(ds: Dataset) -> Dataset:
    DATASETS[ds.name] = ds
    return ds


_register(Dataset(
    "districts", "Đơn vị cấp huyện", "Districts",
    "Huyện, thị xã, thành phố thuộc tỉnh; từ 01/7/2025 (không còn cấp huyện) cũng có thể là cụm xã do tỉnh "
    "tự đặt để nhóm các xã mới trên các trang theo huyện.",
    "District-level units of the province; from 1 July 2025 (no district level) also clusters of communes "
    "the province defines to group the new communes on the pages by district.",
    (
        Column("district_code", "text", "Mã huyện", "District code",
               "Mã đơn vị hành chính cấp huyện (giữ số 0 ở đầu).",
               "Official district code (leading zeros kept).", width=3),
        Column("district_name", "text", "Tên huyện", "District name",
               "Tên đầy đủ, ví dụ “Huyện Định Hóa”.", "Full name, e.g. “Huyện Định Hóa”."),
        Column("district_type", "text", "Loại đơn vị", "Unit type",
               "Thành phố, Thị xã, Huyện — hoặc Cụm: một nhóm xã tỉnh tự đặt (không phải đơn vị hành chính), "
               "để nhóm xã mới từ 01/7/2025 qua cột “Nhóm” của bảng xã.",
               "City, town or rural district — or Cụm: a cluster of communes the province defines (not an "
               "administrative unit), to group the communes from 1 July 2025 through the communes' group column.",
               allowed=("Thành phố", "Thị xã", "Huyện", CLUSTER)),
        Column("lat", "float", "Vĩ độ", "Latitude", "Vĩ độ tâm (không bắt buộc).",
               "Centroid latitude (optional).", required=False, minimum=-90, maximum=90),
        Column("lon", "float", "Kinh độ", "Longitude", "Kinh độ tâm (không bắt buộc).",
               "Centroid longitude (optional).", required=False, minimum=-180, maximum=180),
    ),
    key=("district_code",), kind="dimension",
    example={"district_code": "167", "district_name": "Huyện Định Hóa",
             "district_type": "Huyện", "lat": "21.901", "lon": "105.630"},
))

_register(Dataset(
    "communes", "Xã", "Communes",
    "Các xã tham gia chương trình và huyện của xã.", "Communes in the programme and their district.",
    (
        Column("commune_code", "text", "Mã xã", "Commune code",
               "Mã đơn vị hành chính cấp xã, 5 chữ số (giữ số 0 ở đầu).",
               "Official 5-digit commune code (leading zeros kept).", width=5),
        Column("commune_name", "text", "Tên xã", "Commune name",
               "Tên đầy đủ, ví dụ “Xã Phúc Hà”.", "Full name, e.g. “Xã Phúc Hà”."),
        Column("district_code", "text", "Mã huyện", "District code",
               "Mã huyện mà xã trực thuộc; để trống với đơn vị từ 01/7/2025 (không còn cấp huyện).",
               "Code of the commune's district; blank for a unit from 1 July 2025 (no district level).",
               required=False, references="districts.district_code", width=3),
        Column("group_code", "text", "Nhóm", "Grouped with",
               "Với đơn vị không có huyện (từ 01/7/2025): mã huyện cũ hoặc mã cụm (bảng huyện, loại “Cụm”) dùng để "
               "nhóm trên các trang theo huyện, ví dụ huyện của phần lớn các xã hợp thành (không bắt buộc; để "
               "trống: chỉ tính vào toàn tỉnh).",
               "For a unit without a district (from 1 July 2025): the old district or the cluster (districts table, "
               "type “Cụm”) it is grouped with on the pages by district, e.g. the district of most of the communes "
               "it was made of (optional; blank: the province only).",
               required=False, references="districts.district_code", width=3,
               aliases=("Nhóm theo huyện cũ", "Grouped with district")),
        Column("unit_type", "text", "Loại đơn vị", "Unit type", "Xã, Phường hoặc Thị trấn (không bắt buộc).",
               "Commune, ward or township (optional).", required=False, allowed=UNIT_TYPES),
        Column("valid_from", "text", "Hiệu lực từ", "Valid from",
               "Ngày đơn vị bắt đầu tồn tại, YYYY-MM-DD (để trống: từ trước mọi số liệu).",
               "Date the unit came into being, YYYY-MM-DD (blank: before any data).", required=False),
        Column("valid_to", "text", "Hiệu lực đến", "Valid to",
               "Ngày cuối cùng của đơn vị, YYYY-MM-DD (để trống: còn đến nay). Một mã có thể được dùng lại cho "
               "đơn vị khác sau ngày này.",
               "Last day of the unit, YYYY-MM-DD (blank: still in being). A code may be reused for another "
               "unit after it.", required=False),
        Column("province_code", "text", "Mã tỉnh (khi đó)", "Province code (then)",
               "Với đơn vị khi đó thuộc tỉnh khác (ví dụ xã của tỉnh Bắc Kạn trước 01/7/2025): mã tỉnh đó. Số liệu "
               "của đơn vị ấy không tính vào tỉnh theo đơn vị thời đó, chỉ vào lịch sử của xã hiện nay được hợp "
               "thành từ nó. Để trống: đơn vị của tỉnh.",
               "For a unit then in another province (e.g. a commune of Bắc Kạn before 1 July 2025): that province's "
               "code. Its figures count not for the province on the units of the time, only in the history of "
               "today's commune made from it. Blank: a unit of the province.", required=False, width=2),
    ),
    key=("commune_code", "valid_from"), kind="dimension", rules=("dates_iso", "validity_ordered"),
    example={"commune_code": "05485", "commune_name": "Xã Phúc Hà", "district_code": "164", "unit_type": "Xã",
             "valid_from": "", "valid_to": "2025-06-30"},
))

_register(Dataset(
    "criteria_sets", "Bộ tiêu chí", "Criteria sets",
    "Các bộ tiêu chí quốc gia về xã nông thôn mới (mỗi giai đoạn ghi bộ tiêu chí áp dụng), ví dụ bộ 19 tiêu "
    "chí theo Quyết định 1980/QĐ-TTg, bộ theo Quyết định 318/QĐ-TTg, bộ 10 tiêu chí theo Quyết định "
    "51/2025/QĐ-TTg (không bắt buộc: không có thì mọi năm dùng một bộ).",
    "The national criteria sets for a New Rural commune (each phase names the set it applies), e.g. the 19 "
    "criteria of Decision 1980/QĐ-TTg, the set of Decision 318/QĐ-TTg, the 10 criteria of Decision "
    "51/2025/QĐ-TTg (optional: without it every year takes one set).",
    (
        Column("set_id", "text", "Mã bộ tiêu chí", "Set id", "Mã ngắn, ví dụ “318-2022”.", "Short id, e.g. “318-2022”."),
        Column("name_vi", "text", "Tên tiếng Việt", "Vietnamese name", "Tên bộ tiêu chí.", "Set name in Vietnamese."),
        Column("name_en", "text", "Tên tiếng Anh", "English name", "Tên bộ tiêu chí bằng tiếng Anh.",
               "Set name in English."),
        Column("decision", "text", "Quyết định", "Decision", "Văn bản ban hành (không bắt buộc).",
               "The decision that issued it (optional).", required=False),
    ),
    key=("set_id",), kind="dimension",
    example={"set_id": "318-2022", "name_vi": "Bộ tiêu chí xã NTM 2021–2025",
             "name_en": "Commune criteria 2021–2025", "decision": "318/QĐ-TTg ngày 08/03/2022"},
))

_register(Dataset(
    "criteria", "Tiêu chí", "Criteria",
    "19 tiêu chí quốc gia về xã nông thôn mới và 5 nhóm tiêu chí.",
    "The 19 national commune criteria and their 5 groups.",
    (
        Column("criterion_id", "int", "Số tiêu chí", "Criterion number",
               "Số thứ tự tiêu chí (1–19).", "Criterion number (1–19).", minimum=1, maximum=99),
        Column("name_vi", "text", "Tên tiếng Việt", "Vietnamese name", "Tên tiêu chí.", "Criterion name in Vietnamese."),
        Column("name_en", "text", "Tên tiếng Anh", "English name", "Tên tiêu chí bằng tiếng Anh.", "Criterion name in English."),
        Column("group_id", "int", "Số nhóm", "Group number", "Số nhóm tiêu chí (1–5).", "Criteria group (1–5).",
               minimum=1, maximum=99),
        Column("group_vi", "text", "Nhóm (tiếng Việt)", "Group (Vietnamese)", "Tên nhóm.", "Group name in Vietnamese."),
        Column("group_en", "text", "Nhóm (tiếng Anh)", "Group (English)", "Tên nhóm bằng tiếng Anh.", "Group name in English."),
        Column("set_id", "text", "Bộ tiêu chí", "Criteria set",
               "Mã bộ tiêu chí của tiêu chí (không bắt buộc; để trống: bộ duy nhất).",
               "The set the criterion belongs to (optional; blank: the only set).",
               required=False, references="criteria_sets.set_id"),
        Column("change_vi", "text", "Thay đổi so với bộ trước", "Change from the set before",
               "Nội dung thay đổi so với tiêu chí cùng số của bộ trước (không bắt buộc), ví dụ “chuẩn nghèo đa chiều”.",
               "What changed from the criterion of the same number in the set before (optional).", required=False),
        Column("change_en", "text", "Thay đổi (tiếng Anh)", "Change (English)",
               "Nội dung thay đổi bằng tiếng Anh (không bắt buộc).", "What changed, in English (optional).",
               required=False),
    ),
    key=("set_id", "criterion_id"), kind="dimension",
    example={"criterion_id": "1", "name_vi": "Quy hoạch", "name_en": "Planning",
             "group_id": "1", "group_vi": "Quy hoạch", "group_en": "Planning"},
))

_register(Dataset(
    "phases", "Giai đoạn", "Phases",
    "Các giai đoạn của chương trình; thêm giai đoạn mới bằng dữ liệu.",
    "Programme phases; a new phase is added as data.",
    (
        Column("phase_id", "text", "Mã giai đoạn", "Phase id", "Mã ngắn, ví dụ “2016-2020”.", "Short id, e.g. “2016-2020”."),
        Column("name_vi", "text", "Tên tiếng Việt", "Vietnamese name", "Ví dụ “Giai đoạn 2016–2020”.", "E.g. “Giai đoạn 2016–2020”."),
        Column("name_en", "text", "Tên tiếng Anh", "English name", "Ví dụ “Phase 2016–2020”.", "E.g. “Phase 2016–2020”."),
        Column("start_year", "int", "Năm bắt đầu", "Start year", "Năm đầu giai đoạn.", "First year of the phase.",
               minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("end_year", "int", "Năm kết thúc", "End year", "Năm cuối giai đoạn.", "Last year of the phase.",
               minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("criteria_set", "text", "Bộ tiêu chí", "Criteria set",
               "Mã bộ tiêu chí áp dụng trong giai đoạn (không bắt buộc; để trống: bộ tiêu chí không ghi mã bộ).",
               "The criteria set in force in the phase (optional; blank: the criteria with no set named).",
               required=False, references="criteria_sets.set_id"),
    ),
    key=("phase_id",), kind="dimension", frame_rules=("phase_years",),
    example={"phase_id": "2021-2025", "name_vi": "Giai đoạn 2021–2025", "name_en": "Phase 2021–2025",
             "start_year": "2021", "end_year": "2025"},
))

_register(Dataset(
    "indicators", "Chỉ số", "Indicators",
    "Các chỉ số ngoài 19 tiêu chí: đóng góp của nhân dân, nguồn lực, thu nhập, hộ nghèo, dân vận.",
    "Indicators beyond the 19 criteria: people's contributions, resources, income, poverty, mobilisation.",
    (
        Column("indicator_id", "text", "Mã chỉ số", "Indicator id", "Mã ngắn không dấu.", "Short id."),
        Column("name_vi", "text", "Tên tiếng Việt", "Vietnamese name", "Tên chỉ số.", "Indicator name in Vietnamese."),
        Column("name_en", "text", "Tên tiếng Anh", "English name", "Tên chỉ số bằng tiếng Anh.", "Indicator name in English."),
        Column("unit", "text", "Đơn vị", "Unit", "Đơn vị tính, ví dụ “tỷ đồng”.", "Unit, e.g. “tỷ đồng” (billion VND)."),
        Column("level", "text", "Cấp", "Level", "Số liệu theo huyện (district) hay theo xã (commune).",
               "Whether values are per district or per commune.", allowed=("district", "commune")),
        Column("aggregation", "text", "Cách cộng dồn", "Aggregation",
               "Cách gộp theo giai đoạn: sum (cộng), mean (trung bình), last (năm cuối).",
               "How values combine over a phase: sum, mean or last.", allowed=("sum", "mean", "last")),
        Column("higher_is_better", "bool", "Cao hơn là tốt hơn", "Higher is better",
               "1 nếu giá trị cao hơn là tốt hơn, 0 nếu ngược lại.", "1 if a higher value is better, else 0."),
        Column("role", "text", "Vai trò", "Role",
               "Chỉ số này là gì trên các trang (không bắt buộc): contrib_money (tiền nhân dân đóng góp), "
               "contrib_land (đất hiến), contrib_labour (ngày công), investment_total (tổng vốn huy động), "
               "models (mô hình dân vận khéo), teams (tổ dân vận). Để trống nếu không thuộc vai trò nào.",
               "What the indicator is on the pages (optional): contrib_money (people's cash), contrib_land "
               "(land donated), contrib_labour (labour days), investment_total (total investment), models "
               "(“dân vận khéo” models), teams (mobilisation teams). Blank when none applies.",
               required=False, allowed=INDICATOR_ROLES),
    ),
    key=("indicator_id",), kind="dimension",
    example={"indicator_id": "contrib_money", "name_vi": "Nhân dân đóng góp tiền",
             "name_en": "People's cash contributions", "unit": "tỷ đồng", "level": "district",
             "aggregation": "sum", "higher_is_better": "1", "role": "contrib_money"},
))

_register(Dataset(
    "criteria_status", "Kết quả tiêu chí theo xã", "Criteria status by commune",
    "Mỗi dòng: một xã, một tiêu chí, một năm — đạt (1) hay chưa đạt (0).",
    "One row per commune, criterion and year: met (1) or not (0).",
    (
        Column("year", "int", "Năm", "Year", "Năm đánh giá.", "Year of assessment.", minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("commune_code", "text", "Mã xã", "Commune code", "Mã xã 5 chữ số.", "5-digit commune code.",
               references="communes.commune_code"),
        Column("criterion_id", "int", "Số tiêu chí", "Criterion number", "Số tiêu chí (1–19).", "Criterion number (1–19).",
               references="criteria.criterion_id"),
        Column("met", "bool", "Đạt", "Met", "1 nếu đạt, 0 nếu chưa đạt (cơ bản đạt là 0).",
               "1 if met, 0 if not (largely met is 0)."),
        Column("status", "text", "Mức đạt", "Status",
               "Không bắt buộc: dat (đạt), co_ban_dat (cơ bản đạt) hoặc chua_dat (chưa đạt), khi biểu ghi ba mức; "
               "phải khớp với cột Đạt.",
               "Optional: dat (met), co_ban_dat (largely met) or chua_dat (not met), where a form gives three "
               "values; must agree with Met.", required=False, allowed=("dat", "co_ban_dat", "chua_dat")),
    ),
    key=("year", "commune_code", "criterion_id"), kind="fact",
    rules=("status_agrees_with_met", "criterion_in_year_set", "unit_valid_in_year"),
    example={"year": "2020", "commune_code": "05485", "criterion_id": "1", "met": "1", "status": ""},
))

_register(Dataset(
    "indicator_values", "Giá trị chỉ số", "Indicator values",
    "Mỗi dòng: một chỉ số của một huyện (hoặc xã) trong một năm.",
    "One row per indicator, district (or commune) and year.",
    (
        Column("year", "int", "Năm", "Year", "Năm số liệu.", "Year of the value.", minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("area_code", "text", "Mã địa bàn", "Area code", "Mã huyện hoặc mã xã, theo cấp của chỉ số.",
               "District or commune code, by the indicator's level."),
        Column("indicator_id", "text", "Mã chỉ số", "Indicator id", "Mã chỉ số trong bảng chỉ số.",
               "Indicator id from the indicators table.", references="indicators.indicator_id"),
        Column("value", "float", "Giá trị", "Value", "Giá trị theo đơn vị của chỉ số.", "Value in the indicator's unit.",
               minimum=0),
    ),
    key=("year", "area_code", "indicator_id"), kind="fact", frame_rules=("indicator_areas",),
    example={"year": "2020", "area_code": "167", "indicator_id": "contrib_money", "value": "12.5"},
))

# -- optional datasets: boundaries, targets and recognitions (an older version loads them empty) --
# What a target may be set for (targets.measure): the commune measures of the pages, and the
# districts recognised by decision (counted from district_recognitions).
TARGET_MEASURES = ("meeting", "share_meeting", "avg_criteria", "districts_recognised",
                   "advanced", "share_advanced", "model", "share_model")
# Targets given in % (70 = 70%), compared as fractions.
SHARE_TARGETS = ("share_meeting", "share_advanced", "share_model")


# A district's recognition (Prime Minister's decision), lowest first; blank is dat_chuan.
DISTRICT_LEVELS = ("dat_chuan", "hoan_thanh", "nang_cao")


def province_code() -> str:
    """The province's own code, for rows about the whole province (``NTM_PROVINCE_CODE``,
    default 19: Thái Nguyên's statistics code)."""
    return os.environ.get("NTM_PROVINCE_CODE", "").strip() or "19"


_register(Dataset(
    "district_boundaries", "Ranh giới huyện", "District boundaries",
    "Ranh giới mỗi huyện để vẽ bản đồ (không bắt buộc; không có thì bản đồ vẽ mỗi huyện một ô). "
    "Tải lên tệp GeoJSON: mỗi đối tượng (feature) là một huyện, mã huyện ở thuộc tính district_code "
    "(hoặc ma_huyen, hoặc tên huyện ở district_name).",
    "Each district's boundary for the map (optional; without it the map draws one tile per district). "
    "Upload a GeoJSON file: one feature per district, its code in the district_code property "
    "(or ma_huyen, or its name in district_name).",
    (
        Column("district_code", "text", "Mã huyện", "District code", "Mã huyện của ranh giới.",
               "Code of the district the boundary belongs to.", references="districts.district_code"),
        Column("geometry", "text", "Ranh giới", "Boundary",
               "Hình học GeoJSON (Polygon hoặc MultiPolygon, kinh độ và vĩ độ WGS84), do tệp GeoJSON tải lên tạo ra.",
               "GeoJSON geometry (Polygon or MultiPolygon, WGS84 longitude and latitude), made from the uploaded file."),
    ),
    key=("district_code",), kind="dimension", frame_rules=("geometry",),
    example={"district_code": "167",
             "geometry": '{"type":"Polygon","coordinates":[[[105.5,21.8],[105.7,21.8],[105.7,22.0],[105.5,21.8]]]}'},
))

_register(Dataset(
    "targets", "Kế hoạch", "Targets",
    "Chỉ tiêu kế hoạch của tỉnh hoặc từng huyện theo năm (không bắt buộc): số xã đạt chuẩn, tỷ lệ xã đạt chuẩn "
    "(ghi theo %, 70 là 70%), bình quân tiêu chí/xã, số huyện đạt chuẩn (chỉ của tỉnh).",
    "Planned targets of the province or of each district by year (optional): communes meeting the standard, "
    "their share (in %, 70 means 70%), average criteria per commune, districts recognised (province only).",
    (
        Column("year", "int", "Năm", "Year", "Năm phải đạt chỉ tiêu.", "Year the target is due.",
               minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("area_code", "text", "Mã địa bàn", "Area code",
               "Mã tỉnh (chỉ tiêu của cả tỉnh) hoặc mã huyện; tên huyện cũng được.",
               "The province's code (a target for the whole province) or a district's code; a district name works too."),
        Column("measure", "text", "Chỉ tiêu", "Measure",
               "meeting (số xã đạt chuẩn), share_meeting (tỷ lệ xã đạt chuẩn, %), avg_criteria (bình quân "
               "tiêu chí/xã), districts_recognised (số huyện đạt chuẩn NTM, chỉ của tỉnh), advanced / "
               "share_advanced (số / tỷ lệ xã nâng cao), model / share_model (số / tỷ lệ xã kiểu mẫu).",
               "meeting (communes meeting the standard), share_meeting (their share, %), avg_criteria (average "
               "criteria per commune), districts_recognised (districts recognised, province only), advanced / "
               "share_advanced (advanced communes, number / %), model / share_model (model communes).",
               allowed=TARGET_MEASURES),
        Column("target", "float", "Giá trị kế hoạch", "Target value",
               "Giá trị phải đạt; tỷ lệ ghi theo % (70 là 70%).", "Value to reach; a share in % (70 means 70%).",
               minimum=0),
    ),
    key=("year", "area_code", "measure"), kind="fact", frame_rules=("target_area",),
    example={"year": "2020", "area_code": "19", "measure": "share_meeting", "target": "70"},
))

_register(Dataset(
    "district_recognitions", "Huyện đạt chuẩn NTM", "Districts recognised",
    "Huyện (thị xã, thành phố) được công nhận đạt chuẩn / hoàn thành nhiệm vụ xây dựng nông thôn mới "
    "theo quyết định (không bắt buộc).",
    "Districts recognised by decision as meeting the New Rural standard (optional).",
    (
        Column("district_code", "text", "Mã huyện", "District code", "Mã (hoặc tên) huyện được công nhận.",
               "Code (or name) of the district recognised.", references="districts.district_code"),
        Column("year", "int", "Năm", "Year", "Năm công nhận.", "Year of recognition.",
               minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("decision", "text", "Quyết định", "Decision", "Số và ngày quyết định công nhận.",
               "Number and date of the decision.", required=False),
        Column("level", "text", "Mức công nhận", "Level",
               "dat_chuan (đạt chuẩn, mặc định), hoan_thanh (hoàn thành nhiệm vụ) hoặc nang_cao (nâng cao).",
               "dat_chuan (meets the standard, the default), hoan_thanh (task completed) or nang_cao (advanced).",
               required=False, allowed=DISTRICT_LEVELS),
    ),
    key=("district_code", "level"), kind="fact",
    example={"district_code": "164", "year": "2019", "decision": "Quyết định số …/QĐ-TTg ngày …"},
))

PROVINCE_LEVELS = ("hoan_thanh",)

_register(Dataset(
    "province_recognitions", "Tỉnh hoàn thành nhiệm vụ NTM", "Province recognised",
    "Quyết định của Thủ tướng công nhận tỉnh hoàn thành nhiệm vụ xây dựng nông thôn mới (không bắt buộc; "
    "không có dòng nào: chưa ghi nhận, không phải “chưa được công nhận”).",
    "The Prime Minister's decision recognising the province as having completed the New Rural task "
    "(optional; no row: not recorded, which is not “not recognised”).",
    (
        Column("year", "int", "Năm", "Year", "Năm công nhận.", "Year of recognition.",
               minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("level", "text", "Mức công nhận", "Level",
               "hoan_thanh (hoàn thành nhiệm vụ xây dựng nông thôn mới, mặc định).",
               "hoan_thanh (completed the New Rural task, the default).", required=False, allowed=PROVINCE_LEVELS),
        Column("decision", "text", "Quyết định", "Decision", "Số và ngày quyết định công nhận.",
               "Number and date of the decision.", required=False),
    ),
    key=("level",), kind="fact",
    example={"year": "2025", "level": "hoan_thanh", "decision": "Quyết định số …/QĐ-TTg ngày …"},
))

# -- published figures: numbers officials quote, each with its date and source ----------------
# What a published measure is in the commune data, for the side-by-side (share_meeting_pct: the
# share of communes meeting the standard, in %).
COMMUNE_MEASURES = ("communes", "meeting", "share_meeting_pct", "avg_criteria", "under_10",
                    "advanced", "model", "share_advanced_pct", "share_model_pct")

_register(Dataset(
    "provinces", "Tỉnh, thành phố", "Provinces",
    "Các tỉnh, thành phố (không bắt buộc): để nhận số liệu công bố của tỉnh khác. Tỉnh của bảng điều khiển "
    "luôn có sẵn theo mã của tỉnh.",
    "Provinces (optional): to take published figures of other provinces. The dashboard's own province is "
    "always known by its code.",
    (
        Column("province_code", "text", "Mã tỉnh", "Province code",
               "Mã đơn vị hành chính cấp tỉnh (giữ số 0 ở đầu).", "Official province code (leading zeros kept)."),
        Column("province_name", "text", "Tên tỉnh", "Province name",
               "Tên tỉnh, ví dụ “Thái Nguyên”.", "Province name, e.g. “Thái Nguyên”."),
    ),
    key=("province_code",), kind="dimension",
    example={"province_code": "06", "province_name": "Bắc Kạn"},
))

_register(Dataset(
    "published_measures", "Chỉ tiêu công bố", "Published measures",
    "Những gì số liệu công bố đo: số xã đạt chuẩn, tổng số xã, tỷ lệ, tiêu chí bình quân, số huyện… "
    "Thêm chỉ tiêu mới bằng dữ liệu.",
    "What published figures measure: communes meeting the standard, communes in all, the share, average "
    "criteria, districts… A new measure is added as data.",
    (
        Column("measure_id", "text", "Mã chỉ tiêu", "Measure id", "Mã ngắn không dấu, ví dụ “communes_standard”.",
               "Short id, e.g. “communes_standard”."),
        Column("name_vi", "text", "Tên tiếng Việt", "Vietnamese name", "Tên chỉ tiêu.", "Measure name in Vietnamese."),
        Column("name_en", "text", "Tên tiếng Anh", "English name", "Tên chỉ tiêu bằng tiếng Anh.",
               "Measure name in English."),
        Column("unit", "text", "Đơn vị", "Unit", "Đơn vị, ví dụ “xã” hoặc “%”.", "Unit, e.g. “xã” or “%”."),
        Column("numerator", "text", "Tử số", "Numerator",
               "Với một tỷ lệ (%): mã chỉ tiêu của tử số (không bắt buộc).",
               "For a percentage: the measure id of its numerator (optional).", required=False),
        Column("denominator", "text", "Mẫu số", "Denominator",
               "Với một tỷ lệ (%): mã chỉ tiêu của mẫu số (không bắt buộc).",
               "For a percentage: the measure id of its denominator (optional).", required=False),
        Column("commune_measure", "text", "Tương ứng trong dữ liệu xã", "Commune data equivalent",
               "Chỉ tiêu tương ứng tính từ dữ liệu xã, để đặt cạnh nhau (không bắt buộc): communes (số xã), "
               "meeting (số xã đạt chuẩn), share_meeting_pct (tỷ lệ đạt chuẩn, %), avg_criteria (tiêu chí "
               "bình quân/xã), under_10 (số xã dưới 10 tiêu chí).",
               "The same measure computed from the commune data, shown beside it (optional): communes, meeting, "
               "share_meeting_pct (share meeting the standard, %), avg_criteria, under_10.",
               required=False, allowed=COMMUNE_MEASURES),
        Column("tolerance", "float", "Chênh lệch cho phép", "Tolerance",
               "Chênh lệch giữa số công bố và dữ liệu xã được coi là khớp (mặc định 0).",
               "How far a published figure and the commune data may differ and still agree (default 0).",
               required=False, minimum=0),
    ),
    key=("measure_id",), kind="dimension",
    example={"measure_id": "communes_standard", "name_vi": "Số xã đạt chuẩn nông thôn mới",
             "name_en": "Communes meeting the standard", "unit": "xã", "numerator": "", "denominator": "",
             "commune_measure": "meeting", "tolerance": "0"},
))

_register(Dataset(
    "published_figures", "Số liệu công bố", "Published figures",
    "Số liệu đã công bố (bộ, tỉnh, cơ quan thống kê), mỗi số có thời điểm và nguồn: cả nước (VN), tỉnh, "
    "huyện hoặc xã.",
    "Figures already published (ministry, province, statistics office), each with its date and source: the "
    "country (VN), a province, a district or a commune.",
    (
        Column("as_of", "text", "Thời điểm", "As of",
               "Năm (2022), tháng (2022-06 hoặc 6/2022) hoặc ngày (2022-06-30 hoặc 30/6/2022) của số liệu.",
               "Year (2022), month (2022-06 or 6/2022) or date (2022-06-30 or 30/6/2022) of the figure."),
        Column("area_code", "text", "Mã địa bàn", "Area code",
               "VN (cả nước), mã tỉnh, mã huyện hoặc mã xã; tên cũng được.",
               "VN (the country), a province's, a district's or a commune's code; a name works too."),
        Column("measure", "text", "Chỉ tiêu", "Measure", "Mã chỉ tiêu trong bảng chỉ tiêu công bố.",
               "Measure id from the published measures.", references="published_measures.measure_id"),
        Column("value", "float", "Giá trị", "Value", "Số như đã công bố; tỷ lệ ghi theo % (79,6 là 79,6%).",
               "The figure as published; a share in % (79.6 means 79.6%).", minimum=0),
        Column("source", "text", "Nguồn", "Source", "Địa chỉ trang web hoặc tên, số văn bản của nguồn.",
               "Web address, or the title and number of the document."),
        Column("note", "text", "Ghi chú", "Note", "Ghi chú (không bắt buộc).", "Note (optional).", required=False),
    ),
    key=("as_of", "area_code", "measure", "source"), kind="fact", frame_rules=("published_figure",),
    example={"as_of": "2022-06", "area_code": "19", "measure": "communes_standard", "value": "109",
             "source": "https://baovephapluat.vn/…", "note": ""},
))

# -- what the offices report per commune without the detail, and the recognition decisions ------
# Shown beside the criterion-level data, never mixed into it. Recognition levels, lowest first.
RECOGNITION_LEVELS = ("dat_chuan", "nang_cao", "kieu_mau")

_register(Dataset(
    "commune_summaries", "Tổng hợp theo xã", "Per-commune summaries",
    "Số tiêu chí đạt của mỗi xã theo báo cáo tổng hợp (không có chi tiết từng tiêu chí), năm đạt chuẩn và "
    "quyết định (không bắt buộc). Hiển thị bên cạnh, không gộp vào kết quả từng tiêu chí.",
    "Each commune's count of criteria met as a summary report gives it (without the detail), its "
    "recognition year and decision (optional). Shown beside, never mixed into, the criterion-level data.",
    (
        Column("year", "int", "Năm", "Year", "Năm của báo cáo.", "Year of the report.",
               minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("commune_code", "text", "Mã xã", "Commune code", "Mã (hoặc tên) xã.", "Commune code (or name).",
               references="communes.commune_code", width=5),
        Column("criteria_met", "int", "Số tiêu chí đạt", "Criteria met", "Số tiêu chí xã đạt theo báo cáo.",
               "Criteria the commune meets, as reported.", minimum=0, maximum=99),
        Column("recognised_year", "int", "Năm đạt chuẩn", "Year recognised", "Năm xã được công nhận đạt chuẩn "
               "(không bắt buộc).", "Year the commune was recognised (optional).", required=False,
               minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("decision", "text", "Số quyết định", "Decision", "Số quyết định công nhận (không bắt buộc).",
               "Number of the recognition decision (optional).", required=False),
    ),
    key=("year", "commune_code"), kind="fact", rules=("unit_valid_in_year",),
    example={"year": "2019", "commune_code": "05485", "criteria_met": "19", "recognised_year": "2016",
             "decision": "1234/QĐ-UBND"},
))

_register(Dataset(
    "commune_recognitions", "Xã được công nhận", "Communes recognised",
    "Quyết định công nhận xã đạt chuẩn nông thôn mới (dat_chuan), nâng cao (nang_cao) hoặc kiểu mẫu "
    "(kieu_mau): xã, mức, năm, số và ngày quyết định.",
    "Decisions recognising a commune as meeting the standard (dat_chuan), advanced (nang_cao) or model "
    "(kieu_mau): commune, level, year, decision number and date.",
    (
        Column("commune_code", "text", "Mã xã", "Commune code", "Mã (hoặc tên) xã.", "Commune code (or name).",
               references="communes.commune_code", width=5),
        Column("level", "text", "Mức công nhận", "Level", "dat_chuan, nang_cao hoặc kieu_mau.",
               "dat_chuan, nang_cao or kieu_mau.", allowed=RECOGNITION_LEVELS),
        Column("year", "int", "Năm công nhận", "Year", "Năm của quyết định.", "Year of the decision.",
               minimum=YEAR_MIN, maximum=YEAR_MAX),
        Column("decision", "text", "Số quyết định", "Decision", "Số quyết định (không bắt buộc).",
               "Decision number (optional).", required=False),
        Column("decision_date", "text", "Ngày quyết định", "Decision date", "Ngày quyết định, YYYY-MM-DD "
               "(không bắt buộc).", "Date of the decision, YYYY-MM-DD (optional).", required=False),
    ),
    key=("commune_code", "level", "year"), kind="fact", rules=("unit_valid_in_year",),
    example={"commune_code": "05485", "level": "dat_chuan", "year": "2019", "decision": "1234/QĐ-UBND",
             "decision_date": "2019-12-20"},
))

# -- how the units changed: each old unit and the unit it went into ------------------------------
UNIT_MAPPINGS = ("full", "partial")

_register(Dataset(
    "unit_changes", "Sắp xếp đơn vị hành chính", "Unit changes",
    "Mỗi dòng: một đơn vị cấp xã cũ và đơn vị mới nó nhập vào từ một ngày, toàn bộ (full) hay một phần "
    "(partial: xã cũ bị chia), theo nghị quyết nào — ví dụ bảng chuyển đổi 01/7/2025.",
    "One row per old commune-level unit and the new unit it went into from a date, whole (full) or in part "
    "(partial: the old commune was split), by which resolution — e.g. the crosswalk of 1 July 2025.",
    (
        Column("old_commune_code", "text", "Mã xã cũ", "Old commune code", "Mã đơn vị cũ, 5 chữ số.",
               "Code of the old unit, 5 digits.", width=5),
        Column("old_name", "text", "Tên xã cũ", "Old name", "Tên đơn vị cũ.", "Name of the old unit."),
        Column("new_commune_code", "text", "Mã xã mới", "New commune code",
               "Mã đơn vị mới, 5 chữ số (để trống khi chưa xác định: ghi nhận, không dùng để cộng dồn).",
               "Code of the new unit, 5 digits (blank while unknown: kept, never summed).", required=False, width=5),
        Column("new_name", "text", "Tên xã mới", "New name", "Tên đơn vị mới.", "Name of the new unit.",
               required=False),
        Column("date", "text", "Ngày hiệu lực", "Effective date",
               "Ngày đơn vị mới bắt đầu, YYYY-MM-DD (không bắt buộc: ngày hiệu lực của đơn vị mới trong bảng xã).",
               "Date the new unit began, YYYY-MM-DD (optional: the new unit's own start in the communes table).",
               required=False),
        Column("mapping", "text", "Toàn bộ / một phần", "Whole or part",
               "full (cả xã cũ vào xã mới) hoặc partial (một phần: xã cũ được chia cho nhiều xã mới).",
               "full (the whole old unit) or partial (part of it: the old unit was split); blank while the new "
               "unit is unknown.", required=False, allowed=UNIT_MAPPINGS, aliases=("mapping_2025",)),
        Column("old_district", "text", "Huyện cũ", "Old district", "Huyện của đơn vị cũ (không bắt buộc).",
               "District of the old unit (optional).", required=False),
        Column("resolution", "text", "Nghị quyết", "Resolution", "Nghị quyết sắp xếp (không bắt buộc).",
               "The resolution (optional).", required=False, aliases=("resolution_2025",)),
    ),
    key=("old_commune_code", "new_commune_code", "date"), kind="fact", rules=("dates_iso",),
    notices=("unit_change_notices",), repeats_once=True,
    example={"old_commune_code": "05782", "old_name": "Xã Na Mao", "new_commune_code": "05773",
             "new_name": "Xã Phú Xuyên", "date": "2025-07-01", "mapping": "full",
             "old_district": "Huyện Đại Từ", "resolution": "1683/NQ-UBTVQH15"},
))

# -- how an office's form is read: the analyst's answers, kept for next year's file -----------
_register(Dataset(
    "form_profiles", "Mẫu biểu đã lưu", "Form profiles",
    "Cách đọc một mẫu biểu của cơ quan (cột nào là tiêu chí nào, ký hiệu nào là đạt), do người phân tích "
    "lưu khi tải biểu lên; biểu cùng mẫu năm sau dùng lại mà không phải hỏi.",
    "How an office's form is read (which column is which criterion, which mark means met), saved by an "
    "analyst at upload; next year's file of the same shape takes it with no questions.",
    (
        Column("profile", "text", "Tên mẫu", "Profile", "Tên ngắn của mẫu biểu.", "Short name of the form profile."),
        Column("dataset", "text", "Bảng dữ liệu", "Dataset", "Bảng mà biểu nạp vào.", "Dataset the form goes into.",
               allowed=("criteria_status", "commune_summaries", "commune_recognitions")),
        Column("spec", "text", "Cách đọc", "Reading", "Cách đọc, dạng JSON: {\"columns\": {…}, \"marks\": {…}}.",
               "The reading as JSON: {\"columns\": {…}, \"marks\": {…}}."),
    ),
    key=("profile",), kind="dimension",
    example={"profile": "bieu-tinh", "dataset": "criteria_status",
             "spec": '{"columns": {"tc moi truong": 17}, "marks": {"o": "co_ban_dat"}}'},
))

# Order in which datasets load (references point backwards).
LOAD_ORDER = ["districts", "communes", "criteria_sets", "criteria", "phases", "indicators", "criteria_status", "indicator_values",
              "district_boundaries", "targets", "district_recognitions", "province_recognitions",
              "provinces", "published_measures", "published_figures",
              "commune_summaries", "commune_recognitions", "form_profiles", "unit_changes"]
