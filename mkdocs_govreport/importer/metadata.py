"""Title and metadata of a published report: agency, year, title, publication date.

Where a report states them, in order of trust:

1. its title — on one line (``平潭综合实验区2025年度政府信息公开工作年度报告``), on two or three
   lines (``青山市人民政府`` / ``2024 年政府信息公开工作年度报告``; ``2024 年某某市科委政府信息公开工作``
   / ``年度报告``), with spaces inside ``2 0 2 4 年``, full-width digits or a Chinese-numeral year
   (``二〇二四年``), a leading ``正文`` line, the year after the title (``…年度报告（2024年度）``);
2. the opening text — ``本报告由某某区人民政府办公室根据…编制`` (the agency is 某某区人民政府: its
   office compiles the government's report), ``某某局（以下简称“…”）``, ``现将某某局2024年…报告公布如下``,
   and for the year the statistics period (``统计期限为2024年1月1日至…``);
3. the page around it — a site's metadata table or line (``发布机构：…``、``来源：…``).

Nothing is guessed: a value the text does not state stays None and the caller asks for
``--agency`` / ``--year``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..registry import kind_of as registry_kind_of
from .sources import ROLE_METADATA, Document

_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "O": "0", "0": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_YEAR = r"(?:19|20)[0-9]{2}|[〇零○ＯO一二][〇零○ＯO0一二三四五六七八九]{3}"
_YEAR_RE = re.compile(rf"(?P<year>{_YEAR})年度?")
_REPORT_RE = re.compile(r"政府信息公开(?:工作)?(?:年度)?(?:工作)?(?:年报|报告)")
_YEAR_AFTER_RE = re.compile(rf"^[（(\[【]?(?P<year>{_YEAR})年?度?[)）\]】]?")
#: Words before an agency name in a title or sentence that are not part of it.
_LEAD_RE = re.compile(
    r"^(?:.*?(?:关于印发|关于公布|关于发布|印发|关于))|^(?:正文|标题|题目|名称|全文)[:：]?|^(?:现将|现就|现公布|现予公布|特发布|根据|我们|我|本)"
)
#: What an agency name ends with (a body, an office, a region's own report).
_AGENCY_END_RE = re.compile(
    r"(?:人民政府|政府|管委会|管理委员会|委员会|办事处|街道|局|委|办|厅|署|院|馆|中心|所|站|队|会|处|室|社|部|团|公司|集团|区|县|市|州|盟|旗|镇|乡|村|组)$"
)
#: A government's or body's office compiles its report: the report is the body's.
_OFFICE_RE = re.compile(r"(?:政务公开|政府信息公开|信息公开|政务服务)?(?:工作)?(?:领导小组)?办公(?:室|厅)$")
_PERIOD_RE = re.compile(
    rf"(?:统计(?:期限|时限|时间|区间|周期|范围)|数据(?:统计)?(?:期限|时限|时间|区间)|所列数据)[^0-9〇零○一二]{{0,12}}(?P<year>{_YEAR})年0?1月0?1日"
)
_OPENING_YEAR_RE = re.compile(rf"^(?P<year>{_YEAR})年度?[，,、]")
_DATE_RE = re.compile(r"((?:19|20)[0-9]{2})\s*[-年./]\s*([0-9]{1,2})\s*[-月./]\s*([0-9]{1,2})")
#: Keys of a site's metadata table or lines (索引号、发布机构…): not report text.
_META_KEYS = (
    "索引号", "信息索引号", "发布机构", "发文机关", "发布单位", "信息来源", "来源", "文号", "发文字号", "发布日期", "发文日期",
    "成文日期", "发布时间", "生成日期", "公开日期", "名称", "标题", "题名", "分类", "主题分类", "信息分类", "体裁分类", "组配分类",
    "主题词", "关键词", "公开方式", "公开范围", "公开形式", "有效性", "时效性", "生效日期", "失效日期", "所属机构", "统一编号",
    "登记号", "浏览次数", "字号",
)
_KEY_ALT = "|".join(sorted(_META_KEYS, key=len, reverse=True))
_META_KEY_RE = re.compile(rf"^(?P<key>{_KEY_ALT})\s*[:：]?\s*(?P<value>.*)$", re.DOTALL)
_KEY_COLON_RE = re.compile(rf"(?:^|(?<=\s))({_KEY_ALT})\s*[:：]\s*")
_PUBLISHER_KEYS = ("发布机构", "发文机关", "发布单位", "信息来源", "来源", "所属机构")
_DATE_KEYS = ("发布日期", "发布时间", "公开日期", "发文日期", "生成日期", "成文日期")
_TITLE_KEYS = ("名称", "标题", "题名")


def compact(text: str) -> str:
    """NFKC, no whitespace: how titles are compared (``2 0 2 4 年 度`` is ``2024年度``)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def year_value(text: str) -> int | None:
    """2024 from ``2024`` or ``二〇二四``; None when not a year between 1990 and 2100."""
    text = unicodedata.normalize("NFKC", text)
    digits = text if text.isdigit() else "".join(_CN_DIGITS.get(ch, "") for ch in text)
    if len(digits) != 4 or not digits.isdigit():
        return None
    year = int(digits)
    return year if 1990 <= year <= 2100 else None


