"""Render a Sichuan-style 2024 部门决算 PDF (四川省示例市卫生健康委员会) as a test fixture.

The document content (tables, narrative, glossary) is held below as Python data.
All table identities are verified with Decimal before anything is rendered:
totals = sum of rows, 类 = sum of 款, 款 = sum of 项, 收入总计 = 支出总计, 完成率 = 决算数 ÷ 年初预算数,
and every figure quoted in the narrative is asserted against the tables.

    .venv/bin/python scripts/make_sichuan_fixture.py [--out PATH]

Font: reportlab's built-in CID font STSong-Light (no TTF needed; the text layer extracts as Unicode).
Output is byte-stable (invariant=1).
"""
from __future__ import annotations

import argparse
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.tableofcontents import TableOfContents

rl_config.invariant = 1

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests/fixtures/docs/四川省示例市卫生健康委员会_2024_部门决算.pdf"
DEPT = "四川省示例市卫生健康委员会"
YEAR = 2024

# =====================================================================  content: tables
NAMES = {
    "205": "教育支出", "20508": "进修及培训", "2050803": "培训支出",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休", "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出", "2080506": "机关事业单位职业年金缴费支出",
    "20808": "抚恤", "2080801": "死亡抚恤",
    "20899": "其他社会保障和就业支出", "2089999": "其他社会保障和就业支出",
    "210": "卫生健康支出", "21001": "卫生健康管理事务", "2100101": "行政运行",
    "2100102": "一般行政管理事务", "2100199": "其他卫生健康管理事务支出",
    "21002": "公立医院", "2100201": "综合医院", "2100202": "中医（民族）医院", "2100299": "其他公立医院支出",
    "21003": "基层医疗卫生机构", "2100399": "其他基层医疗卫生机构支出",
    "21004": "公共卫生", "2100401": "疾病预防控制机构", "2100402": "卫生监督机构",
    "2100403": "妇幼保健机构", "2100405": "应急救治机构", "2100406": "采供血机构",
    "2100408": "基本公共卫生服务", "2100409": "重大公共卫生服务",
    "2100410": "突发公共卫生事件应急处置", "2100499": "其他公共卫生支出",
    "21006": "中医药", "2100601": "中医（民族医）药专项",
    "21007": "计划生育事务", "2100717": "计划生育服务", "2100799": "其他计划生育事务支出",
    "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101102": "事业单位医疗", "2101103": "公务员医疗补助",
    "21016": "老龄卫生健康事务", "2101601": "老龄卫生健康事务",
    "21099": "其他卫生健康支出", "2109999": "其他卫生健康支出",
    "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金", "2210203": "购房补贴",
    "229": "其他支出", "22960": "彩票公益金安排的支出",
    "2296002": "用于社会福利的彩票公益金支出", "2296099": "用于其他社会公益事业的彩票公益金支出",
}

# 一般公共预算财政拨款: code -> (年初预算数, 基本支出, 项目支出)
GPB = {
    "2050803": ("80.00", "0", "72.45"),
    "2080501": ("58.20", "61.35", "0"),
    "2080502": ("212.40", "205.86", "0"),
    "2080505": ("1236.50", "1248.72", "0"),
    "2080506": ("618.25", "624.36", "0"),
    "2080801": ("0", "38.64", "0"),
    "2089999": ("12.00", "0", "9.60"),
    "2100101": ("1386.42", "1402.18", "0"),
    "2100102": ("265.00", "0", "231.47"),
    "2100199": ("180.00", "0", "212.35"),
    "2100201": ("3850.00", "1260.00", "3015.60"),
    "2100202": ("1620.00", "540.00", "952.30"),
    "2100299": ("500.00", "0", "686.50"),
    "2100399": ("420.00", "0", "395.80"),
    "2100401": ("2168.30", "1856.42", "402.65"),
    "2100402": ("836.50", "798.16", "45.20"),
    "2100403": ("975.60", "702.35", "231.48"),
    "2100405": ("612.40", "486.92", "148.75"),
    "2100406": ("538.00", "402.60", "96.30"),
    "2100408": ("3265.00", "0", "3188.46"),
    "2100409": ("1480.00", "0", "1625.38"),
    "2100410": ("300.00", "0", "126.54"),
    "2100499": ("150.00", "0", "172.90"),
    "2100601": ("260.00", "0", "248.15"),
    "2100717": ("1850.00", "0", "1796.42"),
    "2100799": ("95.00", "0", "88.60"),
    "2101101": ("96.80", "98.54", "0"),
    "2101102": ("468.30", "472.96", "0"),
    "2101103": ("52.60", "51.20", "0"),
    "2101601": ("120.00", "0", "104.36"),
    "2109999": ("0", "0", "35.00"),
    "2210201": ("742.80", "751.34", "0"),
    "2210203": ("40.00", "36.50", "0"),
}

OTHER_EXP = {
    "2080505": ("5120.38", "0"), "2080506": ("2560.19", "0"),
    "2100201": ("86420.35", "2350.80"), "2100202": ("38650.72", "1206.45"),
    "2100401": ("312.60", "826.40"), "2100403": ("6820.45", "260.30"),
    "2100405": ("40.00", "0"), "2100406": ("1560.20", "85.00"),
    "2100409": ("0", "356.00"), "2101102": ("1980.50", "0"), "2210201": ("3245.62", "0"),
}
OTHER_INC = {
    "2080505": {"事业收入": "5120.38"}, "2080506": {"事业收入": "2560.19"},
    "2100201": {"事业收入": "88125.60", "其他收入": "536.24"},
    "2100202": {"事业收入": "39412.85", "其他收入": "218.70"},
    "2100401": {"上级补助收入": "780.00", "事业收入": "356.80"},
    "2100403": {"事业收入": "7105.26", "其他收入": "42.18"},
    "2100405": {"事业收入": "40.00"}, "2100406": {"事业收入": "1652.40"},
    "2100409": {"上级补助收入": "356.00"}, "2101102": {"事业收入": "1980.50"},
    "2210201": {"事业收入": "3245.62"},
}
GPB_INC_OVERRIDE = {"2100410": "300.00", "2100408": "3265.00", "2100409": "1480.00"}

