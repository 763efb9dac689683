"""Write the Guangdong-style fixture: 广东省示例市司法局 2026年部门预算 as an Excel workbook.

    .venv/bin/python scripts/make_guangdong_fixture.py

Writes tests/fixtures/docs/广东省示例市司法局_2026_部门预算.xlsx

The content lives here as Python data (amounts in 元, 2 decimals) and every identity of the
document is asserted with Decimal before anything is written: totals = sums of rows,
类 = Σ款 = Σ项, 收入总计 = 支出总计, 基本支出 + 项目支出 = 合计, 人员经费 + 公用经费 = 基本支出,
the 三公 parts, procurement and purchase-of-service totals, and every figure the narrative
restates in 万元 (or 元) equals the table figure.

The workbook imitates what a city department's budgeting software exports:
  * sheet 封面及说明: the title split over two merged rows, narrative one paragraph per row;
  * sheet names are not the table titles (收支总表, 表2, 表3, Sheet3, 表6, 三公, 表8, 表10,
    Sheet11, 绩效); 收支总表, 表8 and Sheet11 hold two tables each, two blank rows apart;
  * each title merged across the table width, 金额单位：元 in the right-most cell of the row
    under it — except the 三公 table, whose first header cell reads 项目（单位：元）;
  * multi-row merged headers (科目编码 over 类/款/项; 支出预算 over 合计/基本支出/项目支出);
  * amounts are numbers formatted #,##0.00, except sheet 表6 where they are text strings
    with thousands separators; zero shown as '-' text in some cells, blank in others;
  * a hidden helper column (表3, column E: internal row codes) and a hidden row
    (Sheet3: 内部核对行 with stale numbers that are not part of the table).
Output is reproducible: fixed document timestamps and fixed zip entry times.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from workbooks import save_workbook  # scripts/workbooks.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "fixtures" / "docs" / "广东省示例市司法局_2026_部门预算.xlsx"
FIXED_TIME = datetime(2026, 1, 20, 9, 30, 0)

D = Decimal
ZERO = D("0.00")
DASH = "-"


def wan(amount: Decimal) -> Decimal:
    """元 → 万元, 2 decimals, half-up (as the narrative prints it)."""
    return (amount / D(10000)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(D("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# 1. Content
# ---------------------------------------------------------------------------------------------

DEPT = "广东省示例市司法局"

# Units covered by the department budget.
UNITS = [  # (code, name)
    ("101001", "示例市司法局本级"),
    ("101002", "示例市法律援助处"),
    ("101003", "示例市人民调解指导中心"),
]

# 一般公共预算基本支出 by 部门经济分类 (all funded by 一般公共预算拨款): code, name, 人员经费, 公用经费
ECON = [
    ("301", "工资福利支出", None, None),
    ("30101", "基本工资", D("4862400.00"), ZERO),
    ("30102", "津贴补贴", D("6135720.00"), ZERO),
    ("30103", "奖金", D("1218600.00"), ZERO),
    ("30107", "绩效工资", D("1376500.00"), ZERO),
    ("30108", "机关事业单位基本养老保险缴费", D("1928416.32"), ZERO),
    ("30109", "职业年金缴费", D("964208.16"), ZERO),
    ("30110", "职工基本医疗保险缴费", D("1084734.18"), ZERO),
    ("30111", "公务员医疗补助缴费", D("361578.06"), ZERO),
    ("30112", "其他社会保障缴费", D("120526.02"), ZERO),
    ("30113", "住房公积金", D("1457280.00"), ZERO),
    ("30199", "其他工资福利支出", D("352800.00"), ZERO),
    ("302", "商品和服务支出", None, None),
    ("30201", "办公费", ZERO, D("386500.00")),
    ("30202", "印刷费", ZERO, D("62000.00")),
    ("30205", "水费", ZERO, D("38400.00")),
    ("30206", "电费", ZERO, D("216000.00")),
    ("30207", "邮电费", ZERO, D("94800.00")),
    ("30211", "差旅费", ZERO, D("182600.00")),
    ("30213", "维修（护）费", ZERO, D("128000.00")),
    ("30215", "会议费", ZERO, D("45000.00")),
    ("30216", "培训费", ZERO, D("96000.00")),
    ("30217", "公务接待费", ZERO, D("48000.00")),
    ("30228", "工会经费", ZERO, D("263740.00")),
    ("30229", "福利费", ZERO, D("115360.00")),
    ("30231", "公务用车运行维护费", ZERO, D("216000.00")),
    ("30239", "其他交通费用", ZERO, D("1024800.00")),
    ("30299", "其他商品和服务支出", ZERO, D("73900.00")),
    ("303", "对个人和家庭的补助", None, None),
    ("30302", "退休费", D("286400.00"), ZERO),
    ("30305", "生活补助", D("96000.00"), ZERO),
    ("30309", "奖励金", D("38250.00"), ZERO),
]
# Published group rows (301/302/303) and totals of the 基本支出表.
ECON_GROUP = {
    "301": (D("19862762.74"), ZERO),
    "302": (ZERO, D("2991100.00")),
    "303": (D("420650.00"), ZERO),
}
PERSONNEL_TOTAL = D("20283412.74")
PUBLIC_TOTAL = D("2991100.00")
BASIC_TOTAL = D("23274512.74")

# Projects: unit, name, 项目类别, 功能科目, 合计, 财政拨款, 其他资金
PROJECTS = [
    ("示例市法律援助处", "法律援助案件办理经费", "特定目标类项目", "2040607", D("6850000.00"), D("6850000.00"), ZERO),
    ("示例市司法局本级", "公共法律服务中心（12348热线）运行经费", "其他运转类项目", "2040607", D("2360000.00"), D("2360000.00"), ZERO),
    ("示例市司法局本级", "社区矫正工作经费", "特定目标类项目", "2040610", D("3125600.00"), D("3125600.00"), ZERO),
    ("示例市司法局本级", "社区矫正执法执勤用车更新", "特定目标类项目", "2040610", D("280000.00"), D("280000.00"), ZERO),
    ("示例市人民调解指导中心", "人民调解工作经费", "特定目标类项目", "2040604", D("4312000.00"), D("3892000.00"), D("420000.00")),
    ("示例市司法局本级", "基层司法所规范化建设经费", "特定目标类项目", "2040604", D("1580000.00"), D("1580000.00"), ZERO),
    ("示例市司法局本级", "“九五”普法启动及法治宣传教育经费", "特定目标类项目", "2040605", D("1265000.00"), D("1265000.00"), ZERO),
    ("示例市司法局本级", "律师行业监督管理经费", "其他运转类项目", "2040606", D("446700.00"), D("446700.00"), ZERO),
    ("示例市司法局本级", "国家统一法律职业资格考试考务经费", "其他运转类项目", "2040608", D("612000.00"), D("612000.00"), ZERO),
    ("示例市司法局本级", "行政复议与行政应诉工作经费", "其他运转类项目", "2040612", D("986500.00"), D("986500.00"), ZERO),
    ("示例市司法局本级", "法治政府建设督察考评经费", "特定目标类项目", "2040612", D("738000.00"), D("738000.00"), ZERO),
    ("示例市司法局本级", "智慧司法信息系统运维经费", "其他运转类项目", "2040699", D("1924300.00"), D("1924300.00"), ZERO),
]
PROJECT_TOTAL = (D("24480100.00"), D("24060100.00"), D("420000.00"))

# 功能分类 rows: code, name, 人员经费, 公用经费 (基本支出 parts; 0 for 类/款 rows here — they are derived)
FUNC_BASIC = {  # 项 → (人员经费, 公用经费)
    "2040601": (D("11336480.42"), D("2532200.00")),
    "2040650": (D("2864315.60"), D("458900.00")),
    "2080501": (D("286400.00"), ZERO),
    "2080505": (D("1928416.32"), ZERO),
    "2080506": (D("964208.16"), ZERO),
    "2101101": (D("1131528.40"), ZERO),
    "2101102": (D("314783.84"), ZERO),
    "2210201": (D("1457280.00"), ZERO),
}
FUNC_NAMES = {
    "204": "公共安全支出", "20406": "司法",
    "2040601": "行政运行", "2040604": "基层司法业务", "2040605": "普法宣传", "2040606": "律师管理",
    "2040607": "公共法律服务", "2040608": "国家统一法律职业资格考试", "2040610": "社区矫正",
    "2040612": "法治建设", "2040650": "事业运行", "2040699": "其他司法支出",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休", "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "210": "卫生健康支出", "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗", "2101102": "事业单位医疗",
    "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金",
}
FUNC_ORDER = ["204", "20406", "2040601", "2040604", "2040605", "2040606", "2040607", "2040608",
              "2040610", "2040612", "2040650", "2040699",
              "208", "20805", "2080501", "2080505", "2080506",
              "210", "21011", "2101101", "2101102",
              "221", "22102", "2210201"]

# Published 部门支出总表 figures (合计, 基本支出, 项目支出) for every row, checked below.
FUNC_PUBLISHED = {
    "204": (D("41671996.02"), D("17191896.02"), D("24480100.00")),
    "20406": (D("41671996.02"), D("17191896.02"), D("24480100.00")),
    "2040601": (D("13868680.42"), D("13868680.42"), ZERO),
    "2040604": (D("5892000.00"), ZERO, D("5892000.00")),
    "2040605": (D("1265000.00"), ZERO, D("1265000.00")),
    "2040606": (D("446700.00"), ZERO, D("446700.00")),
    "2040607": (D("9210000.00"), ZERO, D("9210000.00")),
    "2040608": (D("612000.00"), ZERO, D("612000.00")),
    "2040610": (D("3405600.00"), ZERO, D("3405600.00")),
    "2040612": (D("1724500.00"), ZERO, D("1724500.00")),
    "2040650": (D("3323215.60"), D("3323215.60"), ZERO),
    "2040699": (D("1924300.00"), ZERO, D("1924300.00")),
    "208": (D("3179024.48"), D("3179024.48"), ZERO),
    "20805": (D("3179024.48"), D("3179024.48"), ZERO),
    "2080501": (D("286400.00"), D("286400.00"), ZERO),
    "2080505": (D("1928416.32"), D("1928416.32"), ZERO),
    "2080506": (D("964208.16"), D("964208.16"), ZERO),
    "210": (D("1446312.24"), D("1446312.24"), ZERO),
    "21011": (D("1446312.24"), D("1446312.24"), ZERO),
    "2101101": (D("1131528.40"), D("1131528.40"), ZERO),
    "2101102": (D("314783.84"), D("314783.84"), ZERO),
    "221": (D("1457280.00"), D("1457280.00"), ZERO),
    "22102": (D("1457280.00"), D("1457280.00"), ZERO),
    "2210201": (D("1457280.00"), D("1457280.00"), ZERO),
}
TOTAL = D("47754612.74")
GPB_TOTAL = D("47334612.74")      # 一般公共预算拨款
OTHER_INCOME = D("420000.00")     # 其他收入 (示例市人民调解指导中心)

# 部门收入总表 by unit: 合计, 一般公共预算拨款收入, 其他收入
UNIT_INCOME = {
    "101001": (D("32504558.04"), D("32504558.04"), ZERO),
    "101002": (D("8964312.40"), D("8964312.40"), ZERO),
    "101003": (D("6285742.30"), D("5865742.30"), D("420000.00")),
}

# 三公 (一般公共预算拨款)
SANGONG = {
    "因公出国（境）费": ZERO,
    "公务接待费": D("48000.00"),
    "公务用车购置费": D("280000.00"),
    "公务用车运行费": D("216000.00"),
}
SANGONG_CAR = D("496000.00")
SANGONG_TOTAL = D("544000.00")
SANGONG_2025 = D("512000.00")

# 政府采购预算表: 预算项目, 采购项目, 采购目录, 数量, 金额
PROCUREMENT = [
    ("社区矫正执法执勤用车更新", "执法执勤用车", "货物", "1辆", D("280000.00")),
    ("基层司法所规范化建设经费", "计算机及打印设备", "货物", "60台", D("186000.00")),
    ("“九五”普法启动及法治宣传教育经费", "法治宣传品印制", "货物", "1批", D("165000.00")),
    ("智慧司法信息系统运维经费", "信息系统运行维护服务", "服务", "1项", D("1350000.00")),
    ("公共法律服务中心（12348热线）运行经费", "12348公共法律服务热线外包服务", "服务", "1项", D("960000.00")),
    ("公共法律服务中心（12348热线）运行经费", "物业管理服务", "服务", "1项", D("420000.00")),
    ("“九五”普法启动及法治宣传教育经费", "普法宣传视频制作服务", "服务", "1项", D("230000.00")),
]
PROCUREMENT_TOTAL = D("3591000.00")
PROCUREMENT_GOODS = D("631000.00")
PROCUREMENT_SERVICES = D("2960000.00")

# 政府购买服务预算表: 预算项目, 购买服务内容, 指导性目录, 金额
PURCHASE = [
    ("公共法律服务中心（12348热线）运行经费", "12348公共法律服务热线咨询服务", "公共法律服务", D("960000.00")),
    ("法律援助案件办理经费", "法律援助值班律师服务", "公共法律服务", D("780000.00")),
    ("社区矫正工作经费", "社区矫正社会工作服务", "社区矫正服务", D("620000.00")),
    ("行政复议与行政应诉工作经费", "政府法律顾问服务", "法律服务", D("120000.00")),
]
PURCHASE_TOTAL = D("2480000.00")

# 部门整体支出绩效目标表
PERF_GOAL = ("围绕法治示例建设，统筹推进法治政府建设督察考评、行政复议与行政应诉、“九五”普法、"
             "人民调解、社区矫正和公共法律服务体系建设等工作，保障机关和所属单位正常运转，"
             "全年办理法律援助案件不少于4500件，群众对公共法律服务的满意度不低于95%。")
PERF = [  # 一级, 二级, 三级, 指标值
    ("产出指标", "数量指标", "办理法律援助案件数量", "≥4500件"),
    ("产出指标", "数量指标", "开展法治宣传教育活动场次", "≥600场"),
    ("产出指标", "质量指标", "人民调解案件调解成功率", "≥98%"),
    ("产出指标", "质量指标", "社区矫正对象再犯罪率", "≤0.2%"),
    ("产出指标", "时效指标", "行政复议案件法定期限内审结率", "100%"),
    ("效益指标", "社会效益指标", "村（社区）法律顾问覆盖率", "100%"),
    ("满意度指标", "服务对象满意度指标", "公共法律服务群众满意度", "≥95%"),
]

MACHINE_RUNNING = D("2532200.00")  # 机关运行经费 = 司法局本级 2040601 行政运行 公用经费
INNER_ORGS = ["办公室", "政治部", "法治调研督察科", "法规审查科", "行政复议与应诉科", "普法与依法治理科",
              "社区矫正管理科", "人民参与和促进法治科", "公共法律服务管理科"]
SUB_UNITS = ["示例市法律援助处", "示例市人民调解指导中心"]


def narrative() -> list[tuple[str, str]]:
    """(kind, text): kind is 'h' for a heading row, 'p' for a paragraph row."""
    func_l1 = {c: FUNC_PUBLISHED[c][0] for c in ("204", "208", "210", "221")}
    return [
        ("h", "一、部门主要职责"),
        ("p", "示例市司法局是市政府工作部门，主要职责是：贯彻落实党中央关于全面依法治国的方针政策和省委、"
              "市委决策部署；承担统筹规划全市法治政府建设、依法行政工作；承担市政府规范性文件合法性审查和备案审查工作；"
              "负责市政府行政复议、行政应诉工作；负责全市普法宣传和依法治理工作；指导管理全市社区矫正工作；"
              "指导人民调解工作和基层司法所建设；负责统筹规划全市公共法律服务体系建设，指导监督法律援助、律师、公证、"
              "司法鉴定、仲裁等工作；组织实施国家统一法律职业资格考试；完成市委、市政府交办的其他任务。"),
        ("h", "二、机构设置"),
        ("p", f"本部门内设{len(INNER_ORGS)}个科室：{'、'.join(INNER_ORGS)}。"
              f"下属单位{len(SUB_UNITS)}个：{'、'.join(SUB_UNITS)}，均为公益一类事业单位。"
              f"纳入本部门2026年部门预算编制范围的单位共3个：示例市司法局本级、{'、'.join(SUB_UNITS)}。"),
        ("h", "三、2026年部门预算收支情况说明"),
        ("p", f"（一）收入预算。2026年部门收入预算总计{wan(TOTAL)}万元，其中：一般公共预算拨款收入{wan(GPB_TOTAL)}万元，"
              f"占{pct(GPB_TOTAL, TOTAL)}%；其他收入{wan(OTHER_INCOME)}万元，占{pct(OTHER_INCOME, TOTAL)}%。"
              "本部门无政府性基金预算拨款收入和国有资本经营预算拨款收入，无上年结转。"),
        ("p", f"（二）支出预算。2026年部门支出预算总计{wan(TOTAL)}万元，其中：基本支出{wan(BASIC_TOTAL)}万元，"
              f"占{pct(BASIC_TOTAL, TOTAL)}%；项目支出{wan(PROJECT_TOTAL[0])}万元，占{pct(PROJECT_TOTAL[0], TOTAL)}%。"
              f"按支出功能分类：公共安全支出{wan(func_l1['204'])}万元，社会保障和就业支出{wan(func_l1['208'])}万元，"
              f"卫生健康支出{wan(func_l1['210'])}万元，住房保障支出{wan(func_l1['221'])}万元。"),
        ("p", f"（三）财政拨款支出预算。2026年一般公共预算支出{wan(GPB_TOTAL)}万元，其中：人员经费{wan(PERSONNEL_TOTAL)}万元，"
              f"公用经费{wan(PUBLIC_TOTAL)}万元，项目支出{wan(PROJECT_TOTAL[1])}万元。"),
        ("h", "四、“三公”经费预算情况说明"),
        ("p", f"2026年“三公”经费预算{wan(SANGONG_TOTAL)}万元，比2025年预算{wan(SANGONG_2025)}万元增加"
              f"{wan(SANGONG_TOTAL - SANGONG_2025)}万元，增长{pct(SANGONG_TOTAL - SANGONG_2025, SANGONG_2025)}%。其中："
              f"因公出国（境）费0万元，与上年持平；公务接待费{wan(SANGONG['公务接待费'])}万元；"
              f"公务用车购置及运行费{wan(SANGONG_CAR)}万元，其中公务用车购置费{wan(SANGONG['公务用车购置费'])}万元，"
              f"公务用车运行费{wan(SANGONG['公务用车运行费'])}万元。增加的主要原因是按规定更新1辆已达到报废年限的社区矫正执法执勤用车。"),
        ("h", "五、机关运行经费"),
        ("p", f"2026年本部门机关运行经费预算{wan(MACHINE_RUNNING)}万元，主要用于办公费、印刷费、水电费、邮电费、差旅费、"
              "会议费、培训费、公务用车运行维护费等日常公用支出。"),
        ("h", "六、政府采购情况"),
        ("p", f"2026年本部门政府采购预算总额{wan(PROCUREMENT_TOTAL)}万元，其中：货物类{wan(PROCUREMENT_GOODS)}万元，"
              f"服务类{wan(PROCUREMENT_SERVICES)}万元，无工程类采购。安排政府购买服务预算{wan(PURCHASE_TOTAL)}万元。"),
        ("h", "七、国有资产占用情况"),
        ("p", "截至2025年12月31日，本部门共有车辆11辆，其中：机要通信用车1辆、执法执勤用车9辆、其他用车1辆；"
              "单位价值50万元以上通用设备0台（套），单位价值100万元以上专用设备0台（套）。"
              "2026年部门预算安排更新执法执勤用车1辆。"),
        ("h", "八、名词解释"),
        ("p", "1.财政拨款收入：指市级财政当年拨付的一般公共预算、政府性基金预算和国有资本经营预算资金。"),
        ("p", "2.其他收入：指除财政拨款收入、事业收入、经营收入等以外的收入，本部门主要为示例市人民调解指导中心取得的培训服务收入。"),
        ("p", "3.基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。"),
        ("p", "4.项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
        ("p", "5.“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"),
        ("p", "6.机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，"
              "包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、"
              "办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。"),
    ]


# The figures the narrative states, as printed, each tied to its table figure.
NARRATIVE_FIGURES = [
    ("4775.46万元", TOTAL), ("4733.46万元", GPB_TOTAL), ("42.00万元", OTHER_INCOME),
    ("2327.45万元", BASIC_TOTAL), ("2448.01万元", PROJECT_TOTAL[0]),
    ("4167.20万元", FUNC_PUBLISHED["204"][0]), ("317.90万元", FUNC_PUBLISHED["208"][0]),
    ("144.63万元", FUNC_PUBLISHED["210"][0]), ("145.73万元", FUNC_PUBLISHED["221"][0]),
    ("2028.34万元", PERSONNEL_TOTAL), ("299.11万元", PUBLIC_TOTAL), ("2406.01万元", PROJECT_TOTAL[1]),
    ("54.40万元", SANGONG_TOTAL), ("4.80万元", SANGONG["公务接待费"]), ("49.60万元", SANGONG_CAR),
    ("28.00万元", SANGONG["公务用车购置费"]), ("21.60万元", SANGONG["公务用车运行费"]),
    ("51.20万元", SANGONG_2025), ("3.20万元", SANGONG_TOTAL - SANGONG_2025),
    ("253.22万元", MACHINE_RUNNING), ("359.10万元", PROCUREMENT_TOTAL), ("63.10万元", PROCUREMENT_GOODS),
    ("296.00万元", PROCUREMENT_SERVICES), ("248.00万元", PURCHASE_TOTAL),
]


# ---------------------------------------------------------------------------------------------
# 2. Identities
# ---------------------------------------------------------------------------------------------

def func_basic(code: str) -> tuple[Decimal, Decimal]:
    rows = [v for k, v in FUNC_BASIC.items() if k.startswith(code)]
    return sum((r[0] for r in rows), ZERO), sum((r[1] for r in rows), ZERO)


def func_project(code: str, fund: int = 4) -> Decimal:
    """fund 4: 合计, 5: 财政拨款, 6: 其他资金."""
    return sum((p[fund] for p in PROJECTS if p[3].startswith(code)), ZERO)


def gpb_func(code: str) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
    """一般公共预算支出表 row: 合计, 基本小计, 人员经费, 公用经费, 项目支出."""
    person, public = func_basic(code)
    proj = func_project(code, 5)
    return person + public + proj, person + public, person, public, proj


def check() -> None:
    # 基本支出表
    items = [e for e in ECON if e[2] is not None]
    for group, (gp, gu) in ECON_GROUP.items():
        members = [e for e in items if e[0].startswith(group)]
        assert sum(e[2] for e in members) == gp, group
        assert sum(e[3] for e in members) == gu, group
    assert sum(e[2] for e in items) == PERSONNEL_TOTAL
    assert sum(e[3] for e in items) == PUBLIC_TOTAL
    assert PERSONNEL_TOTAL + PUBLIC_TOTAL == BASIC_TOTAL
    # economic ↔ functional ties
    econ = {e[0]: e[2] + e[3] for e in items}
    assert FUNC_BASIC["2080505"][0] == econ["30108"]
    assert FUNC_BASIC["2080506"][0] == econ["30109"]
    assert FUNC_BASIC["2101101"][0] + FUNC_BASIC["2101102"][0] == econ["30110"] + econ["30111"]
    assert FUNC_BASIC["2210201"][0] == econ["30113"]
    assert FUNC_BASIC["2080501"][0] == econ["30302"]
    assert MACHINE_RUNNING == FUNC_BASIC["2040601"][1]
    # projects
    assert len(PROJECTS) == 12
    for p in PROJECTS:
        assert p[5] + p[6] == p[4], p[1]
        assert p[3] in FUNC_NAMES, p[3]
        assert p[0] in [u[1] for u in UNITS], p[0]
    assert tuple(sum((p[i] for p in PROJECTS), ZERO) for i in (4, 5, 6)) == PROJECT_TOTAL
    assert PROJECT_TOTAL[2] == OTHER_INCOME
    # functional rows: 类 = Σ款 = Σ项, 合计 = 基本 + 项目
    leaves = [c for c in FUNC_ORDER if len(c) == 7]
    for code in FUNC_ORDER:
        person, public = func_basic(code)
        basic, proj = person + public, func_project(code)
        total, pub_basic, pub_proj = FUNC_PUBLISHED[code]
        assert (basic, proj) == (pub_basic, pub_proj), code
        assert total == pub_basic + pub_proj, code
        if len(code) < 7:
            children = [c for c in FUNC_ORDER if len(c) == len(code) + 2 and c.startswith(code)]
            assert sum(FUNC_PUBLISHED[c][0] for c in children) == total, code
            assert sum(FUNC_PUBLISHED[c][0] for c in leaves if c.startswith(code)) == total, code
    classes = [c for c in FUNC_ORDER if len(c) == 3]
    assert sum(FUNC_PUBLISHED[c][0] for c in classes) == TOTAL
    assert sum(FUNC_PUBLISHED[c][1] for c in classes) == BASIC_TOTAL
    assert sum(FUNC_PUBLISHED[c][2] for c in classes) == PROJECT_TOTAL[0]
    assert BASIC_TOTAL + PROJECT_TOTAL[0] == TOTAL
    assert func_basic("")[0] == PERSONNEL_TOTAL and func_basic("")[1] == PUBLIC_TOTAL
    # income = expenditure
    assert GPB_TOTAL + OTHER_INCOME == TOTAL
    assert BASIC_TOTAL + PROJECT_TOTAL[1] == GPB_TOTAL
    assert gpb_func("")[0] == GPB_TOTAL
    for code, (total, gpb, other) in UNIT_INCOME.items():
        assert gpb + other == total, code
    assert sum(v[0] for v in UNIT_INCOME.values()) == TOTAL
    assert sum(v[1] for v in UNIT_INCOME.values()) == GPB_TOTAL
    assert sum(v[2] for v in UNIT_INCOME.values()) == OTHER_INCOME
    # units' income covers their projects (法律援助处 / 调解中心)
    for code, name in UNITS:
        assert UNIT_INCOME[code][0] >= sum((p[4] for p in PROJECTS if p[0] == name), ZERO), name
        assert UNIT_INCOME[code][2] == sum((p[6] for p in PROJECTS if p[0] == name), ZERO), name
    # 三公
    assert SANGONG["公务用车购置费"] + SANGONG["公务用车运行费"] == SANGONG_CAR
    assert SANGONG["因公出国（境）费"] + SANGONG["公务接待费"] + SANGONG_CAR == SANGONG_TOTAL
    assert SANGONG["公务接待费"] == econ["30217"]
    assert SANGONG["公务用车运行费"] == econ["30231"]
    assert SANGONG["公务用车购置费"] == next(p[4] for p in PROJECTS if p[1] == "社区矫正执法执勤用车更新")
    # procurement and purchase of services
    assert sum(p[4] for p in PROCUREMENT) == PROCUREMENT_TOTAL
    assert sum(p[4] for p in PROCUREMENT if p[2] == "货物") == PROCUREMENT_GOODS
    assert sum(p[4] for p in PROCUREMENT if p[2] == "服务") == PROCUREMENT_SERVICES
    assert sum(p[3] for p in PURCHASE) == PURCHASE_TOTAL
    by_project: dict[str, Decimal] = {}
    for p in PROCUREMENT:
        by_project[p[0]] = by_project.get(p[0], ZERO) + p[4]
    for name, amount in by_project.items():
        assert amount <= next(p[4] for p in PROJECTS if p[1] == name), name
    for p in PURCHASE:
        assert p[0] in [q[1] for q in PROJECTS], p[0]
    # narrative = tables
    text = "".join(t for _, t in narrative())
    for printed, amount in NARRATIVE_FIGURES:
        assert printed in text, printed
        assert printed == f"{wan(amount)}万元", (printed, amount)
    assert "内设9个科室" in text and "下属单位2个" in text


# ---------------------------------------------------------------------------------------------
# 3. Workbook
# ---------------------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY = "#,##0.00"
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def title(ws, row: int, text: str, width: int) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(name="宋体", size=16, bold=True)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = 30


def unit_line(ws, row: int, width: int) -> None:
    cell = ws.cell(row=row, column=width, value="金额单位：元")
    cell.alignment = Alignment(horizontal="right")


def head(ws, row: int, col: int, text: str, rows: int = 1, cols: int = 1) -> None:
    cell = ws.cell(row=row, column=col, value=text)
    cell.font = Font(name="宋体", size=10, bold=True)
    cell.alignment = CENTER
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            ws.cell(row=r, column=c).border = BOX
    if rows > 1 or cols > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)


def put(ws, row: int, col: int, value, zero: str = "number") -> None:
    """value: str (text), Decimal (amount). zero: 'number' → 0.00, 'dash' → '-', 'blank' → empty."""
    cell = ws.cell(row=row, column=col)
    cell.border = BOX
    if isinstance(value, Decimal):
        if value == 0 and zero == "dash":
            cell.value = DASH
            cell.alignment = Alignment(horizontal="center")
        elif value == 0 and zero == "blank":
            cell.value = None
        else:
            cell.value = value
            cell.number_format = MONEY
    else:
        cell.value = value


def put_text_amount(ws, row: int, col: int, value: Decimal) -> None:
    cell = ws.cell(row=row, column=col, value=DASH if value == 0 else f"{value:,.2f}")
    cell.border = BOX
    cell.alignment = Alignment(horizontal="right")


def widths(ws, values: list[float]) -> None:
    for i, w in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def sheet_cover(wb: Workbook) -> None:
    ws = wb.active
    ws.title = "封面及说明"
    widths(ws, [110, 4, 4, 4, 4, 4, 4, 4])
    for row, text in ((1, DEPT), (2, "2026年部门预算")):
        ws.cell(row=row, column=1, value=text).font = Font(name="黑体", size=22, bold=True)
        ws.cell(row=row, column=1).alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=8)
        ws.row_dimensions[row].height = 36
    ws.cell(row=3, column=1, value="二〇二六年一月").alignment = Alignment(horizontal="center")
    ws.merge_cells("A3:H3")
    row = 5
    ws.cell(row=row, column=1, value=f"{DEPT}2026年部门预算说明").font = Font(name="黑体", size=14, bold=True)
    row += 1
    for kind, text in narrative():
        cell = ws.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if kind == "h":
            cell.font = Font(name="黑体", size=12, bold=True)
        row += 1


def sheet_totals(wb: Workbook) -> None:
    ws = wb.create_sheet("收支总表")
    widths(ws, [34, 18, 30, 18, 18, 18, 18])
    # --- 部门收支总表 (A:D)
    title(ws, 1, "部门收支总表", 4)
    unit_line(ws, 2, 4)
    head(ws, 3, 1, "收入", cols=2)
    head(ws, 3, 3, "支出", cols=2)
    for col, text in enumerate(["项目", "预算数", "项目", "预算数"], start=1):
        head(ws, 4, col, text)
    income = [
        ("一、一般公共预算拨款收入", GPB_TOTAL), ("二、政府性基金预算拨款收入", ZERO),
        ("三、国有资本经营预算拨款收入", ZERO), ("四、财政专户管理资金收入", ZERO), ("五、事业收入", ZERO),
        ("六、事业单位经营收入", ZERO), ("七、上级补助收入", ZERO), ("八、附属单位上缴收入", ZERO),
        ("九、其他收入", OTHER_INCOME),
    ]
    spend = [("一、公共安全支出", FUNC_PUBLISHED["204"][0]), ("二、社会保障和就业支出", FUNC_PUBLISHED["208"][0]),
             ("三、卫生健康支出", FUNC_PUBLISHED["210"][0]), ("四、住房保障支出", FUNC_PUBLISHED["221"][0])]
    row = 5
    for i, (name, amount) in enumerate(income):
        put(ws, row, 1, name)
        put(ws, row, 2, amount, zero="dash")
        if i < len(spend):
            put(ws, row, 3, spend[i][0])
            put(ws, row, 4, spend[i][1], zero="dash")
        else:
            put(ws, row, 3, None)
            put(ws, row, 4, None)
        row += 1
    for left, lv, right, rv in (("本年收入合计", TOTAL, "本年支出合计", TOTAL),
                                ("上年结转", ZERO, "结转下年", ZERO),
                                ("收入总计", TOTAL, "支出总计", TOTAL)):
        put(ws, row, 1, left)
        put(ws, row, 2, lv, zero="dash")
        put(ws, row, 3, right)
        put(ws, row, 4, rv, zero="dash")
        row += 1
    # two blank rows, then --- 财政拨款收支总表 (A:G)
    row += 2
    title(ws, row, "财政拨款收支总表", 7)
    unit_line(ws, row + 1, 7)
    head(ws, row + 2, 1, "收入", cols=2)
    head(ws, row + 2, 3, "支出", cols=5)
    for col, text in enumerate(["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
                               start=1):
        head(ws, row + 3, col, text)
    row += 4
    left = [("一、本年收入", GPB_TOTAL), ("（一）一般公共预算拨款收入", GPB_TOTAL), ("（二）政府性基金预算拨款收入", ZERO),
            ("（三）国有资本经营预算拨款收入", ZERO), ("二、上年结转", ZERO), ("", None)]
    gpb = {c: gpb_func(c)[0] for c in ("204", "208", "210", "221")}
    right = [("一、本年支出", GPB_TOTAL), ("（一）公共安全支出", gpb["204"]), ("（二）社会保障和就业支出", gpb["208"]),
             ("（三）卫生健康支出", gpb["210"]), ("（四）住房保障支出", gpb["221"]), ("二、结转下年", ZERO)]
    for (lname, lv), (rname, rv) in zip(left, right):
        put(ws, row, 1, lname or None)
        put(ws, row, 2, lv, zero="dash") if lv is not None else put(ws, row, 2, None)
        put(ws, row, 3, rname)
        put(ws, row, 4, rv, zero="dash")
        put(ws, row, 5, rv, zero="dash")
        put(ws, row, 6, ZERO, zero="dash")
        put(ws, row, 7, ZERO, zero="dash")
        row += 1
    put(ws, row, 1, "收入总计")
    put(ws, row, 2, GPB_TOTAL)
    put(ws, row, 3, "支出总计")
    for col, v in ((4, GPB_TOTAL), (5, GPB_TOTAL), (6, ZERO), (7, ZERO)):
        put(ws, row, col, v, zero="dash")


def sheet_income(wb: Workbook) -> None:
    ws = wb.create_sheet("表2")
    widths(ws, [12, 28, 17, 17, 14, 14, 14, 12, 14, 12])
    title(ws, 1, "部门收入总表", 10)
    unit_line(ws, 2, 10)
    head(ws, 3, 1, "单位编码", rows=2)
    head(ws, 3, 2, "单位名称", rows=2)
    head(ws, 3, 3, "合计", rows=2)
    head(ws, 3, 4, "本年收入", cols=6)
    head(ws, 3, 10, "上年结转", rows=2)
    for col, text in enumerate(["一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入",
                                "财政专户管理资金收入", "事业收入", "其他收入"], start=4):
        head(ws, 4, col, text)
    rows = [("", "合计", (TOTAL, GPB_TOTAL, OTHER_INCOME))] + \
           [(code, name, UNIT_INCOME[code]) for code, name in UNITS]
    for r, (code, name, (total, gpb, other)) in enumerate(rows, start=5):
        put(ws, r, 1, code or None)
        put(ws, r, 2, name)
        put(ws, r, 3, total)
        put(ws, r, 4, gpb, zero="blank")
        for col in (5, 6, 7, 8):
            put(ws, r, col, ZERO, zero="blank")
        put(ws, r, 9, other, zero="blank")
        put(ws, r, 10, ZERO, zero="blank")


def func_name(code: str, indent: bool) -> str:
    pad = {3: "", 5: "  ", 7: "    "}[len(code)] if indent else ""
    return pad + FUNC_NAMES[code]


def sheet_spending(wb: Workbook) -> None:
    ws = wb.create_sheet("表3")
    widths(ws, [7, 6, 6, 34, 0, 18, 18, 18])
    title(ws, 1, "部门支出总表", 8)
    unit_line(ws, 2, 8)
    head(ws, 3, 1, "科目编码", cols=3)
    head(ws, 3, 4, "科目名称", rows=2)
    head(ws, 3, 5, "内部码", rows=2)
    head(ws, 3, 6, "支出预算", cols=3)
    for col, text in enumerate(["类", "款", "项"], start=1):
        head(ws, 4, col, text)
    for col, text in enumerate(["合计", "基本支出", "项目支出"], start=6):
        head(ws, 4, col, text)
    ws.column_dimensions["E"].hidden = True
    row = 5
    for col in (1, 2, 3):
        put(ws, row, col, None)
    put(ws, row, 4, "合计")
    put(ws, row, 5, "ZB2026-0000")
    put(ws, row, 6, TOTAL)
    put(ws, row, 7, BASIC_TOTAL)
    put(ws, row, 8, PROJECT_TOTAL[0])
    for i, code in enumerate(FUNC_ORDER, start=1):
        row += 1
        put(ws, row, 1, code[:3])
        put(ws, row, 2, code[3:5] or None)
        put(ws, row, 3, code[5:7] or None)
        put(ws, row, 4, func_name(code, indent=True))
        put(ws, row, 5, f"ZB2026-{i:04d}")
        total, basic, proj = FUNC_PUBLISHED[code]
        put(ws, row, 6, total)
        put(ws, row, 7, basic, zero="blank")
        put(ws, row, 8, proj, zero="blank")


def sheet_gpb(wb: Workbook) -> None:
    ws = wb.create_sheet("Sheet3")
    widths(ws, [12, 34, 18, 18, 18, 16, 18])
    title(ws, 1, "一般公共预算支出表", 7)
    unit_line(ws, 2, 7)
    head(ws, 3, 1, "科目编码", rows=2)
    head(ws, 3, 2, "科目名称", rows=2)
    head(ws, 3, 3, "合计", rows=2)
    head(ws, 3, 4, "基本支出", cols=3)
    head(ws, 3, 7, "项目支出", rows=2)
    for col, text in enumerate(["小计", "人员经费", "公用经费"], start=4):
        head(ws, 4, col, text)
    row = 4
    for code in FUNC_ORDER:
        row += 1
        put(ws, row, 1, code)
        put(ws, row, 2, func_name(code, indent=False))
        for col, v in enumerate(gpb_func(code), start=3):
            put(ws, row, col, v, zero="number")
    # hidden check row left over from the budgeting system — not part of the table
    row += 1
    put(ws, row, 1, None)
    put(ws, row, 2, "内部核对行")
    for col, v in enumerate([D("45912376.50"), D("22806144.10"), D("19870233.60"), D("2935910.50"),
                             D("23106232.40")], start=3):
        put(ws, row, col, v)
    ws.row_dimensions[row].hidden = True
    row += 1
    put(ws, row, 1, "合计")
    put(ws, row, 2, None)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    for col, v in enumerate(gpb_func(""), start=3):
        put(ws, row, col, v)


def sheet_basic(wb: Workbook) -> None:
    ws = wb.create_sheet("表6")
    widths(ws, [14, 30, 18, 18, 18])
    title(ws, 1, "一般公共预算基本支出表", 5)
    unit_line(ws, 2, 5)
    head(ws, 3, 1, "经济科目编码", rows=2)
    head(ws, 3, 2, "经济科目名称", rows=2)
    head(ws, 3, 3, "一般公共预算基本支出", cols=3)
    for col, text in enumerate(["合计", "人员经费", "公用经费"], start=3):
        head(ws, 4, col, text)
    row = 5
    put(ws, row, 1, None)
    put(ws, row, 2, "合计")
    for col, v in enumerate([BASIC_TOTAL, PERSONNEL_TOTAL, PUBLIC_TOTAL], start=3):
        put_text_amount(ws, row, col, v)
    for code, name, person, public in ECON:
        row += 1
        if person is None:
            person, public = ECON_GROUP[code]
        put(ws, row, 1, code)
        put(ws, row, 2, name)
        for col, v in enumerate([person + public, person, public], start=3):
            put_text_amount(ws, row, col, v)


def sheet_sangong(wb: Workbook) -> None:
    ws = wb.create_sheet("三公")
    widths(ws, [20, 16, 18, 16, 16, 18, 18])
    title(ws, 1, "一般公共预算“三公”经费支出表", 7)
    head(ws, 2, 1, "项目（单位：元）", rows=2)
    head(ws, 2, 2, "合计", rows=2)
    head(ws, 2, 3, "因公出国（境）费", rows=2)
    head(ws, 2, 4, "公务接待费", rows=2)
    head(ws, 2, 5, "公务用车购置及运行费", cols=3)
    for col, text in enumerate(["小计", "公务用车购置费", "公务用车运行费"], start=5):
        head(ws, 3, col, text)
    put(ws, 4, 1, "2026年预算数")
    values = [SANGONG_TOTAL, SANGONG["因公出国（境）费"], SANGONG["公务接待费"], SANGONG_CAR,
              SANGONG["公务用车购置费"], SANGONG["公务用车运行费"]]
    for col, v in enumerate(values, start=2):
        put(ws, 4, col, v, zero="dash")


def empty_table(ws, row: int, name: str, note: str) -> int:
    title(ws, row, name, 5)
    unit_line(ws, row + 1, 5)
    head(ws, row + 2, 1, "科目编码", rows=2)
    head(ws, row + 2, 2, "科目名称", rows=2)
    head(ws, row + 2, 3, "本年支出", cols=3)
    for col, text in enumerate(["合计", "基本支出", "项目支出"], start=3):
        head(ws, row + 3, col, text)
    put(ws, row + 4, 1, None)
    put(ws, row + 4, 2, "合计")
    for col in (3, 4, 5):
        put(ws, row + 4, col, None)
    ws.cell(row=row + 5, column=1, value=note).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row + 5, start_column=1, end_row=row + 5, end_column=5)
    for col in range(1, 6):
        ws.cell(row=row + 5, column=col).border = BOX
    return row + 6


def sheet_empty(wb: Workbook) -> None:
    ws = wb.create_sheet("表8")
    widths(ws, [14, 30, 16, 16, 16])
    row = empty_table(ws, 1, "政府性基金预算支出表", "本单位无政府性基金预算支出")
    empty_table(ws, row + 2, "国有资本经营预算支出表", "本单位无国有资本经营预算支出")


def sheet_projects(wb: Workbook) -> None:
    ws = wb.create_sheet("表10")
    widths(ws, [6, 24, 38, 16, 17, 17, 14])
    title(ws, 1, "项目支出表", 7)
    unit_line(ws, 2, 7)
    for col, text in enumerate(["序号", "单位名称", "项目名称", "项目类别", "合计"], start=1):
        head(ws, 3, col, text, rows=2)
    head(ws, 3, 6, "资金来源", cols=2)
    head(ws, 4, 6, "财政拨款")
    head(ws, 4, 7, "其他资金")
    put(ws, 5, 1, None)
    put(ws, 5, 2, "合计")
    put(ws, 5, 3, None)
    put(ws, 5, 4, None)
    for col, v in enumerate(PROJECT_TOTAL, start=5):
        put(ws, 5, col, v)
    for i, (unit, name, kind, _, total, gpb, other) in enumerate(PROJECTS, start=1):
        r = 5 + i
        put(ws, r, 1, i)
        put(ws, r, 2, unit)
        put(ws, r, 3, name)
        put(ws, r, 4, kind)
        put(ws, r, 5, total)
        put(ws, r, 6, gpb, zero="blank")
        put(ws, r, 7, other, zero="blank")


def sheet_procurement(wb: Workbook) -> None:
    ws = wb.create_sheet("Sheet11")
    widths(ws, [6, 36, 32, 20, 10, 18])
    title(ws, 1, "政府采购预算表", 6)
    unit_line(ws, 2, 6)
    for col, text in enumerate(["序号", "预算项目名称", "采购项目", "采购目录", "数量", "预算金额"], start=1):
        head(ws, 3, col, text)
    row = 3
    for i, (proj, item, kind, qty, amount) in enumerate(PROCUREMENT, start=1):
        row += 1
        for col, v in enumerate([i, proj, item, kind, qty, amount], start=1):
            put(ws, row, col, v)
    row += 1
    put(ws, row, 1, "合计")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
    put(ws, row, 6, PROCUREMENT_TOTAL)
    # two blank rows, then 政府购买服务预算表
    row += 3
    title(ws, row, "政府购买服务预算表", 5)
    unit_line(ws, row + 1, 5)
    for col, text in enumerate(["序号", "预算项目名称", "购买服务内容", "政府购买服务指导性目录", "预算金额"], start=1):
        head(ws, row + 2, col, text)
    row += 2
    for i, (proj, item, catalogue, amount) in enumerate(PURCHASE, start=1):
        row += 1
        for col, v in enumerate([i, proj, item, catalogue, amount], start=1):
            put(ws, row, col, v)
    row += 1
    put(ws, row, 1, "合计")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    put(ws, row, 5, PURCHASE_TOTAL)


def sheet_performance(wb: Workbook) -> None:
    ws = wb.create_sheet("绩效")
    widths(ws, [16, 22, 40, 20])
    title(ws, 1, "部门整体支出绩效目标表", 4)
    unit_line(ws, 2, 4)
    head(ws, 3, 1, "部门名称")
    put(ws, 3, 2, DEPT)
    ws.merge_cells("B3:D3")
    head(ws, 4, 1, "年度预算资金", rows=3)
    for r, (label, v) in enumerate([("资金总额", TOTAL), ("其中：财政拨款", GPB_TOTAL), ("其他资金", OTHER_INCOME)],
                                   start=4):
        put(ws, r, 2, label)
        put(ws, r, 3, v)
        put(ws, r, 4, None)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=4)
    head(ws, 7, 1, "年度总体目标")
    put(ws, 7, 2, PERF_GOAL)
    ws.cell(row=7, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("B7:D7")
    ws.row_dimensions[7].height = 60
    for col, text in enumerate(["一级指标", "二级指标", "三级指标", "指标值"], start=1):
        head(ws, 8, col, text)
    row = 8
    for first, second, third, value in PERF:
        row += 1
        for col, v in enumerate([first, second, third, value], start=1):
            put(ws, row, col, v)
    # merge runs of equal 一级 / 二级 cells vertically, as the export does
    for col in (1, 2):
        start = 0
        for k in range(1, len(PERF) + 1):
            if k == len(PERF) or PERF[k][:col] != PERF[start][:col]:
                if k - 1 > start:
                    for kk in range(start + 1, k):
                        ws.cell(row=9 + kk, column=col).value = None
                    ws.merge_cells(start_row=9 + start, start_column=col, end_row=9 + k - 1, end_column=col)
                start = k


def build() -> Workbook:
    check()
    wb = Workbook()
    sheet_cover(wb)
    sheet_totals(wb)
    sheet_income(wb)
    sheet_spending(wb)
    sheet_gpb(wb)
    sheet_basic(wb)
    sheet_sangong(wb)
    sheet_empty(wb)
    sheet_projects(wb)
    sheet_procurement(wb)
    sheet_performance(wb)
    wb.properties.creator = "预算管理一体化系统"
    wb.properties.title = f"{DEPT}2026年部门预算"
    return wb


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(build(), TARGET, FIXED_TIME)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