def clean_agency(name: str) -> str:
    """An agency name without quotes, brackets and the words around it in a sentence."""
    name = name.strip(" #*《》“”\"'「」【】")
    previous = None
    while previous != name:
        previous = name
        name = re.sub(r"(?:关于|的|发布|公布|印发)$", "", name)
        name = _LEAD_RE.sub("", name)
        name = re.sub(rf"^(?:{_YEAR})年度?", "", name)
        name = name.strip(" ，,、:：#*《》“”\"'")
    if name.endswith("人民"):  # 某某县人民政府信息公开…: 政府 belongs to the name
        name += "政府"
    if name.endswith("的"):
        name = name[:-1]
    return name


def looks_like_agency(name: str) -> bool:
    return 2 <= len(name) <= 40 and not re.search(r"[。，；;,!！?？《》“”\"()（）:：0-9]", name) and bool(_AGENCY_END_RE.search(name))


def body_of_office(name: str) -> str:
    """``某某区人民政府办公室`` compiles the report of ``某某区人民政府``."""
    m = _OFFICE_RE.search(name)
    if m and m.start() > 1:
        body = name[: m.start()]
        if looks_like_agency(body):
            return body
    return name


@dataclass
class TitleHit:
    agency: str
    year: int | None
    title: str


def parse_title(text: str) -> TitleHit | None:
    """(agency, year, title) of a report title; the agency may be ``""`` and the year None
    when the title does not state them (``2024年政府信息公开工作年度报告``)."""
    s = compact(text)
    m = _REPORT_RE.search(s)
    if not m:
        return None
    # the title as printed (full-width brackets and digits kept) when NFKC kept the length
    printed = "".join(text.split())
    printed = printed if len(printed) == len(s) else s
    pre, post = s[: m.start()], s[m.end() :]
    pre = re.sub(r"^.*[|_>»]", "", pre)  # a site's breadcrumb or page-title prefix
    pre = re.sub(r"^.*?(?:标题|题目|名称|正文)[:：]", "", pre)
    pre = pre.lstrip("#*《“\"【[")
    if pre.startswith("正文"):
        pre = pre[2:]
    year = None
    agency = pre
    hits = list(_YEAR_RE.finditer(pre))
    if hits:
        y = hits[-1]
        year = year_value(y.group("year"))
        before, after = pre[: y.start()], pre[y.end() :]
        agency = before if clean_agency(before) else after
    else:
        ya = _YEAR_AFTER_RE.match(post)
        if ya:
            year = year_value(ya.group("year"))
            post = post[ya.end() :]
    agency = clean_agency(agency)
    if agency and not looks_like_agency(agency):
        if len(agency) > 40 or re.search(r"[。；;！!？?]", agency):
            return None  # a sentence that mentions a report, not a title
        agency = ""
    start = m.start() - len(pre)
    at = pre.rfind(agency) if agency else -1
    if at > 0 and not re.fullmatch(rf"(?:{_YEAR})年度?", pre[:at]):
        start += at  # 某某办公室关于印发|某某市2024年…报告的通知: the title is the report's
    end = m.end()
    tail = _YEAR_AFTER_RE.match(s[m.end() :])
    if tail:
        end += len(tail.group(0))
    title = printed[start:end].strip("#*《》“”")
    return TitleHit(agency, year, title)