# 政府性基金预算财政拨款: code -> (年初结转和结余, 本年收入, 基本支出, 项目支出)
GF = {
    "2296002": ("0", "90.00", "0", "86.40"),
    "2296099": ("15.20", "90.00", "0", "102.35"),
}
GF_BUDGET = "180.00"          # 政府性基金预算财政拨款 年初预算数 (narrative)
SOURCES = ["上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]

OPENING = {"一般公共预算财政拨款": "286.40", "政府性基金预算财政拨款": "15.20", "非财政拨款": "6842.35"}
USE_NONFISCAL_SURPLUS = "0"
SURPLUS_DISTRIBUTION = "1250.60"     # 结余分配 (医院提取专用基金)

# 一般公共预算财政拨款基本支出 by 部门预算支出经济分类: (code, name, amount); "" amount = blank row
PERSONNEL = [
    ("301", "工资福利支出", None),
    ("30101", "基本工资", "2186.40"), ("30102", "津贴补贴", "1342.75"), ("30103", "奖金", "486.30"),
    ("30106", "伙食补助费", ""), ("30107", "绩效工资", "1875.62"),
    ("30108", "机关事业单位基本养老保险缴费", "1248.72"), ("30109", "职业年金缴费", "624.36"),
    ("30110", "职工基本医疗保险缴费", "571.50"), ("30111", "公务员医疗补助缴费", "51.20"),
    ("30112", "其他社会保障缴费", "86.45"), ("30113", "住房公积金", "751.34"), ("30114", "医疗费", ""),
    ("30199", "其他工资福利支出", "168.66"),
    ("303", "对个人和家庭的补助", None),
    ("30301", "离休费", "18.60"), ("30302", "退休费", "248.61"), ("30303", "退职（役）费", ""),
    ("30304", "抚恤金", "38.64"), ("30305", "生活补助", "12.80"), ("30307", "医疗费补助", ""),
    ("30309", "奖励金", "3.20"), ("30399", "其他对个人和家庭的补助", "36.50"),
]
PUBLIC_A = [
    ("302", "商品和服务支出", None),
    ("30201", "办公费", "168.42"), ("30202", "印刷费", "23.56"), ("30203", "咨询费", "6.80"),
    ("30204", "手续费", "1.25"), ("30205", "水费", "28.74"), ("30206", "电费", "96.35"),
    ("30207", "邮电费", "31.28"), ("30208", "取暖费", ""), ("30209", "物业管理费", "186.90"),
    ("30211", "差旅费", "72.46"), ("30212", "因公出国（境）费用", ""), ("30213", "维修（护）费", "84.62"),
    ("30214", "租赁费", "12.40"), ("30215", "会议费", "9.85"), ("30216", "培训费", "18.30"),
    ("30217", "公务接待费", "3.12"),
]
PUBLIC_B = [
    ("30218", "专用材料费", "145.68"), ("30224", "被装购置费", ""), ("30225", "专用燃料费", ""),
    ("30226", "劳务费", "42.50"), ("30227", "委托业务费", "38.90"), ("30228", "工会经费", "92.36"),
    ("30229", "福利费", "45.80"), ("30231", "公务用车运行维护费", "9.64"), ("30239", "其他交通费用", "58.20"),
    ("30240", "税金及附加费用", "0.86"), ("30299", "其他商品和服务支出", "10.91"),
    ("307", "债务利息及费用支出", None), ("30701", "国内债务付息", ""),
    ("310", "资本性支出", None),
    ("31002", "办公设备购置", "36.75"), ("31003", "专用设备购置", "48.20"),
    ("31007", "信息网络及软件购置更新", "12.60"), ("31022", "无形资产购置", ""),
    ("399", "其他支出", None), ("39999", "其他支出", ""),
]

# “三公”经费: (合计, 因公出国（境）费, 公务用车购置及运行费 小计, 公务用车购置费, 公务用车运行费, 公务接待费)
SANGONG_BUDGET = ("52.40", "6.00", "38.40", "25.00", "13.40", "8.00")
SANGONG_FINAL = ("46.91", "4.85", "36.28", "24.36", "11.92", "5.78")

# 2023年度决算 comparatives quoted in the narrative
PRIOR = {"总计": "171236.48", "财政拨款总计": "24187.32", "一般公共预算财政拨款支出": "23618.75",
         "三公": "51.38", "机关运行经费": "198.77"}

# =====================================================================  arithmetic (Decimal)
Q2 = D("0.01")
ZERO = D(0)


def d(x) -> D:
    if isinstance(x, D):
        return x
    return D(x) if x not in (None, "") else ZERO


def rate(num, den) -> D:
    """Percentage with 2 decimals (ROUND_HALF_UP); refuses exact half cases so the rounding rule never matters."""
    raw = d(num) / d(den) * 100
    assert (raw * 1000) % 10 != 5 or (raw * 1000) != (raw * 1000).to_integral_value(), ("half-way rate", num, den)
    return raw.quantize(Q2, rounding=ROUND_HALF_UP)


def rollup(leaves: dict) -> tuple[list, tuple]:
    """{7-digit code: values} -> ([(code, level, values)] in 类/款/项 order, total); asserts 类=Σ款, 款=Σ项."""
    width = len(next(iter(leaves.values())))
    agg: dict[str, list] = {}
    for code, vals in leaves.items():
        assert len(code) == 7 and code[:3] in NAMES and code[:5] in NAMES and code in NAMES, code
        for p in (code[:3], code[:5], code):
            cur = agg.setdefault(p, [ZERO] * width)
            for i, v in enumerate(vals):
                cur[i] += d(v)
    rows = []
    for c3 in sorted(c for c in agg if len(c) == 3):
        rows.append((c3, "类", tuple(agg[c3])))
        for c5 in sorted(c for c in agg if len(c) == 5 and c.startswith(c3)):
            rows.append((c5, "款", tuple(agg[c5])))
            for c7 in sorted(c for c in agg if len(c) == 7 and c.startswith(c5)):
                rows.append((c7, "项", tuple(agg[c7])))
    total = tuple(sum((d(v[i]) for v in leaves.values()), ZERO) for i in range(width))
    for code, lvl, vals in rows:
        if lvl != "项":
            kids = [v for c, _, v in rows if len(c) == len(code) + 2 and c.startswith(code)]
            assert all(vals[i] == sum((k[i] for k in kids), ZERO) for i in range(width)), code
    assert all(total[i] == sum((v[i] for _, l, v in rows if l == "类"), ZERO) for i in range(width))
    return rows, total


# ---- 一般公共预算财政拨款支出 (年初预算数, 决算合计, 基本支出, 项目支出)
gpb_leaves = {c: (d(a), d(b) + d(p), d(b), d(p)) for c, (a, b, p) in GPB.items()}
gpb_rows, gpb_tot = rollup(gpb_leaves)
for _, _, v in gpb_rows + [("", "", gpb_tot)]:
    assert v[1] == v[2] + v[3]
gpb_by = {c: v for c, _, v in gpb_rows}

# ---- 政府性基金 (年初结转和结余, 本年收入, 本年支出小计, 基本, 项目, 年末结转和结余)
gf_leaves = {c: (d(s), d(i), d(b) + d(p), d(b), d(p), d(s) + d(i) - d(b) - d(p)) for c, (s, i, b, p) in GF.items()}
gf_rows, gf_tot = rollup(gf_leaves)
for _, _, v in gf_rows + [("", "", gf_tot)]:
    assert v[2] == v[3] + v[4] and v[5] == v[0] + v[1] - v[2] and v[5] >= 0
assert gf_tot[0] == d(OPENING["政府性基金预算财政拨款"])

# ---- 支出决算表 (本年支出合计, 基本, 项目, 上缴上级, 经营, 对附属单位补助)
exp_leaves = {}
for c in sorted(set(GPB) | set(GF) | set(OTHER_EXP)):
    b = d(GPB.get(c, ("0", "0", "0"))[1]) + d(GF.get(c, ("0",) * 4)[2]) + d(OTHER_EXP.get(c, ("0", "0"))[0])
    p = d(GPB.get(c, ("0", "0", "0"))[2]) + d(GF.get(c, ("0",) * 4)[3]) + d(OTHER_EXP.get(c, ("0", "0"))[1])
    exp_leaves[c] = (b + p, b, p, ZERO, ZERO, ZERO)
exp_rows, exp_tot = rollup(exp_leaves)
for _, _, v in exp_rows + [("", "", exp_tot)]:
    assert v[0] == sum(v[1:])
exp_by = {c: v for c, _, v in exp_rows}

# ---- 收入决算表 (本年收入合计, 财政拨款收入, 上级补助, 事业, 经营, 附属单位上缴, 其他)
gpb_income = {c: d(GPB_INC_OVERRIDE.get(c, gpb_leaves[c][1])) for c in GPB}
inc_leaves = {}
for c in sorted(set(GPB) | set(GF) | set(OTHER_INC)):
    fin = gpb_income.get(c, ZERO) + d(GF.get(c, ("0",) * 4)[1])
    src = [d(OTHER_INC.get(c, {}).get(s)) for s in SOURCES]
    inc_leaves[c] = tuple([fin + sum(src, ZERO), fin] + src)
inc_rows, inc_tot = rollup(inc_leaves)
for _, _, v in inc_rows + [("", "", inc_tot)]:
    assert v[0] == sum(v[1:])

GPB_INC = sum(gpb_income.values(), ZERO)
GF_INC = gf_tot[1]
assert inc_tot[1] == GPB_INC + GF_INC

# ---- 财政拨款结转
GPB_OPEN = d(OPENING["一般公共预算财政拨款"])
GF_OPEN = d(OPENING["政府性基金预算财政拨款"])
GPB_CLOSE = GPB_OPEN + GPB_INC - gpb_tot[1]
GF_CLOSE = gf_tot[5]
assert GPB_CLOSE >= 0 and GF_CLOSE == GF_OPEN + GF_INC - gf_tot[2]
FISCAL_TOTAL = GPB_OPEN + GF_OPEN + GPB_INC + GF_INC
assert FISCAL_TOTAL == gpb_tot[1] + gf_tot[2] + GPB_CLOSE + GF_CLOSE

# ---- 收入支出决算表
INCOME_ITEMS = [  # (label, amount)
    ("一、一般公共预算财政拨款收入", GPB_INC),
    ("二、政府性基金预算财政拨款收入", GF_INC),
    ("三、国有资本经营预算财政拨款收入", ZERO),
    ("四、上级补助收入", inc_tot[2]),
    ("五、事业收入", inc_tot[3]),
    ("六、经营收入", inc_tot[4]),
    ("七、附属单位上缴收入", inc_tot[5]),
    ("八、其他收入", inc_tot[6]),
]
INC_TOTAL = sum((a for _, a in INCOME_ITEMS), ZERO)
assert INC_TOTAL == inc_tot[0]
OPEN_TOTAL = sum((d(v) for v in OPENING.values()), ZERO)
GRAND_TOTAL = INC_TOTAL + d(USE_NONFISCAL_SURPLUS) + OPEN_TOTAL
EXP_TOTAL = exp_tot[0]
CLOSE_TOTAL = GRAND_TOTAL - EXP_TOTAL - d(SURPLUS_DISTRIBUTION)
NONFISCAL_CLOSE = CLOSE_TOTAL - GPB_CLOSE - GF_CLOSE
assert NONFISCAL_CLOSE > 0
assert GRAND_TOTAL == EXP_TOTAL + d(SURPLUS_DISTRIBUTION) + CLOSE_TOTAL

CLASSES = [  # national 支出功能分类 类 list, in the order of the 决算公开 template
    ("一", "一般公共服务支出", "201"), ("二", "外交支出", "202"), ("三", "国防支出", "203"),
    ("四", "公共安全支出", "204"), ("五", "教育支出", "205"), ("六", "科学技术支出", "206"),
    ("七", "文化旅游体育与传媒支出", "207"), ("八", "社会保障和就业支出", "208"),
    ("九", "卫生健康支出", "210"), ("十", "节能环保支出", "211"), ("十一", "城乡社区支出", "212"),
    ("十二", "农林水支出", "213"), ("十三", "交通运输支出", "214"), ("十四", "资源勘探工业信息等支出", "215"),
    ("十五", "商业服务业等支出", "216"), ("十六", "金融支出", "217"), ("十七", "援助其他地区支出", "219"),
    ("十八", "自然资源海洋气象等支出", "220"), ("十九", "住房保障支出", "221"),
    ("二十", "粮油物资储备支出", "222"), ("二十一", "国有资本经营预算支出", "223"),
    ("二十二", "灾害防治及应急管理支出", "224"), ("二十三", "其他支出", "229"),
    ("二十四", "债务还本支出", "231"), ("二十五", "债务付息支出", "232"),
    ("二十六", "抗疫特别国债安排的支出", "234"),
]
assert sum((exp_by.get(c, (ZERO,))[0] for _, _, c in CLASSES), ZERO) == EXP_TOTAL
assert {c for c, l, _ in exp_rows if l == "类"} <= {c for _, _, c in CLASSES}

# ---- 基本支出经济分类
def econ_sum(items, prefix):
    return sum((d(a) for c, _, a in items if len(c) == 5 and c.startswith(prefix) and a), ZERO)


ALL_ECON = PERSONNEL + PUBLIC_A + PUBLIC_B
ECON_GROUP = {c: econ_sum(ALL_ECON, c) for c, _, a in ALL_ECON if a is None}
PERSONNEL_TOTAL = ECON_GROUP["301"] + ECON_GROUP["303"]
PUBLIC_TOTAL = ECON_GROUP["302"] + ECON_GROUP["307"] + ECON_GROUP["310"] + ECON_GROUP["399"]
assert PERSONNEL_TOTAL + PUBLIC_TOTAL == gpb_tot[2], (PERSONNEL_TOTAL, PUBLIC_TOTAL, gpb_tot[2])
ECON = {c: d(a) for c, _, a in ALL_ECON if a}

# ---- “三公”
SB = [d(x) for x in SANGONG_BUDGET]
SF = [d(x) for x in SANGONG_FINAL]
for v in (SB, SF):
    assert v[0] == v[1] + v[2] + v[5] and v[2] == v[3] + v[4]
assert ECON["30217"] <= SF[5] and ECON["30231"] <= SF[4]

# =====================================================================  content: narrative
INTERNAL_UNITS = ["办公室", "人事科", "规划发展与信息化科", "财务科", "法规与综合监督科", "体制改革科",
                  "疾病预防控制科（卫生应急办公室）", "医政医管科", "药物政策与基本药物制度科", "基层卫生健康科",
                  "中医药管理科", "老龄健康科", "妇幼健康科", "人口监测与家庭发展科"]
SUBORDINATE_UNITS = ["示例市人民医院", "示例市中医医院", "示例市疾病预防控制中心", "示例市妇幼保健院",
                     "示例市中心血站", "示例市紧急医疗救援中心", "示例市卫生健康综合行政执法支队",
                     "示例市卫生健康信息中心"]
CN_NUM = "零一二三四五六七八九十"
assert len(INTERNAL_UNITS) == 14 and len(SUBORDINATE_UNITS) == 8

FUNCTIONS = [
    "（一）贯彻落实党中央、国务院和省委、省政府关于卫生健康工作的方针政策和决策部署，拟订全市卫生健康事业发展规划和政策措施并组织实施，统筹规划全市卫生健康资源配置。",
    "（二）协调推进全市深化医药卫生体制改革，组织深化公立医院综合改革，推动卫生健康公共服务提供主体多元化、提供方式多样化。",
    "（三）制定并组织落实全市疾病预防控制规划、免疫规划以及严重危害人民健康公共卫生问题的干预措施，负责卫生应急工作，组织指导突发公共卫生事件的预防控制和各类突发公共事件的医疗卫生救援。",
    "（四）组织拟订并协调落实应对人口老龄化政策措施，负责推进老年健康服务体系建设和医养结合工作。",
    "（五）贯彻执行国家药物政策和国家基本药物制度，开展药品使用监测、临床综合评价和短缺药品预警。",
    "（六）负责职责范围内的职业卫生、放射卫生、环境卫生、学校卫生、公共场所卫生、饮用水卫生等公共卫生的监督管理，负责传染病防治监督，健全卫生健康综合监督体系。",
    "（七）贯彻执行医疗机构、医疗服务行业管理办法并监督实施，建立医疗服务评价和监督管理体系，负责中医药管理工作。",
    "（八）负责计划生育管理和服务工作，开展人口监测预警，完善生育政策，负责妇幼健康、基层卫生健康工作。",
    "（九）完成市委、市政府交办的其他任务。",
]


def org_text() -> str:
    inner = "、".join(INTERNAL_UNITS)
    subs = "、".join(SUBORDINATE_UNITS)
    return (f"本部门内设机构{len(INTERNAL_UNITS)}个，分别是：{inner}。"
            f"本部门下属单位{len(SUBORDINATE_UNITS)}个，其中：全额拨款事业单位4个，差额拨款事业单位3个，"
            f"参照公务员法管理的事业单位1个，分别是：{subs}。"
            f"纳入本部门2024年度部门决算编制范围的单位包括委员会机关本级和上述{len(SUBORDINATE_UNITS)}个下属单位。")


# narrative paragraphs; every literal figure is checked in CHECKS below
P_TOTAL = ("2024年度收入、支出决算总计183885.65万元。与2023年相比，收、支总计各增加12649.17万元，增长7.39%。"
           "主要变动原因是：一是示例市人民医院新院区全面投入运行，门诊和住院服务量增加，医疗收入及相应支出增加；"
           "二是年中追加公立医院重点专科能力建设、疾病预防控制能力提升等项目资金。")
P_INCOME = ("2024年度本年收入合计176741.70万元，其中：一般公共预算财政拨款收入25028.98万元，占14.16%；"
            "政府性基金预算财政拨款收入180.00万元，占0.10%；国有资本经营预算财政拨款收入0.00万元，占0.00%；"
            "上级补助收入1136.00万元，占0.64%；事业收入149599.60万元，占84.64%；经营收入0.00万元，占0.00%；"
            "附属单位上缴收入0.00万元，占0.00%；其他收入797.12万元，占0.45%。")
P_EXPEND = ("2024年度本年支出合计176909.07万元，其中：基本支出157749.11万元，占89.17%；"
            "项目支出19159.96万元，占10.83%；上缴上级支出0.00万元，占0.00%；经营支出0.00万元，占0.00%；"
            "对附属单位补助支出0.00万元，占0.00%。")
P_FISCAL = ("2024年度财政拨款收入、支出决算总计25510.58万元。与2023年相比，财政拨款收、支总计各增加1323.26万元，"
            "增长5.47%。主要变动原因是：年中追加公立医院综合改革补助、重大公共卫生服务等项目资金，"
            "同时落实调资政策，人员经费相应增加。")
P_GPB_TOTAL = ("2024年度一般公共预算财政拨款支出24924.36万元，占本年支出合计的14.09%。与2023年相比，"
               "一般公共预算财政拨款支出增加1305.61万元，增长5.53%。主要变动原因是：年中追加市人民医院重点专科能力建设和"
               "大型医用设备购置补助、疾病预防控制中心实验室检测能力提升等项目资金。")
P_GPB_STRUCT = ("一般公共预算财政拨款支出决算主要用于以下方面：教育支出72.45万元，占0.29%；"
                "社会保障和就业支出2188.53万元，占8.78%；卫生健康支出21875.54万元，占87.77%；"
                "住房保障支出787.84万元，占3.16%。")
P_GPB_DETAIL = "2024年度一般公共预算财政拨款支出年初预算为24490.07万元，支出决算为24924.36万元，完成年初预算的101.77%。其中："
P_BASIC = ("2024年度一般公共预算财政拨款基本支出11038.10万元，其中：人员经费9751.65万元，主要包括：基本工资、津贴补贴、"
           "奖金、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、公务员医疗补助缴费、"
           "其他社会保障缴费、住房公积金、其他工资福利支出、离休费、退休费、抚恤金、生活补助、奖励金、"
           "其他对个人和家庭的补助；公用经费1286.45万元，主要包括：办公费、印刷费、咨询费、手续费、水费、电费、"
           "邮电费、物业管理费、差旅费、维修（护）费、租赁费、会议费、培训费、公务接待费、专用材料费、劳务费、"
           "委托业务费、工会经费、福利费、公务用车运行维护费、其他交通费用、税金及附加费用、其他商品和服务支出、"
           "办公设备购置、专用设备购置、信息网络及软件购置更新。")
P_SG_TOTAL = ("2024年度“三公”经费财政拨款支出预算为52.40万元，支出决算为46.91万元，完成预算的89.52%，"
              "较上年减少4.47万元，下降8.70%。决算数小于预算数的主要原因是：认真贯彻落实中央八项规定及其实施细则精神，"
              "严格执行过紧日子要求，从严控制因公出国（境）团组和人数，压减公务接待批次，“三公”经费支出较预算有所节约；"
              "较上年减少的主要原因是公务接待费和公务用车运行维护费支出减少。")
P_SG_STRUCT = ("2024年度“三公”经费财政拨款支出决算中，因公出国（境）费支出决算4.85万元，占10.34%；"
               "公务用车购置及运行维护费支出决算36.28万元，占77.34%；公务接待费支出决算5.78万元，占12.32%。")
P_SG_ABROAD = ("1.因公出国（境）经费支出4.85万元，完成预算的80.83%。全年安排因公出国（境）团组1个，累计2人次，"
               "主要是赴香港特别行政区参加突发公共卫生事件应急管理交流培训。决算数小于预算数的主要原因是："
               "严格控制出访团组规模和在外天数。")
P_SG_CAR = ("2.公务用车购置及运行维护费支出36.28万元，完成预算的94.48%。其中：公务用车购置费支出24.36万元，"
            "完成预算的97.44%，更新购置应急保障用车（疾病预防控制流调采样车）1辆，决算数小于预算数的主要原因是"
            "政府采购形成资金节约；公务用车运行维护费支出11.92万元，完成预算的88.96%，主要用于执法执勤、应急保障、"
            "特种专业技术用车等公务用车的燃料费、维修费、过路过桥费、保险费等支出，决算数小于预算数的主要原因是"
            "加强公务用车使用管理，降低了车辆运行成本。截至2024年12月31日，使用财政拨款开支的公务用车保有量为23辆。")
P_SG_RECEPT = ("3.公务接待费支出5.78万元，完成预算的72.25%。其中：国内公务接待支出5.78万元，主要用于执行公务、"
               "开展业务活动开支的交通费、住宿费、用餐费等，国内公务接待36批次，412人次（不包括陪同人员）；"
               "外事接待支出0.00万元。决算数小于预算数的主要原因是严格执行公务接待标准，压减接待批次和陪同人数。")
P_GF = ("2024年度政府性基金预算财政拨款支出188.75万元，年初预算为180.00万元，完成年初预算的104.86%。"
        "其中：其他支出（类）彩票公益金安排的支出（款）用于社会福利的彩票公益金支出（项）86.40万元，"
        "主要用于老年人健康服务和医养结合项目；用于其他社会公益事业的彩票公益金支出（项）102.35万元，"
        "主要用于出生缺陷防治和重大疾病救治公益项目。决算数大于年初预算数的主要原因是使用了上年结转资金。")
P_SOE = "本部门2024年度无国有资本经营预算财政拨款支出。"
P_OPS = ("2024年度本部门机关运行经费支出186.42万元，比上年决算数减少12.35万元，下降6.21%。"
         "主要原因是：严格落实过紧日子要求，压减办公费、印刷费、会议费等一般性支出。")
P_PROC = ("2024年度本部门政府采购支出总额12864.35万元，其中：政府采购货物支出8420.60万元、政府采购工程支出2156.30万元、"
          "政府采购服务支出2287.45万元。主要用于医疗设备购置、新院区配套工程及信息系统运维服务。"
          "授予中小企业合同金额7850.21万元，占政府采购支出总额的61.02%，其中：授予小微企业合同金额5126.84万元，"
          "占政府采购支出总额的39.85%。")
P_ASSET = ("截至2024年12月31日，本部门共有车辆23辆，其中：副部（省）级及以上领导用车0辆，主要负责人用车0辆，"
           "机要通信用车1辆，应急保障用车6辆，执法执勤用车5辆，特种专业技术用车9辆，离退休干部服务用车0辆，其他用车2辆。"
           "其他用车主要是用于医疗废物转运和下乡巡回医疗的车辆。单价100万元（含）以上设备（不含车辆）38台（套）。")
P_PERF = ("根据预算绩效管理要求，本部门组织对2024年度一般公共预算项目支出全面开展绩效自评，共涉及项目32个，"
          "资金13886.26万元，占一般公共预算项目支出总额的100%。组织对“基本公共卫生服务”“重大传染病防控”"
          "2个项目开展了部门评价，涉及一般公共预算支出4813.84万元。从评价情况来看，各项目基本完成年度绩效目标，"
          "资金使用规范，取得了较好的社会效益。")
CAR_SPLIT = {"副部（省）级及以上领导用车": 0, "主要负责人用车": 0, "机要通信用车": 1, "应急保障用车": 6,
             "执法执勤用车": 5, "特种专业技术用车": 9, "离退休干部服务用车": 0, "其他用车": 2}
assert sum(CAR_SPLIT.values()) == 23

# reasons for each 项 of the 一般公共预算财政拨款支出 (决算数 vs 年初预算数)
REASONS = {
    "2050803": "部分业务培训采取线上方式开展，压减了培训场地及差旅等费用。",
    "2080501": "按政策调整离退休人员基本养老金及相关补贴，年中追加了预算。",
    "2080502": "部分离退休人员去世，离退休人数较年初减少。",
    "2080505": "年中调整社会保险缴费基数，且新招录人员增加了缴费人数。",
    "2080506": "年中调整职业年金缴费基数，且新招录人员增加了缴费人数。",
    "2080801": "年初预算未安排，年内有在职及离退休人员去世，按规定发放一次性抚恤金和丧葬补助费。",
    "2089999": "按实际发生数据实结算，部分资金未使用。",
    "2100101": "年中落实调资政策，在职人员工资性支出增加。",
    "2100102": "严格落实过紧日子要求，压减一般性支出。",
    "2100199": "年中追加健康示例市建设及爱国卫生运动专项经费。",
    "2100201": "年中追加市人民医院重点专科能力建设和大型医用设备购置补助资金。",
    "2100202": "市中医医院部分医疗设备购置项目通过政府采购形成资金节约。",
    "2100299": "上级追加公立医院综合改革补助资金。",
    "2100399": "部分基层医疗卫生机构能力提升项目按进度拨付，剩余资金按规定收回。",
    "2100401": "年中追加疾病预防控制中心实验室检测能力提升项目资金。",
    "2100402": "年中落实调资政策，人员支出增加。",
    "2100403": "部分妇幼健康项目按实际服务人数结算。",
    "2100405": "年中追加院前急救网络建设项目资金。",
    "2100406": "采供血设备更新项目通过政府采购形成资金节约。",
    "2100408": "基本公共卫生服务项目按绩效考核结果据实拨付，部分资金结转下年使用。",
    "2100409": "使用了上年结转资金，并追加了重大传染病防控项目资金。",
    "2100410": "本年度未发生大规模突发公共卫生事件，应急处置资金按规定结转下年使用。",
    "2100499": "年中追加病媒生物防制及职业病防治项目资金。",
    "2100601": "中医药传承创新项目部分内容按合同约定于下年度支付。",
    "2100717": "计划生育家庭奖励扶助对象人数较年初测算有所减少。",
    "2100799": "按实际发生数据实结算。",
    "2101101": "年中调整医疗保险缴费基数。",
    "2101102": "年中调整医疗保险缴费基数，且缴费人数增加。",
    "2101103": "公务员医疗补助缴费人数减少。",
    "2101601": "部分老年健康服务项目按进度拨付。",
    "2109999": "年初预算未安排，年中追加卫生健康人才引进补助资金。",
    "2210201": "年中调整住房公积金缴存基数。",
    "2210203": "购房补贴按实际享受人数发放，人数少于年初测算。",
}
assert set(REASONS) == set(GPB)


def n2(x) -> str:
    return f"{d(x):.2f}"


def item_sentences() -> list[str]:
    out = []
    for i, c in enumerate(sorted(GPB), 1):
        a, f = gpb_leaves[c][0], gpb_leaves[c][1]
        head = f"{i}.{NAMES[c[:3]]}（类）{NAMES[c[:5]]}（款）{NAMES[c]}（项）：年初预算为{n2(a)}万元，支出决算为{n2(f)}万元"
        if a:
            head += f"，完成年初预算的{rate(f, a)}%。"
        else:
            head += "。"
        if f > a:
            head += "决算数大于年初预算数的主要原因是：" + REASONS[c]
        elif f < a:
            head += "决算数小于年初预算数的主要原因是：" + REASONS[c]
        else:
            head += "决算数与年初预算数持平。"
        out.append(head)
    return out


GLOSSARY = [
    "一、财政拨款收入：指单位从同级财政部门取得的财政预算资金，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "二、上级补助收入：指事业单位从主管部门和上级单位取得的非财政补助收入。",
    "三、事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入，主要是所属公立医院、妇幼保健院、中心血站等单位取得的医疗服务收入。",
    "四、其他收入：指单位取得的除上述收入以外的各项收入，主要是利息收入、捐赠收入等。",
    "五、年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    "六、结余分配：指事业单位按照规定提取的职工福利基金、事业基金和缴纳的所得税等。",
    "七、年末结转和结余：指单位按有关规定结转到下年或以后年度继续使用的资金。",
    "八、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    "九、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "十、“三公”经费：指部门用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行费反映单位公务用车车辆购置支出（含车辆购置税）及租用费、燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。",
    "十一、机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。",
    "十二、卫生健康支出（类）公立医院（款）：指卫生健康部门所属公立医院的支出，包括综合医院、中医（民族）医院等。",
    "十三、卫生健康支出（类）公共卫生（款）：指用于疾病预防控制机构、卫生监督机构、妇幼保健机构、应急救治机构、采供血机构的支出以及基本公共卫生服务、重大公共卫生服务、突发公共卫生事件应急处置等方面的支出。",
]

# ---- every number quoted in the narrative, checked against the tables
PROC = {"total": D("12864.35"), "货物": D("8420.60"), "工程": D("2156.30"), "服务": D("2287.45"),
        "中小企业": D("7850.21"), "小微企业": D("5126.84")}
OPS_2024 = D("186.42")
assert PROC["total"] == PROC["货物"] + PROC["工程"] + PROC["服务"]
CHECKS = [
    (P_TOTAL, [GRAND_TOTAL, GRAND_TOTAL - d(PRIOR["总计"]), rate(GRAND_TOTAL - d(PRIOR["总计"]), PRIOR["总计"])]),
    (P_INCOME, [INC_TOTAL] + [x for _, a in INCOME_ITEMS for x in (a, rate(a, INC_TOTAL))]),
    (P_EXPEND, [EXP_TOTAL, exp_tot[1], rate(exp_tot[1], EXP_TOTAL), exp_tot[2], rate(exp_tot[2], EXP_TOTAL)]),
    (P_FISCAL, [FISCAL_TOTAL, FISCAL_TOTAL - d(PRIOR["财政拨款总计"]),
                rate(FISCAL_TOTAL - d(PRIOR["财政拨款总计"]), PRIOR["财政拨款总计"])]),
    (P_GPB_TOTAL, [gpb_tot[1], rate(gpb_tot[1], EXP_TOTAL), gpb_tot[1] - d(PRIOR["一般公共预算财政拨款支出"]),
                   rate(gpb_tot[1] - d(PRIOR["一般公共预算财政拨款支出"]), PRIOR["一般公共预算财政拨款支出"])]),
    (P_GPB_STRUCT, [x for c in ("205", "208", "210", "221") for x in (gpb_by[c][1], rate(gpb_by[c][1], gpb_tot[1]))]),
    (P_GPB_DETAIL, [gpb_tot[0], gpb_tot[1], rate(gpb_tot[1], gpb_tot[0])]),
    (P_BASIC, [gpb_tot[2], PERSONNEL_TOTAL, PUBLIC_TOTAL]),
    (P_SG_TOTAL, [SB[0], SF[0], rate(SF[0], SB[0]), d(PRIOR["三公"]) - SF[0], rate(d(PRIOR["三公"]) - SF[0], PRIOR["三公"])]),
    (P_SG_STRUCT, [SF[1], rate(SF[1], SF[0]), SF[2], rate(SF[2], SF[0]), SF[5], rate(SF[5], SF[0])]),
    (P_SG_ABROAD, [SF[1], rate(SF[1], SB[1])]),
    (P_SG_CAR, [SF[2], rate(SF[2], SB[2]), SF[3], rate(SF[3], SB[3]), SF[4], rate(SF[4], SB[4])]),
    (P_SG_RECEPT, [SF[5], rate(SF[5], SB[5])]),
    (P_GF, [gf_tot[2], GF_BUDGET, rate(gf_tot[2], GF_BUDGET), gf_leaves["2296002"][2], gf_leaves["2296099"][2]]),
    (P_OPS, [OPS_2024, d(PRIOR["机关运行经费"]) - OPS_2024, rate(d(PRIOR["机关运行经费"]) - OPS_2024, PRIOR["机关运行经费"])]),
    (P_PROC, [PROC["total"], PROC["货物"], PROC["工程"], PROC["服务"], PROC["中小企业"],
              rate(PROC["中小企业"], PROC["total"]), PROC["小微企业"], rate(PROC["小微企业"], PROC["total"])]),
    (P_PERF, [gpb_tot[3], gpb_leaves["2100408"][1] + gpb_leaves["2100409"][1]]),
]
for text, figures in CHECKS:
    for fig in figures:
        assert f"{d(fig):.2f}" in text, (fig, text[:30])
assert gf_tot[2] > d(GF_BUDGET)

# =====================================================================  rendering
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 42, 62, 50
RUNNING_HEADER = f"{DEPT}{YEAR}年度部门决算"
FRONT_PAGES = 2                      # cover + 目录 carry no page number


def style(name, size=11, leading=None, align=TA_LEFT, indent=0, before=0, after=0, **kw):
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading or size * 1.7,
                          alignment=align, firstLineIndent=indent, spaceBefore=before, spaceAfter=after,
                          wordWrap="CJK", **kw)


