"""Numbers the narrative states about the tables, read from the text and checked (rules T1–T4).

Assessors read the prose against the tables; so does this module.  It finds statements such
as “共收到政府信息公开申请154件”, “办结148件”, “结转至2026年6件”, “其中予以公开33件、部分公开38件，
占…%”, “行政复议36起，行政诉讼9起”, “制发行政规范性文件5件”, in Arabic or Chinese numerals, and
compares each with the table cells (computed totals included).

Precision over recall: a number is read only when the words right before it (its clause, back
to the previous comma or the previous number) say unambiguously what it counts, in the report
year, for the whole agency.  Anything else — comparisons with last year, approximate numbers
(“7700余条”), one applicant type, one channel, one department, another year, a rate — is left
alone: an unrecognised phrasing is never guessed.  Where a phrase is used in two senses by real
reports (“受理” = newly received, or received plus carried over), every sense is accepted and
only a number that fits none is reported.

Pure functions, no MkDocs imports.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..core.body import Sentence as _Sentence
from ..core.body import line_index, mask_body, sentences
from ..core.findings import Finding
from ..core.numbers import CN_CHARS as _CN_CHARS
from ..core.numbers import Number, format_value, parse_number
from ..core.report import Report
from ..registry import APPLICANT_COLUMN_TREE, FIGURES, RULES, HeaderNode, cell_pointer

RULE_IDS = ("T1", "T2", "T3", "T4")


def quantity_value(report: Report, key: str) -> tuple[Number | None, tuple[str, ...]]:
    """(value, pointers) of a figure (``registry.FIGURES``); None when a cell is missing or
    the format has no such figure."""
    fig = FIGURES[key]
    pointers = fig.pointers(report.fmt) if report.fmt is not None else ()
    if not pointers:
        return None, ()
    return report.figure(fig)[0], pointers

NUM = rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|[{_CN_CHARS}]+)"
QTY_RE = re.compile(rf"(?<![\d.,{_CN_CHARS}])" + NUM + r"\s*(?P<unit>件次|件|起|宗|例|%)")
#: 4-digit years in the text before a number (another year = not this report's figure).
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
SENTENCE_END = "。！？!?\n"
CLAUSE_DELIMS = "，,；;：:"

# Words that make a number something other than the report's own figure.
_APPROX_BEFORE = ("约", "近", "逾", "超", "余", "数", "几", "第", "每", "逐", "单", "同", "某", "另", "唯", "统", "达到")
_APPROX_AFTER = re.compile(r"^\s*(余|多|左右|以上|以下|上下|之多|次以上)")
_COMPARE = re.compile(
    r"较|相比|对比|比上|比去|比前|比\d|同比|环比|增加|减少|增长|下降|上升|增幅|降幅|多出|少于|超过|不足|以来|历年|"
    r"分别|平均|月均|日均|上半年|下半年|季度|\d+\s*月|[一二三四五六七八九十]+月|前年|去年|上一年(?!度?结转)|上年(?!度?结转)"
)
#: A quantity that includes something else: ``154件（含上年结转6件）``.
_INCLUDES_AFTER = re.compile(r"^\s*[（(]\s*(含|包括|包含)")


def _applicant_words() -> tuple[str, ...]:
    """Applicant-type column names (from the registry) plus their short forms."""
    words: list[str] = []

    def walk(nodes: Sequence[HeaderNode]) -> None:
        for n in nodes:
            if n.key not in ("total", "other_org") and n.label not in ("申请人情况", "总计", "其他"):
                words.append(n.label)
            walk(n.children)

    walk(APPLICANT_COLUMN_TREE)
    return (*words, "法人", "企业", "其他组织")


_PART_OF = re.compile(
    "|".join(re.escape(w) for w in _applicant_words())
    + r"|网上|网络|在线|信函|邮寄|当面|现场|传真|电子邮件|邮件|电话"
)
#: "其中…收到…件": a part of the applications (outcomes after "其中" are the normal phrasing).
_AMONG = re.compile(r"其中")
#: Another agency or a part of this one: ``市公安局收到``, ``各街道``, ``区本级`` (not ``我局``, ``本单位``, ``全区``).
_OTHER_BODY = re.compile(r"(?<![我本全该])(局|委员会|委|办公室|街道|镇|乡|部门|单位|中心|本级|分局|医院|学校|公司)")
_OTHER_BODY_EACH = re.compile(r"各(级|部门|单位|街道|镇|乡|县|区|市|局|委)")

# Application topic: the clause, its sentence or the sentence before speaks of disclosure requests.
_APP_TOPIC = re.compile(r"依申请|信息公开申请|公开申请|申请公开|公开的申请|公开相关申请")
_APP_IN_LABEL = re.compile(r"申请")
#: Other kinds of requests and cases a clause may count.
_FOREIGN = re.compile(r"许可|审批|复议|诉讼|信访|投诉|举报|提案|建议|咨询|来信|留言|热线|诉求|办件|政务服务|12345")
_RECEIVED = re.compile(r"收到|新收|接收|收悉|受理|接到|共收|新增")
_HANDLED_STRICT = re.compile(r"办结|答复|办理完毕|处理完毕|办理完成|已办理")
_HANDLED_LOOSE = re.compile(r"办理|处理")
_CARRIED_FORWARD = re.compile(
    r"结转(至|到|入)?\s*(下一?年度?|下年|次年|明年|(19|20)\d{2}\s*年度?)|转入下一?年度?|转至下一?年度?|结转下一年度"
)
_CARRIED_OVER = re.compile(r"(上一?年度?|去年|往年|(19|20)\d{2}\s*年度?)(的)?结转|结转上一?年度?")
_OUTCOMES = (
    ("granted_or_partial", re.compile(r"(予以公开|全部公开|同意公开|公开)\s*[（(]?\s*(及|和|与|、|或|含|包括)\s*部分公开")),
    ("partial", re.compile(r"部分公开")),
    ("denied", re.compile(r"不予公开")),
    ("granted", re.compile(r"(?<!不)予以公开|全部公开")),
    ("unavailable", re.compile(r"无法提供")),
    ("not_processed", re.compile(r"不予处理")),
    ("other", re.compile(r"其他处理")),
)
_REVIEW = re.compile(r"复议")
_LITIGATION = re.compile(r"诉讼|起诉|应诉")
_AFTER_REVIEW = re.compile(r"复议后(提起)?(行政)?(诉讼|起诉)")
_DIRECT = re.compile(r"(未经复议|直接)(提起)?(行政)?(诉讼|起诉)")
_CASE_OUTCOMES = (
    ("upheld", re.compile(r"维持")),
    ("corrected", re.compile(r"纠正|纠错")),
    ("pending", re.compile(r"尚未审结|未审结|正在审理|审理中")),
)
_CASE_TOPIC = re.compile(r"信息公开|依申请|公开申请|政府信息")
_ISSUE = re.compile(r"制发|印发|制定|出台")
_REPEAL = re.compile(r"废止|宣布失效")
_IN_FORCE = re.compile(r"现行有效")
_NORMATIVE = re.compile(r"规范性文件")
_REGULATION = re.compile(r"规章")
_SHARE = re.compile(r"占")
_RATE = re.compile(r"率")

# "None received": no number, but a statement that the table figure is 0.
_NONE_RECEIVED = re.compile(r"(未|没有)(收到|受理|发生|产生)[^，,；;。]{0,12}?(信息公开申请|公开申请)")
_NONE_CASES = re.compile(r"(未|没有)(发生|出现|产生|收到|引发|被提起|被申请)(?P<mid>[^，,；;。：:]{0,25}?)(?P<what>行政复议|行政诉讼)")
#: An outcome named between “未发生” and the case type: the statement is about that outcome only.
_CASE_QUALIFIER = re.compile(r"纠|败诉|撤销|违法|变更")


@dataclass
class Claim:
    """One number the narrative states about the tables."""

    kind: str  # key of CLAIMS
    stated: Number
    start: int  # offsets in the body
    end: int
    snippet: str
    percent: bool = False
    #: for a percentage: the claim (kind) it is a share of
    of: str = ""
    of_stated: Number | None = None


@dataclass(frozen=True)
class ClaimKind:
    rule: str
    what: str  # Chinese, for messages: what the sentence speaks of
    #: sums of quantities the stated number may equal (any one fits = consistent)
    readings: tuple[tuple[str, ...], ...]


def _k(rule: str, what: str, *readings: str) -> ClaimKind:
    return ClaimKind(rule, what, tuple(tuple(r.split("+")) for r in readings))


CLAIMS: dict[str, ClaimKind] = {
    # T1: how many applications came in, went out, were carried
    "received": _k("T1", "收到（受理）的申请", "received", "received+carried_over"),
    "carried_over": _k("T1", "上年结转的申请", "carried_over"),
    "handled": _k("T1", "办结（答复）的申请", "handled"),
    "handled_loose": _k("T1", "办理的申请", "handled", "received", "received+carried_over"),
    "carried_forward": _k("T1", "结转下年度继续办理的申请", "carried_forward"),
    # T2: outcomes
    "granted": _k("T2", "予以公开", "granted"),
    "partial": _k("T2", "部分公开", "partial"),
    "granted_or_partial": _k("T2", "予以公开及部分公开", "granted+partial"),
    "denied": _k("T2", "不予公开", "denied"),
    "unavailable": _k("T2", "无法提供", "unavailable"),
    "not_processed": _k("T2", "不予处理", "not_processed"),
    "other": _k("T2", "其他处理", "other"),
    # T3: reviews and lawsuits
    "review": _k("T3", "行政复议", "review"),
    "review_upheld": _k("T3", "行政复议结果维持", "review_upheld"),
    "review_corrected": _k("T3", "行政复议结果纠正", "review_corrected"),
    "review_pending": _k("T3", "行政复议尚未审结", "review_pending"),
    "litigation": _k("T3", "行政诉讼", "litigation"),
    "litigation_direct": _k("T3", "未经复议直接起诉的行政诉讼", "litigation_direct"),
    "litigation_after_review": _k("T3", "复议后起诉的行政诉讼", "litigation_after_review"),
    "litigation_upheld": _k("T3", "行政诉讼结果维持", "litigation_upheld"),
    "litigation_corrected": _k("T3", "行政诉讼结果纠正", "litigation_corrected"),
    "litigation_pending": _k("T3", "行政诉讼尚未审结", "litigation_pending"),
    # T4: documents
    "regulations_issued": _k("T4", "制发的规章", "regulations_issued"),
    "regulations_in_force": _k("T4", "现行有效的规章", "regulations_in_force"),
    "normative_issued": _k("T4", "制发的行政规范性文件", "normative_issued"),
    "normative_repealed": _k("T4", "废止的行政规范性文件", "normative_repealed"),
    "normative_in_force": _k("T4", "现行有效的行政规范性文件", "normative_in_force"),
}

#: Outcome kinds whose share (占…%) is recomputed; possible denominators, any one may fit.
SHARE_DENOMINATORS: tuple[tuple[str, ...], ...] = (("handled",), ("received",), ("received", "carried_over"))
SHARE_OF = ("granted", "partial", "granted_or_partial", "denied", "unavailable", "not_processed", "other")


# ---------------------------------------------------------------------------------------
# Reading the narrative


def _clause_start(s: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and s[i - 1] not in CLAUSE_DELIMS:
        i -= 1
    return i


def _years_ok(prefix: str, year: int | None, label: str = "", kind: str = "") -> bool:
    """Only the report year before the number — except the year named by a carry phrase
    (“结转至2026年”, “2024年结转”), which must then be the year after / before."""
    if year is None:
        return True
    for rx, allowed, own in ((_CARRIED_FORWARD, year + 1, "carried_forward"), (_CARRIED_OVER, year - 1, "carried_over")):
        for m in rx.finditer(prefix):
            wrong = any(int(y) != allowed for y in YEAR_RE.findall(m.group(0) + "年"))
            if wrong and kind == own and m.start() >= len(prefix) - len(label):
                return False
        prefix = rx.sub("", prefix)
    return all(int(y) == year for y in YEAR_RE.findall(prefix))


def _other_body(text: str, agency: str = "") -> bool:
    """Another agency or a part of this one is the subject — unless the name is the report's
    own agency (“区统计局共收到” in 西工区统计局's report: the two characters ending the
    name, “计局”, are in the agency's name)."""
    if _OTHER_BODY_EACH.search(text):
        return True
    for m in _OTHER_BODY.finditer(text):
        end = m.end()
        if not (agency and end >= 2 and text[end - 2 : end] in agency):
            return True
    return False


def _classify(
    label: str, trailing: str, topic_app: bool, topic_case: bool, subject: str | None
) -> tuple[str | None, str | None]:
    """(claim kind, subject for later numbers of the sentence) from the words before a number."""
    ctx = label + trailing
    review, litig = bool(_REVIEW.search(label)), bool(_LITIGATION.search(label))
    if litig and _AFTER_REVIEW.search(label):
        return ("litigation_after_review" if topic_case else None), "litigation"
    if litig and _DIRECT.search(label):
        return ("litigation_direct" if topic_case else None), "litigation"
    if review and litig:
        return None, None  # "行政复议和行政诉讼共N起": a sum the tables do not print
    if review or litig:
        subj = "review" if review else "litigation"
        outcome = [k for k, rx in _CASE_OUTCOMES if rx.search(label)]
        if outcome:
            return (f"{subj}_{outcome[0]}" if topic_case and len(outcome) == 1 else None), subj
        return (subj if topic_case else None), subj
    if subject in ("review", "litigation"):  # “行政复议36起，其中维持25起”
        outcome = [k for k, rx in _CASE_OUTCOMES if rx.search(label)]
        if len(outcome) == 1 and topic_case:
            return f"{subject}_{outcome[0]}", subject
        if outcome:
            return None, subject
    # table 二: documents
    if _NORMATIVE.search(label) or _REGULATION.search(label):
        if _NORMATIVE.search(label) and _REGULATION.search(label):
            return None, None
        what = "normative" if _NORMATIVE.search(label) else "regulations"
        verbs = [v for v, rx in (("issued", _ISSUE), ("repealed", _REPEAL), ("in_force", _IN_FORCE)) if rx.search(label)]
        if len(verbs) == 1 and f"{what}_{verbs[0]}" in CLAIMS:
            return f"{what}_{verbs[0]}", None
        return None, None
    if _FOREIGN.search(label):
        return None, None
    app = topic_app or bool(_APP_IN_LABEL.search(ctx) and "公开" in ctx)
    if not app:
        return None, None
    if _PART_OF.search(label):
        return None, subject
    outcomes = [k for k, rx in _OUTCOMES if rx.search(label)]
    if outcomes:
        if outcomes[0] == "granted_or_partial":
            return "granted_or_partial", "applications"
        # "不予公开" also contains "公开", "部分公开" never contains "予以公开": one word per clause
        distinct = [k for k in outcomes if k != "granted_or_partial"]
        return (distinct[0] if len(distinct) == 1 else None), "applications"
    if _AMONG.search(label):
        return None, subject
    if _CARRIED_FORWARD.search(label):
        return "carried_forward", "applications"
    if _CARRIED_OVER.search(label):
        return "carried_over", "applications"
    if _RECEIVED.search(label):
        return "received", "applications"
    if _HANDLED_STRICT.search(label):
        return "handled", "applications"
    if _HANDLED_LOOSE.search(label):
        return "handled_loose", "applications"
    return None, subject


def _excluded(label: str, before: str, after: str, kind: str, agency: str = "") -> bool:
    """Comparisons, approximations, parts of the total and other bodies."""
    if before.endswith(_APPROX_BEFORE) or _APPROX_AFTER.match(after):
        return True
    compare_text = label
    if kind == "carried_over":
        compare_text = _CARRIED_OVER.sub("", label)
    if _COMPARE.search(compare_text):
        return True
    if _other_body(label, agency):
        return True
    return bool(kind in ("received", "handled", "handled_loose") and _INCLUDES_AFTER.match(after))


def extract_claims(body: str, year: int | None = None, agency: str = "") -> list[Claim]:
    """Every number the narrative states about the tables, in order.

    ``year`` is the report year (numbers said of another year are skipped); ``agency`` the
    report's agency (its own name as subject is not “another body”).
    """
    text = mask_body(body)
    claims: list[Claim] = []
    prev_sentence: _Sentence | None = None
    for sent in sentences(text):
        s = sent.text
        near = s + (prev_sentence.text if prev_sentence and prev_sentence.paragraph == sent.paragraph else "")
        # about applications: it says so, or it enumerates two or more outcomes of table 三
        topic_app = bool(_APP_TOPIC.search(near)) or sum(1 for _k, rx in _OUTCOMES[1:] if rx.search(near)) >= 2
        topic_case = bool(_CASE_TOPIC.search(near))
        subject: str | None = None
        cases: set[str] = set()
        prev_end = 0
        last: Claim | None = None
        for m in QTY_RE.finditer(s):
            start, end = m.start(), m.end()
            unit = m.group("unit")
            value = parse_number(m.group("num"))
            cstart = _clause_start(s, start, prev_end)
            label = s[cstart:start]
            if cstart > prev_end and not re.search(r"[\u4e00-\u9fff]{2}", label):
                # "共收到政府信息公开申请，共计154件": the clause before names what is counted
                pstart = _clause_start(s, cstart - 1, prev_end)
                if not re.search(rf"[\d{_CN_CHARS}]", s[pstart:cstart]):  # never across another number
                    label = s[pstart:start]
            nxt = QTY_RE.search(s, end)
            after = s[end : nxt.start() if nxt else len(s)]
            tend = next((i for i, ch in enumerate(after) if ch in CLAUSE_DELIMS), len(after))
            trailing = after[:tend]
            before = s[:start].rstrip()
            prev_end = end
            if value is None:
                last = None
                continue
            if unit == "%":
                last_claim, last = last, None
                if (
                    last_claim is not None
                    and last_claim.kind in SHARE_OF
                    and _SHARE.search(label)
                    and not _RATE.search(label)
                    and not _COMPARE.search(label)
                    and not before.endswith(_APPROX_BEFORE)
                    and not _APPROX_AFTER.match(after)
                ):
                    claims.append(
                        Claim(
                            last_claim.kind, value, sent.start + start, sent.start + end, _snippet(s, start, end),
                            percent=True, of=last_claim.kind, of_stated=last_claim.stated,
                        )
                    )
                continue
            if isinstance(value, Decimal):
                last = None
                continue
            kind, subject = _classify(label, trailing, topic_app, topic_case, subject)
            if subject in ("review", "litigation"):
                cases.add(subject)
                if len(cases) > 1 and kind and kind.endswith(("_upheld", "_corrected", "_pending")) and not (
                    _REVIEW.search(label) or _LITIGATION.search(label)
                ):
                    kind = None  # “复议36件，诉讼9件，其中维持28件”: of which? both together, maybe
            if kind is None or _excluded(label, before, after, kind, agency):
                last = None
                continue
            if not _years_ok(s[:start], year, label, kind):
                last = None
                continue
            last = Claim(kind, value, sent.start + start, sent.start + end, _snippet(s, start, end))
            claims.append(last)
        claims += _zero_claims(s, sent.start, year)
        prev_sentence = sent
    return claims


def _snippet(s: str, start: int, end: int) -> str:
    """The clause around a number, for messages (at most ~40 characters)."""
    a = _clause_start(s, start, 0)
    b = end
    while b < len(s) and s[b] not in CLAUSE_DELIMS + "。":
        b += 1
    text = " ".join(s[a:b].split())
    if len(text) > 40:
        text = "…" + text[-40:]
    return text


def _zero_claims(s: str, offset: int, year: int | None) -> list[Claim]:
    out: list[Claim] = []
    for m in _NONE_RECEIVED.finditer(s):
        if _COMPARE.search(m.group(0)) or not _years_ok(s[: m.start()], year):
            continue
        out.append(Claim("received", 0, offset + m.start(), offset + m.end(), _snippet(s, m.start(), m.end())))
    for m in _NONE_CASES.finditer(s):
        mid = m.group("mid")
        if _CASE_QUALIFIER.search(mid) or _COMPARE.search(mid) or not _years_ok(s[: m.start()], year):
            continue
        tail = s[m.end() : m.end() + 12]
        whats = [m.group("what")]
        both = re.match(r"\s*(和|、|及|与|或)\s*[^，,；;。]{0,4}?(行政复议|行政诉讼)", tail)
        if both:
            whats.append(both.group(2))
        if re.match(r"\s*(和|、|及|与|或)?\s*[^，,；;。]{0,6}?(纠|败诉|撤销|违法)", tail[(both.end() if both else 0) :]):
            continue  # "未发生行政复议被纠错的情况": a statement about one outcome only
        for what in dict.fromkeys(whats):
            kind = "review" if what == "行政复议" else "litigation"
            out.append(Claim(kind, 0, offset + m.start(), offset + m.end(), _snippet(s, m.start(), m.end())))
    return out


# ---------------------------------------------------------------------------------------
# Comparing with the tables


@dataclass
class _Reading:
    keys: tuple[str, ...]
    value: Number
    pointers: tuple[str, ...]


def _readings(report: Report, kind: ClaimKind) -> list[_Reading] | None:
    """Every table reading of a claim kind; None when the tables cannot say (missing cells)."""
    out: list[_Reading] = []
    for keys in kind.readings:
        total: Number = 0
        pointers: list[str] = []
        for k in keys:
            v, ptrs = quantity_value(report, k)
            if v is None:
                break
            total += v
            pointers += ptrs
        else:
            out.append(_Reading(keys, total, tuple(pointers)))
    if not out or out[0].keys != kind.readings[0]:
        return None  # the main reading needs a missing cell: the tables cannot say
    return out


def _reading_text(report: Report, reading: _Reading) -> str:
    table = report.fmt.table(FIGURES[reading.keys[0]].table) if report.fmt else None
    tname = table.short_names[0] if table else ""
    if len(reading.keys) == 1:
        return f"{tname}“{FIGURES[reading.keys[0]].label}”为 {format_value(reading.value)}"
    parts = " + ".join(f"“{FIGURES[k].label}” {format_value(quantity_value(report, k)[0])}" for k in reading.keys)
    return f"{tname}{parts} = {format_value(reading.value)}"


def _percent_tolerance(stated: Number) -> Decimal:
    """A printed percentage may be rounded or cut at its last printed digit."""
    text = format_value(stated)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Decimal(1).scaleb(-decimals)


def _share_fits(part: Number, whole: Number, stated: Number) -> bool:
    if whole == 0:
        return False
    share = Decimal(part) * 100 / Decimal(whole)
    return abs(share - Decimal(stated)) < _percent_tolerance(stated)


def claim_findings(report: Report) -> list[Finding]:
    """T1–T4: each number of the narrative that no reading of the tables supports."""
    if report.fmt is None or not report.body.strip():
        return []
    claims = extract_claims(report.body, report.year, report.agency)
    if not claims:
        return []
    newlines = line_index(report.body)
    out: list[Finding] = []
    for c in claims:
        kind = CLAIMS[c.kind]
        line = report.body_line + bisect.bisect_left(newlines, c.start)
        if c.percent:
            f = _share_finding(report, c, kind, line)
        else:
            f = _count_finding(report, c, kind, line)
        if f is not None:
            out.append(f)
    return out


@dataclass
class _Bound:
    """What the tables prove about a reading when cells are blank: at least ``value``."""

    keys: tuple[str, ...]
    value: Number
    missing: int
    pointers: tuple[str, ...]


def _lower_bound(report: Report, keys: tuple[str, ...]) -> _Bound | None:
    """The least a sum of figures can be, from the cells that are filled in: counts are never
    negative, and a blank total is at least the sum of its filled-in parts.  None when a cell
    could be negative (a signed change) — then nothing can be proven."""
    if report.fmt is None:
        return None
    total: Number = 0
    missing = 0
    pointers: list[str] = []
    for k in keys:
        for ptr in FIGURES[k].pointers(report.fmt):
            table, record, f = report.fmt.pointers[ptr]
            if f.kind == "signed":
                return None
            pointers.append(ptr)
            value = report.value(ptr)
            if value is not None:
                total += value
                continue
            missing += 1
            if f.is_total:  # a blank row total: at least its filled-in cells
                total += sum(v for a in record.addend_fields if (v := report.value(cell_pointer(table.key, record.path, a.key))) is not None)
    return _Bound(keys, total, missing, tuple(pointers))


def _bound_finding(report: Report, c: Claim, kind: ClaimKind, line: int) -> Finding | None:
    """T1–T4 with blank cells: a stated figure below what the filled-in cells already add up to,
    in every reading, is proven wrong."""
    bounds = [_lower_bound(report, keys) for keys in kind.readings]
    if any(b is None for b in bounds):
        return None
    known = [b for b in bounds if b is not None]
    if not known or any(c.stated >= b.value for b in known):
        return None
    main = known[0]
    names = "、".join(f"“{FIGURES[k].label}”" for k in main.keys)
    msg = (
        f"正文“{c.snippet}”说{kind.what}为 {format_value(c.stated)}，但表格中{names}已填写的单元格之和就有 "
        f"{format_value(main.value)}（另有 {main.missing} 个单元格未填写，实际只会更多）：正文与表格不一致"
    )
    return Finding(
        kind.rule, msg, report.file, line, None, main.pointers[0] if len(main.pointers) == 1 else _group_pointer(main.pointers),
        main.pointers, (c.stated, f"≥{format_value(main.value)}"), RULES[kind.rule].severity,
    )


def _count_finding(report: Report, c: Claim, kind: ClaimKind, line: int) -> Finding | None:
    readings = _readings(report, kind)
    if readings is None:
        return _bound_finding(report, c, kind, line)
    if any(r.value == c.stated for r in readings):
        return None
    main = readings[0]
    also = "；".join(_reading_text(report, r) for r in readings[1:])
    msg = (
        f"正文“{c.snippet}”说{kind.what}为 {format_value(c.stated)}，但{_reading_text(report, main)}"
        + (f"（另一种理解：{also}）" if also else "")
        + "：正文与表格不一致"
    )
    pointers = tuple(dict.fromkeys(p for r in readings for p in r.pointers))
    return Finding(
        kind.rule, msg, report.file, line, None, main.pointers[0] if len(main.pointers) == 1 else _group_pointer(main.pointers),
        pointers, (c.stated, main.value), RULES[kind.rule].severity,
    )


def _group_pointer(pointers: tuple[str, ...]) -> str:
    """The deepest common record path of several cells (``/applications/results/denied``)."""
    parts = [p.split("/") for p in pointers]
    common: list[str] = []
    for items in zip(*parts, strict=False):
        if len(set(items)) != 1:
            break
        common.append(items[0])
    return "/".join(common) or pointers[0]


def _share_finding(report: Report, c: Claim, kind: ClaimKind, line: int) -> Finding | None:
    parts = _readings(report, kind)
    if parts is None:
        return None
    part = parts[0]
    wholes: list[_Reading] = []
    for keys in SHARE_DENOMINATORS:
        r = _readings(report, ClaimKind("", "", (keys,)))
        if r:
            wholes.append(r[0])
    if not wholes or any(_share_fits(part.value, w.value, c.stated) for w in wholes):
        return None
    main = wholes[0]
    computed = (Decimal(part.value) * 100 / Decimal(main.value)) if main.value else None
    if computed is None:
        return None
    q = _percent_tolerance(c.stated)
    shown = computed.quantize(min(q, Decimal("0.1")))
    msg = (
        f"正文“{c.snippet}”说{kind.what}占 {format_value(c.stated)}%，但按表格计算，"
        f"{FIGURES[part.keys[0]].label if len(part.keys) == 1 else kind.what} {format_value(part.value)} ÷ "
        f"{FIGURES[main.keys[0]].label} {format_value(main.value)} = {format_value(shown)}%"
        "（按本年新收或新收加上年结转计算也不相符）：正文与表格不一致"
    )
    pointers = tuple(dict.fromkeys((*part.pointers, *main.pointers)))
    ptr = part.pointers[0] if len(part.pointers) == 1 else _group_pointer(part.pointers)
    return Finding(
        "T2", msg, report.file, line, None, ptr, pointers, (f"{format_value(c.stated)}%", f"{format_value(shown)}%"),
        RULES["T2"].severity,
    )