def guess_kind(agency: str) -> str:
    """The registry's one rule (``registry.kind_of``): the same answer the report pages give."""
    return registry_kind_of(agency)


@dataclass
class Metadata:
    agency: str | None = None
    year: int | None = None
    title: str | None = None
    published: str | None = None
    #: blocks of the title (left out of the narrative)
    title_blocks: set[int] = field(default_factory=set)
    #: a fuller name of the agency the page states (``平潭综合实验区管委会办公室`` for 平潭综合实验区)
    publisher: str | None = None
    #: how the agency and year were found when not from the title (for provenance)
    notes: list[str] = field(default_factory=list)


def _block_text(doc: Document, i: int) -> str:
    return " ".join(c.text for c in doc.blocks[i].cells)


def find_title(doc: Document, limit: int = 400, stop: int | None = None) -> tuple[TitleHit | None, set[int]]:
    """The report title among the first blocks (one to three short lines), and its blocks."""
    n = min(len(doc.blocks), limit if stop is None else min(limit, stop))
    texts = [compact(_block_text(doc, i)) for i in range(n)]

    def usable(hit: TitleHit | None) -> bool:
        return hit is not None and (bool(hit.agency) or hit.year is not None)

    single = [parse_title(t) if t and len(t) <= 80 else None for t in texts]
    for i in range(n):
        if not texts[i] or len(texts[i]) > 80:
            continue
        hit = single[i] if usable(single[i]) else None
        width = 1
        if hit is None:
            # a title broken over two or three short lines, none of which is a title alone
            for w in (2, 3):
                lines = texts[i : i + w]
                if len(lines) < w or any(not x or len(x) > 60 or re.search(r"[|>»]", x) for x in lines):
                    break
                if any(single[j] is not None for j in range(i + 1, i + w)):
                    break
                candidate = parse_title("".join(lines))
                if usable(candidate):
                    hit, width = candidate, w
                    break
        if hit is None:
            continue
        blocks = set(range(i, i + width))
        if not hit.agency and i > 0 and looks_like_agency(clean_agency(texts[i - 1])):
            # 青山市人民政府 / 2024 年政府信息公开工作年度报告
            hit = TitleHit(clean_agency(texts[i - 1]), hit.year, texts[i - 1] + hit.title)
            blocks.add(i - 1)
        elif not hit.agency and i + width < n and looks_like_agency(clean_agency(texts[i + width])) and len(texts[i + width]) <= 30:
            # 2024年政府信息公开工作年度报告 / 青山市人民政府 (the name under the title)
            hit = TitleHit(clean_agency(texts[i + width]), hit.year, hit.title)
            blocks.add(i + width)
        return hit, blocks
    return None, set()


_YIXIA_RE = re.compile(r"(?P<a>[^，。；、,;：:（()）《》“”\"\s]{2,50}?)[（(]以下简称")
_BY_RE = re.compile(r"本(?:年度)?报告(?:是)?由(?P<a>[^，。；、,;（(《》“”\"\s]{2,50}?)(?:根据|依据|按照|依照|参照|编制|制定|编写|汇总|负责)")
_COMPILED_BY_RE = re.compile(r"由(?P<a>[^，。；、,;（(《》“”\"\s]{2,50}?)(?:负责|牵头|组织)?(?:编制|编写|汇总|起草)")
_COMPILED_RE = re.compile(r"(?:^|[，。；,;])(?P<a>[^，。；、,;（(《》“”\"\s]{2,50}?)(?:编制|编写)(?:了)?本(?:年度)?报告")
_REPORT_OF_RE = re.compile(rf"(?:现将|现就|现公布|现予公布|发布|公布|是)(?P<a>[^，。；、,;（(《》“”\"\s]{{2,50}}?)(?P<year>{_YEAR})年度?政府信息公开(?:工作)?(?:年度)?报告")