S_COVER1 = style("cover1", 26, 40, TA_CENTER)
S_COVER2 = style("cover2", 15, 26, TA_CENTER)
S_PART = style("part", 16, 26, TA_CENTER, before=6, after=10)
S_H1 = style("h1", 12.5, 22, indent=22, before=6, after=2)
S_BODY = style("body", 11, 20, indent=22, after=2)
S_TOCTITLE = style("toct", 18, 30, TA_CENTER, after=16)
S_TTITLE = style("ttitle", 15, 22, TA_CENTER, after=4)
S_CELL = style("cell", 8.5, 10.5)
S_CELLC = style("cellc", 8.5, 10.5, TA_CENTER)
S_SMALL = style("small", 9, 12)
S_SMALLR = style("smallr", 9, 12, TA_RIGHT)
S_NOTE = style("note", 9, 14, before=4)


class Heading(Paragraph):
    """A paragraph that registers itself in the 目录."""

    def __init__(self, text, st, level, toc_text=None):
        super().__init__(text, st)
        self.toc = (level, toc_text or text)


class Doc(BaseDocTemplate):
    def __init__(self, path):
        super().__init__(str(path), pagesize=PORTRAIT, invariant=1, title=f"{DEPT}{YEAR}年度部门决算",
                         author=DEPT, subject="部门决算", creator="", producer="")
        pf = Frame(MARGIN_X, MARGIN_BOTTOM, PORTRAIT[0] - 2 * MARGIN_X, PORTRAIT[1] - MARGIN_TOP - MARGIN_BOTTOM,
                   id="p", leftPadding=6, rightPadding=6, topPadding=0, bottomPadding=0)
        lf = Frame(MARGIN_X, MARGIN_BOTTOM, LANDSCAPE[0] - 2 * MARGIN_X, LANDSCAPE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                   id="l", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cf = Frame(MARGIN_X, MARGIN_BOTTOM, PORTRAIT[0] - 2 * MARGIN_X, PORTRAIT[1] - 2 * MARGIN_BOTTOM, id="c")
        self.addPageTemplates([
            PageTemplate("cover", [cf], pagesize=PORTRAIT),
            PageTemplate("toc", [pf], pagesize=PORTRAIT),
            PageTemplate("body", [pf], onPage=self.decorate, pagesize=PORTRAIT),
            PageTemplate("land", [lf], onPage=self.decorate, pagesize=LANDSCAPE),
        ])

    @staticmethod
    def decorate(canv, doc):
        w, h = canv._pagesize
        canv.saveState()
        canv.setFont(FONT, 9)
        canv.drawCentredString(w / 2, h - 36, RUNNING_HEADER)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, h - 42, w - MARGIN_X, h - 42)
        canv.setFont(FONT, 10.5)
        canv.drawCentredString(w / 2, 24, f"— {doc.page - FRONT_PAGES} —")
        canv.restoreState()

    def afterFlowable(self, flowable):
        toc = getattr(flowable, "toc", None)
        if toc:
            self.notify("TOCEntry", (toc[0], toc[1], self.page - FRONT_PAGES))


