"""HTML for the printable documents: A4, Chinese, every value escaped."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from eldersafe_common.clock import CHINA

from ..facilities.models import RectificationFacility
from ..ledger.models import Hazard
from ..supervision.models import SupervisionOrder

SEVERITIES_ZH = {"major": "重大隐患", "ordinary": "一般隐患"}
LEVELS_ZH = {"district": "区级", "city": "市级"}

CSS = """
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif; color: #111;
       max-width: 210mm; margin: 0 auto; padding: 1.5rem; line-height: 1.7; }
h1 { font-size: 1.6rem; text-align: center; letter-spacing: 0.3em; margin: 0.5rem 0; }
.number { text-align: right; font-size: 0.95rem; }
.to { font-weight: bold; margin-top: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #333; padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; white-space: nowrap; }
.fields th { width: 7em; }
.sign { margin-top: 2.5rem; display: flex; justify-content: space-between; gap: 2rem; }
.sign div { flex: 1; min-height: 6rem; }
.seal { text-align: right; }
.toolbar { text-align: right; }
.text { white-space: pre-line; }
h2 { font-size: 1.1rem; margin: 1rem 0 0.3rem; }
@media print {
  body { padding: 0; max-width: none; }
  .toolbar { display: none; }
  th { background: none; }
  tr, .sign { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _v(value: object) -> str:
    return escape("" if value is None else str(value))


def _zh_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_v(title)}</title><style>{CSS}</style></head><body>"
        '<p class="toolbar"><button type="button" onclick="window.print()">打印</button></p>'
        f"{body}</body></html>"
    )


def _hazard_table(hazards: Sequence[Hazard], *, with_measures: bool) -> str:
    head = ["序号", "检查项", "依据", "隐患描述", "等级"] + (["整改措施", "整改期限"] if with_measures else [])
    rows = []
    for index, h in enumerate(hazards, start=1):
        cells = [str(index), f"{h.item_code} {h.item_text}", h.basis, h.description,
                 SEVERITIES_ZH.get(h.severity, h.severity)]
        if with_measures:
            cells += [h.measures or "", _zh_date(h.deadline)]
        rows.append("<tr>" + "".join(f"<td>{_v(c)}</td>" for c in cells) + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(head)}">无</td></tr>')
    header = "".join(f"<th>{_v(c)}</th>" for c in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _signature(issuer: str, on: date) -> str:
    return (
        '<div class="sign"><div>签收人（机构负责人）：<br><br>签收日期：　　年　　月　　日</div>'
        f'<div class="seal">{_v(issuer)}（盖章）<br><br>{_v(_zh_date(on))}</div></div>'
    )


def rectification_notice(facility: RectificationFacility, hazards: Sequence[Hazard], *, issuer: str,
                         on: date) -> str:
    """整改通知书: the facility's open hazards, with the measures and deadline of each."""
    body = (
        "<h1>整改通知书</h1>"
        f'<p class="to">{_v(facility.name)}：</p>'
        f"<p>　　经检查，你单位存在下列安全隐患（共 {len(hazards)} 项）。根据《养老机构服务安全基本规范》"
        "（GB 38600-2019）及相关法律法规和标准，现责令你单位按照下列整改措施在规定期限内整改完毕，"
        "整改完成后及时报送整改材料，申请验收。逾期未整改或整改不到位的，将依法依规处理。</p>"
        f"{_hazard_table(hazards, with_measures=True)}"
        f"<p>机构负责人：{_v(facility.manager)}　联系电话：{_v(facility.manager_phone)}</p>"
        f"{_signature(issuer, on)}"
    )
    return _page(f"整改通知书 - {facility.name}", body)


def supervision_document(order: SupervisionOrder, hazards: Sequence[Hazard], *, issuer: str) -> str:
    """督办单: number, level, the hazards, requirements, deadline and supervisor."""
    fields = [
        ("督办单号", order.number),
        ("督办级别", LEVELS_ZH.get(order.level, order.level) + "挂牌督办"),
        ("督办对象", order.facility_name),
        ("督办人", order.supervisor_name),
        ("整改时限", _zh_date(order.deadline)),
        ("督办状态", "已销号" if order.state == "closed" else "督办中"),
    ]
    rows = "".join(f"<tr><th>{_v(k)}</th><td>{_v(v)}</td></tr>" for k, v in fields)
    body = (
        "<h1>挂牌督办单</h1>"
        f'<p class="number">编号：{_v(order.number)}</p>'
        f'<table class="fields"><tbody>{rows}</tbody></table>'
        f"<h2>督办隐患（共 {len(order.hazard_ids)} 项）</h2>"
        f"{_hazard_table(hazards, with_measures=True)}"
        f'<h2>督办要求</h2><p class="text">{_v(order.requirements)}</p>'
        f"{_signature(issuer, order.issued_at.astimezone(CHINA).date())}"
    )
    return _page(f"挂牌督办单 {order.number}", body)