def agency_from_text(text: str) -> tuple[str, str] | None:
    """(agency, how) from the opening text of a report."""
    s = compact(text)
    for rx, how in (
        (_BY_RE, "本报告由…编制"),
        (_COMPILED_BY_RE, "由…编制"),
        (_COMPILED_RE, "…编制本报告"),
        (_REPORT_OF_RE, "现将…年度报告"),
        (_YIXIA_RE, "（以下简称…）"),
    ):
        for m in rx.finditer(s):
            name = body_of_office(clean_agency(m.group("a")))
            if looks_like_agency(name) and not name.endswith(("条例", "报告", "办法", "格式")):
                return name, how
    return None


_SIGN_DATE_RE = re.compile(r"(?:(?:19|20)[0-9]{2}|[〇零○ＯO一二][〇零○ＯO0一二三四五六七八九]{3})年[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日$")


def agency_from_signature(doc: Document) -> str | None:
    """The name signed under the report (``某某区人民政府办公室`` / ``2025年1月20日``)."""
    texts = [compact(_block_text(doc, i)) for i in range(len(doc.blocks))]
    texts = [t for t in texts if t][-8:]
    for k in range(len(texts) - 1, 0, -1):
        m = _SIGN_DATE_RE.search(texts[k])
        if not m:
            continue
        before = texts[k][: m.start()] or texts[k - 1]
        name = body_of_office(clean_agency(before))
        if looks_like_agency(name) and len(before) <= 40:
            return name
    return None


def year_from_text(text: str) -> tuple[int, str] | None:
    s = compact(text)
    m = _PERIOD_RE.search(s)
    if m and year_value(m.group("year")):
        return year_value(m.group("year")) or 0, "统计期限"
    m = re.search(rf"(?P<year>{_YEAR})年度?政府信息公开(?:工作)?(?:年度)?报告", s)
    if m and year_value(m.group("year")):
        return year_value(m.group("year")) or 0, "正文所称年度报告"
    return None


def published_date(text: str | None) -> str | None:
    if not text:
        return None
    m = _DATE_RE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _meta_pairs(block_kind: str, cells: list[str]) -> list[tuple[str, str]] | None:
    """Key/value pairs when the block is a metadata row or line, else None."""
    if block_kind == "row":
        pairs: list[tuple[str, str]] = []
        j = 0
        while j < len(cells):
            if not cells[j]:
                j += 1
                continue
            m = _META_KEY_RE.match(cells[j])
            if m is None:
                return None  # a cell that is neither a key nor empty: not a metadata row
            key, value = m.group("key"), m.group("value").strip()
            if not value and j + 1 < len(cells) and cells[j + 1] and not _META_KEY_RE.match(cells[j + 1]):
                value = cells[j + 1]
                j += 1
            pairs.append((key, value))
            j += 1
        return pairs or None
    text = " ".join(cells)
    if len(text) > 200:
        return None
    marks = list(_KEY_COLON_RE.finditer(text))
    if not marks or marks[0].start() != 0:
        return None
    out = []
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        out.append((m.group(1), text[m.end() : end].strip()))
    return out


def site_metadata(doc: Document) -> tuple[dict[str, str], set[int]]:
    """Key/value pairs of a site's metadata table or lines (索引号、发布机构、发布日期…),
    and the blocks holding them."""
    found: dict[str, str] = {}
    blocks: set[int] = set()
    for i, block in enumerate(doc.blocks):
        if block.role == ROLE_METADATA:
            blocks.add(i)  # the reading layer recognised the site's metadata table
        cells = [unicodedata.normalize("NFKC", c.text).strip() for c in block.cells]
        pairs = _meta_pairs(block.kind, cells)
        if not pairs:
            continue
        blocks.add(i)
        for key, value in pairs:
            if value:
                found.setdefault(key, value)
    return found, blocks