def money(x) -> str:
    x = d(x)
    return "" if x == 0 else f"{x:,.2f}"


GRID = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), 8.5),
    ("LEADING", (0, 0), (-1, -1), 10.5),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


def grid_table(rows, widths, header_rows, spans=(), num_cols=(), center_cols=(), extra=()):
    cells = []
    for r, row in enumerate(rows):
        out = []
        for c, v in enumerate(row):
            if isinstance(v, str) and v and (r < header_rows or c not in num_cols) and c not in center_cols:
                out.append(Paragraph(v, S_CELLC if r < header_rows else S_CELL))
            else:
                out.append(v)
        cells.append(out)
    cmds = list(GRID)
    cmds += [("SPAN",) + s for s in spans]
    cmds += [("ALIGN", (c, header_rows), (c, -1), "RIGHT") for c in num_cols]
    cmds += [("ALIGN", (c, 0), (c, -1), "CENTER") for c in center_cols]
    cmds += [("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.93, 0.93, 0.93))]
    cmds += list(extra)
    return Table(cells, colWidths=widths, repeatRows=header_rows, style=TableStyle(cmds), hAlign="CENTER")


def table_head(story, code, title, toc_no, width):
    story.append(NextPageTemplate("land" if width > PORTRAIT[0] else "body"))
    story.append(PageBreak())
    usable = (width - 2 * MARGIN_X) - (12 if width <= PORTRAIT[0] else 0)
    story.append(Table([["", Paragraph(code, S_SMALLR)]], colWidths=[usable - 90, 90],
                       style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])))
    story.append(Heading(title, S_TTITLE, 1, f"{toc_no}、{title}"))
    story.append(Table([[Paragraph(f"编制单位：{DEPT}", S_SMALL), Paragraph("单位：万元", S_SMALLR)]],
                       colWidths=[usable - 120, 120],
                       style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])))


def split_code(code):
    return [code[:3], code[3:5], code[5:7]]


# ---- 公开01表 收入支出决算表 (portrait)
def t01(story):
    table_head(story, "公开01表", "收入支出决算表", "一", PORTRAIT[0])
    rows = [["收入", "", "", "支出", "", ""],
            ["项目", "行次", "金额", "项目", "行次", "金额"],
            ["栏次", "", "1", "栏次", "", "2"]]
    n_left = len(CLASSES)
    for i in range(n_left):
        left = INCOME_ITEMS[i] if i < len(INCOME_ITEMS) else ("", None)
        num, name, code = CLASSES[i]
        rows.append([left[0], str(i + 1), money(left[1]) if left[1] is not None else "",
                     f"{num}、{name}", str(32 + i), money(exp_by.get(code, (ZERO,))[0])])
    r = n_left
    tail = [("本年收入合计", INC_TOTAL, "本年支出合计", EXP_TOTAL),
            ("使用非财政拨款结余", d(USE_NONFISCAL_SURPLUS), "结余分配", d(SURPLUS_DISTRIBUTION)),
            ("年初结转和结余", OPEN_TOTAL, "年末结转和结余", CLOSE_TOTAL),
            ("", ZERO, "", ZERO),
            ("总计", GRAND_TOTAL, "总计", GRAND_TOTAL)]
    for j, (a, av, b, bv) in enumerate(tail):
        rows.append([a, str(r + 1 + j), money(av), b, str(32 + r + j), money(bv)])
    widths = [150, 28, 72, 152, 28, 72]
    story.append(grid_table(rows, widths, 3, spans=[((0, 0), (2, 0)), ((3, 0), (5, 0))],
                            num_cols=(2, 5), center_cols=(1, 4)))
    story.append(Paragraph("注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。", S_NOTE))