def find_metadata(doc: Document, *, stop: int | None = None, before_keep: Document | None = None) -> Metadata:
    """Agency, year, title and publication date the document states.

    ``stop`` is the first block of the table sections (the opening text ends there);
    ``before_keep`` is the whole web page when ``doc`` is its article (the page's metadata
    table and ``来源：`` line stand outside the article)."""
    md = Metadata()
    candidates: list[TitleHit] = []
    for key in ("title",):
        value = doc.meta.get(key)
        if value:
            hit = parse_title(value)
            if hit:
                candidates.append(hit)
    hit, blocks = find_title(doc, stop=None)
    if hit:
        candidates.append(hit)
        md.title_blocks = blocks
    pages = [doc] if before_keep is None else [doc, before_keep]
    meta: dict[str, str] = {}
    for d in pages:
        found, _b = site_metadata(d)
        for k, v in found.items():
            meta.setdefault(k, v)
    for key in _TITLE_KEYS:
        if key in meta:
            hit = parse_title(meta[key])
            if hit:
                candidates.append(hit)
    if "page_title" in doc.meta:
        hit = parse_title(doc.meta["page_title"])
        if hit:  # <title>…年度报告_某某网</title>: only the year, the site is not the agency
            candidates.append(TitleHit("", hit.year, ""))
    for c in candidates:
        if md.agency is None and c.agency:
            md.agency = c.agency
        if md.year is None and c.year is not None:
            md.year = c.year
        if md.title is None and c.title:
            md.title = c.title
    opening = "\n".join(_block_text(doc, i) for i in range(min(len(doc.blocks), stop if stop is not None else 60, 200)))
    if md.agency is None:
        got = agency_from_text(opening)
        if got:
            md.agency = got[0]
            md.notes.append(f"机关名称“{got[0]}”取自正文开头（{got[1]}）：标题没有写机关名称")
    if md.year is None:
        got_year = year_from_text(opening)
        if got_year:
            md.year = got_year[0]
            md.notes.append(f"报告年度 {got_year[0]} 取自正文（{got_year[1]}）：标题没有写年度")
    if md.year is None:
        for i in range(min(len(doc.blocks), 200)):
            m = _OPENING_YEAR_RE.match(compact(_block_text(doc, i)))
            if m and year_value(m.group("year")):
                md.year = year_value(m.group("year"))
                md.notes.append(f"报告年度 {md.year} 取自正文开头“{m.group(0)}”：标题没有写年度")
                break
    if md.agency is None:
        signed = agency_from_signature(doc)
        if signed:
            md.agency = signed
            md.notes.append(f"机关名称“{signed}”取自文末落款：标题和正文开头都没有写机关名称")
    publisher = next((meta[k] for k in _PUBLISHER_KEYS if meta.get(k)), None)
    if publisher:
        md.publisher = compact(publisher)
        if md.agency is None:
            name = body_of_office(clean_agency(md.publisher))
            if looks_like_agency(name):
                md.agency = name
                md.notes.append(f"机关名称“{name}”取自网页的发布机构“{publisher}”：标题和正文开头都没有写机关名称")
    md.published = published_date(doc.meta.get("published"))
    if md.published is None:
        md.published = next((published_date(meta[k]) for k in _DATE_KEYS if published_date(meta.get(k))), None)
    return md


def kind_of(agency: str, publisher: str | None, doc_text: str) -> tuple[str, str | None]:
    """The kind by :func:`guess_kind`, applied to the fullest name the document gives the
    agency: a region's report (``平潭综合实验区``) whose page names its ``…管委会`` or
    ``…人民政府`` (publisher, or text) is that body's."""
    kind = guess_kind(agency)
    if not re.search(r"[区县市州盟旗镇乡]$", agency):
        return kind, None
    for name in filter(None, (publisher, *re.findall(re.escape(agency) + r"(?:党工委)?(?:人民政府|管委会|管理委员会)", doc_text))):
        full = body_of_office(name)
        if full.startswith(agency) and guess_kind(full) == "government":
            return "government", full
    return kind, None