# ---- 公开02表 收入决算表 (类/款/项 split)
def t02(story):
    table_head(story, "公开02表", "收入决算表", "二", LANDSCAPE[0])
    heads = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    rows = [["项目", "", "", ""] + heads,
            ["科目编码", "", "", "科目名称"] + [""] * 7,
            ["类", "款", "项", ""] + [""] * 7,
            ["栏次", "", "", ""] + [str(i) for i in range(1, 8)],
            ["合计", "", "", ""] + [money(v) for v in inc_tot]]
    for code, _, vals in inc_rows:
        rows.append(split_code(code) + [NAMES[code]] + [money(v) for v in vals])
    widths = [32, 24, 24, 150] + [76] * 7
    spans = [((0, 0), (3, 0)), ((0, 1), (2, 1)), ((3, 1), (3, 2)), ((0, 3), (3, 3)), ((0, 4), (3, 4))]
    spans += [((c, 0), (c, 2)) for c in range(4, 11)]
    story.append(grid_table(rows, widths, 3, spans=spans, num_cols=range(4, 11), center_cols=(0, 1, 2)))
    story.append(Paragraph("注：本表反映部门本年度取得的各项收入情况。", S_NOTE))


# ---- 公开03表 支出决算表 (7-digit code)
def t03(story):
    table_head(story, "公开03表", "支出决算表", "三", LANDSCAPE[0])
    heads = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    rows = [["项目", ""] + heads,
            ["科目编码", "科目名称"] + [""] * 6,
            ["栏次", ""] + [str(i) for i in range(1, 7)],
            ["合计", ""] + [money(v) for v in exp_tot]]
    for code, _, vals in exp_rows:
        rows.append([code, NAMES[code]] + [money(v) for v in vals])
    widths = [62, 170] + [88] * 6
    spans = [((0, 0), (1, 0)), ((0, 2), (1, 2)), ((0, 3), (1, 3))] + [((c, 0), (c, 1)) for c in range(2, 8)]
    story.append(grid_table(rows, widths, 2, spans=spans, num_cols=range(2, 8), center_cols=(0,)))
    story.append(Paragraph("注：本表反映部门本年度各项支出情况。", S_NOTE))


# ---- 公开04表 财政拨款收入支出决算表
def t04(story):
    table_head(story, "公开04表", "财政拨款收入支出决算表", "四", LANDSCAPE[0])
    rows = [["收入", "", "", "支出", "", "", "", "", ""],
            ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
             "国有资本经营预算财政拨款"],
            ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]]
    fin_items = [("一、一般公共预算财政拨款", GPB_INC), ("二、政府性基金预算财政拨款", GF_INC),
                 ("三、国有资本经营预算财政拨款", ZERO)]
    gf_by = {c: v for c, _, v in gf_rows}
    for i, (num, name, code) in enumerate(CLASSES):
        left = fin_items[i] if i < len(fin_items) else ("", None)
        g = gpb_by.get(code, (ZERO, ZERO))[1]
        f = gf_by.get(code, (ZERO, ZERO, ZERO))[2]
        rows.append([left[0], str(i + 1), money(left[1]) if left[1] is not None else "",
                     f"{num}、{name}", str(33 + i), money(g + f), money(g), money(f), ""])
    r = len(CLASSES)
    tail = [
        ("本年收入合计", GPB_INC + GF_INC, "本年支出合计", (gpb_tot[1] + gf_tot[2], gpb_tot[1], gf_tot[2])),
        ("年初财政拨款结转和结余", GPB_OPEN + GF_OPEN, "年末财政拨款结转和结余",
         (GPB_CLOSE + GF_CLOSE, GPB_CLOSE, GF_CLOSE)),
        ("一般公共预算财政拨款", GPB_OPEN, "", None),
        ("政府性基金预算财政拨款", GF_OPEN, "", None),
        ("国有资本经营预算财政拨款", ZERO, "", None),
        ("总计", FISCAL_TOTAL, "总计", (FISCAL_TOTAL, GPB_CLOSE + gpb_tot[1], GF_CLOSE + gf_tot[2])),
    ]
    for j, (a, av, b, bv) in enumerate(tail):
        right = [money(x) for x in bv] + [""] if bv else ["", "", "", ""]
        rows.append([a, str(r + 1 + j), money(av), b, str(33 + r + j)] + right)
    widths = [150, 26, 72, 150, 26, 80, 86, 86, 86]
    story.append(grid_table(rows, widths, 3, spans=[((0, 0), (2, 0)), ((3, 0), (8, 0))],
                            num_cols=(2, 5, 6, 7, 8), center_cols=(1, 4),
                            extra=[("FONTSIZE", (0, 3), (-1, -1), 8), ("TOPPADDING", (0, 3), (-1, -1), 1.2),
                                   ("BOTTOMPADDING", (0, 3), (-1, -1), 1.2)]))
    story.append(Paragraph("注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。", S_NOTE))


# ---- 公开05表 一般公共预算财政拨款支出决算表 (类/款/项 split, 年初预算数 + 完成率)
def t05(story):
    table_head(story, "公开05表", "一般公共预算财政拨款支出决算表", "五", LANDSCAPE[0])
    rows = [["项目", "", "", "", "年初预算数", "决算数", "", "", "完成率(%)"],
            ["科目编码", "", "", "科目名称", "", "合计", "基本支出", "项目支出", ""],
            ["类", "款", "项", "", "", "", "", "", ""],
            ["栏次", "", "", "", "1", "2", "3", "4", "5"]]

    def rr(v):
        return f"{rate(v[1], v[0])}" if v[0] else ""

    rows.append(["合计", "", "", "", money(gpb_tot[0]), money(gpb_tot[1]), money(gpb_tot[2]), money(gpb_tot[3]),
                 rr(gpb_tot)])
    for code, _, v in gpb_rows:
        rows.append(split_code(code) + [NAMES[code], money(v[0]), money(v[1]), money(v[2]), money(v[3]), rr(v)])
    widths = [34, 26, 26, 130, 92, 92, 92, 92, 70]
    spans = [((0, 0), (3, 0)), ((0, 1), (2, 1)), ((3, 1), (3, 2)), ((4, 0), (4, 2)), ((5, 0), (7, 0)),
             ((8, 0), (8, 2)), ((5, 1), (5, 2)), ((6, 1), (6, 2)), ((7, 1), (7, 2)), ((0, 3), (3, 3)),
             ((0, 4), (3, 4))]
    story.append(grid_table(rows, widths, 3, spans=spans, num_cols=range(4, 9), center_cols=(0, 1, 2)))
    story.append(Paragraph("注：本表反映部门本年度一般公共预算财政拨款实际支出情况。完成率＝决算数÷年初预算数×100%。", S_NOTE))


# ---- 公开06表 一般公共预算财政拨款基本支出决算表 (three side-by-side blocks)
def t06(story):
    table_head(story, "公开06表", "一般公共预算财政拨款基本支出决算表", "六", LANDSCAPE[0])
    rows = [["人员经费", "", "", "公用经费", "", "", "", "", ""],
            ["科目编码", "科目名称", "决算数"] * 3]

    def cell(item):
        if item is None:
            return ["", "", ""]
        code, name, amt = item
        return [code, name, money(ECON_GROUP[code] if amt is None else amt)]

    n = max(len(PERSONNEL), len(PUBLIC_A), len(PUBLIC_B))
    for i in range(n):
        rows.append(cell(PERSONNEL[i] if i < len(PERSONNEL) else None)
                    + cell(PUBLIC_A[i] if i < len(PUBLIC_A) else None)
                    + cell(PUBLIC_B[i] if i < len(PUBLIC_B) else None))
    rows.append(["人员经费合计", "", money(PERSONNEL_TOTAL), "公用经费合计", "", "", "", "", money(PUBLIC_TOTAL)])
    widths = [44, 132, 70] * 3
    spans = [((0, 0), (2, 0)), ((3, 0), (8, 0)), ((0, -1), (1, -1)), ((3, -1), (7, -1))]
    story.append(grid_table(rows, widths, 2, spans=spans, num_cols=(2, 5, 8), center_cols=(0, 3, 6),
                            extra=[("TOPPADDING", (0, 2), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 2), (-1, -1), 1.5)]))
    story.append(Paragraph("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。", S_NOTE))


# ---- 公开07表 “三公”经费
def t07(story):
    table_head(story, "公开07表", "一般公共预算财政拨款“三公”经费支出决算表", "七", LANDSCAPE[0])
    block = ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"]
    rows = [["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
            block + block,
            ["", "", "小计", "公务用车购置费", "公务用车运行费", ""] * 2,
            [str(i) for i in range(1, 13)],
            [money(x) for x in SB] + [money(x) for x in SF]]
    spans = [((0, 0), (5, 0)), ((6, 0), (11, 0))]
    for off in (0, 6):
        spans += [((off, 1), (off, 2)), ((off + 1, 1), (off + 1, 2)), ((off + 2, 1), (off + 4, 1)),
                  ((off + 5, 1), (off + 5, 2))]
    story.append(grid_table(rows, [63] * 12, 3, spans=spans, num_cols=range(12),
                            extra=[("ALIGN", (0, 3), (-1, 3), "CENTER")]))
    story.append(Paragraph("注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费年初预算数，"
                           "决算数是包括当年一般公共预算财政拨款和以前年度结转资金安排的实际支出。", S_NOTE))


def fund_table(story, code, title, toc_no, rows_data, total):
    table_head(story, code, title, toc_no, LANDSCAPE[0])
    rows = [["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
            ["科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
            ["栏次", "", "1", "2", "3", "4", "5", "6"],
            ["合计", ""] + ([money(v) for v in total] if total else [""] * 6)]
    for c, _, v in rows_data:
        rows.append([c, NAMES[c]] + [money(x) for x in v])
    widths = [62, 190] + [82] * 6
    spans = [((0, 0), (1, 0)), ((2, 0), (2, 1)), ((3, 0), (3, 1)), ((4, 0), (6, 0)), ((7, 0), (7, 1)),
             ((0, 2), (1, 2)), ((0, 3), (1, 3))]
    story.append(grid_table(rows, widths, 2, spans=spans, num_cols=range(2, 8), center_cols=(0,)))


def t08(story):
    fund_table(story, "公开08表", "政府性基金预算财政拨款收入支出决算表", "八", gf_rows, gf_tot)
    story.append(Paragraph("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。", S_NOTE))


def t09(story):
    fund_table(story, "公开09表", "国有资本经营预算财政拨款收入支出决算表", "九", [], None)
    story.append(Paragraph(f"注：本单位{YEAR}年度无国有资本经营预算财政拨款收入支出，故本表为空表。", S_NOTE))


def build_story():
    s = []
    # cover
    s += [Spacer(1, 190), Paragraph(DEPT, S_COVER1), Paragraph(f"{YEAR}年度部门决算", S_COVER1), Spacer(1, 260),
          Paragraph(f"编制单位：{DEPT}", S_COVER2), Paragraph("编制日期：2025年9月", S_COVER2)]
    s += [NextPageTemplate("toc"), PageBreak(), Paragraph("目  录", S_TOCTITLE)]
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [style("toc0", 12, 22, leftIndent=0), style("toc1", 10.5, 18, leftIndent=24)]
    s.append(toc)
    s += [NextPageTemplate("body"), PageBreak()]

    s.append(Heading("第一部分  部门概况", S_PART, 0))
    s.append(Heading("一、主要职能", S_H1, 1))
    s += [Paragraph(t, S_BODY) for t in FUNCTIONS]
    s.append(Heading("二、机构设置", S_H1, 1))
    s.append(Paragraph(org_text(), S_BODY))

    s += [PageBreak(), Heading(f"第二部分  {YEAR}年度部门决算情况说明", S_PART, 0)]
    sec = [
        ("一、收入支出决算总体情况说明", [P_TOTAL]),
        ("二、收入决算情况说明", [P_INCOME]),
        ("三、支出决算情况说明", [P_EXPEND]),
        ("四、财政拨款收入支出决算总体情况说明", [P_FISCAL]),
        ("五、一般公共预算财政拨款支出决算情况说明", None),
        ("六、一般公共预算财政拨款基本支出决算情况说明", [P_BASIC]),
        ("七、“三公”经费财政拨款支出决算情况说明", None),
        ("八、政府性基金预算支出决算情况说明", [P_GF]),
        ("九、国有资本经营预算支出决算情况说明", [P_SOE]),
        ("十、其他重要事项的情况说明", None),
    ]
    for title, paras in sec:
        s.append(Heading(title, S_H1, 1))
        if paras:
            s += [Paragraph(p, S_BODY) for p in paras]
        elif title.startswith("五"):
            s += [Paragraph("（一）一般公共预算财政拨款支出决算总体情况", S_BODY), Paragraph(P_GPB_TOTAL, S_BODY),
                  Paragraph("（二）一般公共预算财政拨款支出决算结构情况", S_BODY), Paragraph(P_GPB_STRUCT, S_BODY),
                  Paragraph("（三）一般公共预算财政拨款支出决算具体情况", S_BODY), Paragraph(P_GPB_DETAIL, S_BODY)]
            s += [Paragraph(t, S_BODY) for t in item_sentences()]
        elif title.startswith("七"):
            s += [Paragraph("（一）“三公”经费财政拨款支出决算总体情况说明", S_BODY), Paragraph(P_SG_TOTAL, S_BODY),
                  Paragraph("（二）“三公”经费财政拨款支出决算具体情况说明", S_BODY), Paragraph(P_SG_STRUCT, S_BODY),
                  Paragraph(P_SG_ABROAD, S_BODY), Paragraph(P_SG_CAR, S_BODY), Paragraph(P_SG_RECEPT, S_BODY)]
        else:
            s += [Paragraph("（一）机关运行经费支出情况", S_BODY), Paragraph(P_OPS, S_BODY),
                  Paragraph("（二）政府采购支出情况", S_BODY), Paragraph(P_PROC, S_BODY),
                  Paragraph("（三）国有资产占用情况", S_BODY), Paragraph(P_ASSET, S_BODY),
                  Paragraph("（四）预算绩效管理情况", S_BODY), Paragraph(P_PERF, S_BODY)]

    s += [PageBreak(), Heading("第三部分  名词解释", S_PART, 0)]
    s += [Paragraph(t, S_BODY) for t in GLOSSARY]

    s += [PageBreak(), Heading("第四部分  附件", S_PART, 0)]
    s.append(Paragraph(f"附件：{DEPT}{YEAR}年度部门决算公开报表（公开01表至公开09表），详见后页。", S_BODY))
    for fn in (t01, t02, t03, t04, t05, t06, t07, t08, t09):
        fn(s)
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    Doc(args.out).multiBuild(build_story())
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
