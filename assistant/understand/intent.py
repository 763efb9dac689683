"""What a question asks for: the operation, the measure, the unit, the dimension of a ranking or list.

Rules over the folded question (see :func:`assistant.understand.vocabulary.fold`),
kept as data in ``RULES`` so that a new wording is a new pattern, not new code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# Operation rules in precedence order: the first that matches wins.
# Words asking for a sum of what the question names (here once: the engine's other modules use it too).
SUM_WORDS = r"一共|总共|加起来|加一起|加到一起|加在一起|加总|汇总|总和|共计|累计|合起来|合在一起|相加"
OPERATIONS: tuple[tuple[str, str], ...] = (
    ("compare", r"比.{0,30}(多|少|高|低|增加|减少|增长|下降)了?(百分之|多少个?百分点|百分比|几成)"  # a rate against the other
                r"|是.{0,30}的(几|多少)倍|倍数"  # A是B的几倍: A ÷ B
                r"|(?<!至)(增加|减少|增长|下降|增|减|降|涨|缩|升|多|少)了?(百分之几|百分之多少|多少个?百分点|几个百分点|几成)"),
    ("share", r"占|比例|比重|百分之|份额|百分比|构成比"),
    ("compare", r"比.{0,30}(多|少|高|低|大|小|增|减)|(哪个|谁的?)[^，,。？?]{0,20}?(?<![最二三四五六七八九十\d])(多(?!少)|少|高|低|大|小)|相差|差多少|差额|差距|"
                r"相比|对比|多出|少了|多花|少花|高出|低于|差了|差值|两者之差|哪一个(多|少)"
                # against the year before, however asked: 比上年呢, 跟去年比有变化吗, 多了还是少了
                r"|(比|较)(上年|去年|上一年|前一年|20\d\d年?)(呢|怎么样|如何|怎样|怎么变)|(有|有没有|有无)(什么)?(变化|变动|增减)"
                r"|多了还是少了|增加还是减少|增了还是减了|涨了还是降了"),
    ("rank", r"最(多|大|高|少|小|低|贵)(?!(评|能|可以?|只能|允许|要|会|达到|不超过)?(多少|几)(人|次|个|篇|项|台|套|天|场|份|家|条|轮|期|名|件))"  # 最多评几项: a bound
             r"|前(\d+|[一二两三四五六七八九十])(个|名|位|项|大)?|排名|排行|排序|top\d*|从高到低|从大到小"
             r"|排第|第(\d+|[二三四五六七八九十])(多|大|高|名|位|贵)|最大头|哪(\d+|[二三四五六七八九十])(个|项|家|类|款|位|笔)"),
    ("count", r"(?<![哪好那这])((几个|多少个)(?![亿万千百]|百分点)|几项|多少项|几类|多少类|几条|多少条)"),  # 几个亿 is an amount
    ("list", r"哪些|哪几|有什么|有哪|都有|列出|列一下|明细|清单|都用在|用在哪|用于哪|都是什么|包括什么|包含什么|有几类|(包括|包含|分为|分成)哪"
             r"|从哪(里|几块|些地方|些渠道)?来|构成|组成|用在(了)?什么(地方|方面)|花在(了)?(哪|什么)"),
    ("aggregate", SUM_WORDS + r"|合计是|合计多少|合计[？?。]*$|总额是|总额多少"),  # 两项合计？
)
GOAL_WORDS = r"干什么|做什么|干嘛|干啥|目标是什么|(?<![科项题])目的|达到什么|为什么要(?:做|搞|花|安排|设|开展|实施|上)|(?:怎么|如何)安排|绩效目标(?!表)|主要内容|怎么写|想实现|要实现|目的是|用途|是做什么|做哪些|具体内容|介绍一下|是什么项目|(?:要|想|能)?解决(?:什么|哪些)(?:问题|困难)?"
DEFINITION_WORDS = (r"什么是|是什么意思|什么意思|的含义|含义是|的定义|(?:怎么|如何|怎样)定义|定义是|指什么|是指什么|指的是|名词解释|怎么理解|包括哪些内容"
                    r"|主要职能|主要职责|负责哪些|负责什么|机构设置|内设机构|下属单位|(什么|哪种|何种)性质|单位性质|机构性质|指哪(几|些)")
INDICATOR_WORDS = (r"指标|要求|上限|下限|不低于|不少于|不超过|不高于|达到|目标值|控制在|定的是|标准|至少|最多多少|满意度|可用性|率"
                   r"|(多少|几)(人|次|个|篇|项|台|套|天|场|份|家|条|轮|期)")  # counted targets of a project
# Execution asked (only a 决算 has it): 执行率, 实际支出, 已经拨付了多少, 花掉了多少
_EXECUTION = re.compile(r"执行率|执行情况|执行进度|实际(支出|执行|花|用|拨付|发生|使用)|决算数|完成率|已(经)?(拨付|支付|花|用|执行|支出)"
                        r"|花掉|用掉|花出去|到位了?多少")
MEASURES = ("基本支出", "项目支出", "人员经费", "公用经费")
# Stages of a 决算 table a question names, in the order it names them. '预算' is a budget figure of
# whatever stage the table publishes (“三公” 预算数, or 全年预算数 beside 年初预算数).
_STAGE_WORDS = ((r"年初预算(数)?", "年初预算数"), (r"全年预算(数)?|调整后(的)?预算(数)?|调整预算(数)?", "全年预算数"),
                (r"决算(数)?|实际支出|实际执行|执行数|实际花", "决算数"), (r"预算(数)?", "预算"))
# 预算/决算 inside a name, or naming the document (2023年决算), is not a stage.
_NOT_STAGE = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|(部门|单位)(预算|决算)|预算单位"
                        r"|(预算|决算)\d{0,2}(表|编制|管理|公开|说明|情况说明|资金|内)|收支(预算|决算)|(20\d\d年度?)(预算|决算)")
REFUSALS: tuple[tuple[str, str], ...] = (
    ("personal", r"(主任|局长|处长|科长|主席|书记|领导|个人|某人|某某|(?:每个|一个|某个|某位|单个|普通)(?:员工|职工|干部)|本人|他的|她的|我的)(的|每个?月|一年|每年)?.{0,8}(工资|薪水|薪酬|奖金|收入|待遇|拿多少)"
                 r"|每个?月工资|月薪|年薪|工资条"
                 r"|(?<![\u4e00-\u9fff])[张王李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文]"
                 r"[\u4e00-\u9fff]{1,2}的.{0,6}(工资|薪|奖金|津贴|补贴|收入)"),
    ("change", r"改成|改为|(?<![维装检])修改(?!造)|删除|删掉|更新为|调整为|清空|插入|设为|设置为|dropTable|deletefrom|updateset|改一下"),  # 维修改造: works, not an edit
)


@dataclass
class Intent:
    operation: str = "lookup"  # lookup | aggregate | compare | share | rank | count | list
    measure: str | None = None  # 基本支出 | 项目支出 | 人员经费 | 公用经费
    unit: str | None = None  # requested unit: 元 | 万元 | 亿元
    decimals: int | None = None
    top_n: int | None = None
    ascending: bool = False
    dimension: str | None = None  # unit | project | func | dept_econ | gov_econ | summary | procurement | three_public | indicator
    level: str | None = None  # 类 | 款 | 项
    wants_goal: bool = False
    wants_indicator: bool = False
    wants_definition: bool = False  # 什么是机关运行经费: the document's own 名词解释
    refusal: str | None = None  # personal | change
    nth: int | None = None  # 排第二 → 2
    both_ends: bool = False  # 哪个最多，哪个最少: the first and the last
    project_column: str = "total"  # 项目总额, or 财政资金 / 其他资金 of a project
    execution: bool = False  # asks for execution (执行率, 实际支出): only 决算 has it
    stage: str = ""  # a 决算 column asked for: 年初预算数 | 全年预算数 | 决算数 | 预算 (any budget stage)
    stages: list[str] = field(default_factory=list)  # every stage named, in order: 决算比预算少 → 决算数, 预算
    flags: set[str] = field(default_factory=set)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _CN_DIGITS.get(text, 1)


def read_intent(question: str) -> Intent:
    """``question`` is folded (simplified, half-width, no spaces)."""
    intent = Intent()
    for reason, pattern in REFUSALS:
        if re.search(pattern, question, flags=re.IGNORECASE):
            intent.refusal = reason
            return intent
    for operation, pattern in OPERATIONS:
        if re.search(pattern, question):
            intent.operation = operation
            break
    measures = [m for m in MEASURES if m in question and not re.search(m + r"(绩效目标)?表", question)]
    intent.measure = measures[0] if len(measures) == 1 else None
    if len(measures) > 1:
        intent.flags.add("two_measures")
    intent.unit = _unit(question)
    decimals = re.search(r"保留(\d+|[一二两三四五六七八九十])位小数", question)
    intent.decimals = _number(decimals.group(1)) if decimals else None
    top = re.search(r"前(\d+|[一二两三四五六七八九十])|最(?:多|大|高|少|小|低)的(\d+|[一二两三四五六七八九十])(?:个|项|名|家|类|位)|哪(\d+|[二两三四五六七八九十])(?:个|项|家|类|位)", question)  # 哪一项: which one, not the first one
    if intent.operation == "rank":
        whole_order = re.search(r"排名|排行|排序|从高到低|从大到小|从低到高|从小到大", question) and \
            not re.search(r"最|第", question)
        intent.top_n = _number(top.group(1) or top.group(2) or top.group(3)) if top else 999 if whole_order else 1  # 排名: all
        intent.ascending = bool(re.search(r"最(少|小|低)|从低到高|从小到大|倒数", question))
        nth = re.search(r"第(\d+|[二三四五六七八九十])(多|大|高|名|位|贵)?", question)
        intent.nth = _number(nth.group(1)) if nth and not top else None
        intent.both_ends = bool(re.search(r"最(多|大|高).{0,20}最(少|小|低)|最(少|小|低).{0,20}最(多|大|高)", question))
        intent.ascending = intent.ascending and not intent.both_ends
    intent.project_column = "fiscal_funds" if re.search(r"财政资金|财政拨款资金|[里中的]财政拨款(?!收|支|结)", question) else \
        "other_funds" if "其他资金" in question else "total"
    intent.execution = bool(_EXECUTION.search(question))
    intent.stages = stages_named(question)
    intent.stage = intent.stages[0] if len(intent.stages) == 1 else ""
    intent.dimension, intent.level = _dimension(question)
    intent.wants_goal = bool(re.search(GOAL_WORDS, question))
    intent.wants_definition = bool(re.search(DEFINITION_WORDS, question)) and not (  # 下属单位里哪三家最多, 各下属单位多少
        intent.dimension == "unit" and (intent.operation in ("rank", "compare", "share", "aggregate", "count")
                                        or intent.operation == "lookup" and "多少" in question))
    intent.wants_indicator = bool(re.search(INDICATOR_WORDS, question))
    return intent


def stages_named(question: str) -> list[str]:
    """'决算比预算少多少' → ['决算数', '预算']; '一般公共预算支出' → [] (a name, not a stage)."""
    text = _NOT_STAGE.sub(lambda m: "□" * len(m.group(0)), question)
    found: list[tuple[int, str]] = []
    for pattern, stage in _STAGE_WORDS:
        for match in re.finditer(pattern, text):
            found.append((match.start(), stage))
        text = re.sub(pattern, lambda m: "□" * len(m.group(0)), text)  # 年初预算 is not also 预算
    return list(dict.fromkeys(stage for _pos, stage in sorted(found)))


def _unit(question: str) -> str | None:
    match = re.search(r"(换算|换|折合|折算|转换|合计?|算|精确|表示|以|用|按|单位|多少|几|in\s?)(成|为|到|是|换成)?(多少)?个?[“\"‘「]?"
                      r"(亿元|亿|万元|万|元|块钱|块(?![来内容方面地儿]))", question)  # 几个亿, 折合成元, 用“元”表示, 多少块钱
    if not match:
        return None
    unit = match.group(4)
    return {"亿": "亿元", "万": "万元", "块钱": "元", "块": "元"}.get(unit, unit)


_BELOW = r"下属|所属|二级|基层"
# What a ranking, list or count goes over, by the words that name it (first match wins).
DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("unit", r"([一二两三四五六七八九十几\d]+家|哪[一二两三四五六七八九十几\d]*[个家]|哪些|各个?|几个|每个|所属|下属"
             r"|前[一二两三四五六七八九十\d]+(名|位)?的?)(下属|所属|二级|基层|预算)*单位"),
    ("func", r"功能(分类)?科目|功能分类|功能.?类|支出功能"),
    ("gov_econ", r"政府(支出)?经济分类"),
    ("dept_econ", r"经济分类|经济科目"),
    ("func", r"(项|款|类)级"),  # 款级 alone is of the 功能分类; 经济分类（款级科目）, of that one
    ("income", r"从哪(里|几块|些地方|些渠道)?来|收入来源|资金来源|收入构成|收入结构|来源有哪|钱.{0,4}来|(钱|资金|收入).{0,8}(渠道|来源)"),
    ("procurement", r"采购"),
    ("three_public", r"三公"),
    ("indicator", r"指标"),
    ("project", r"项目(?!支出)"),
)


def _dimension(question: str) -> tuple[str | None, str | None]:
    level = "类" if re.search(r"类级|按类|\(类\)|(哪|几)(一|个|些|[二三四五六七八九十\d]+)?个?类|大类|最(多|大|高|少|小|低)的[一二两三四五六七八九十\d]+个?类|前[一二两三四五六七八九十\d]+个?类|“类”", question) else "款" if "款级" in question else \
        "项" if "项级" in question else None
    dimension = next((name for name, pattern in DIMENSIONS if re.search(pattern, question)), None)
    if dimension == "unit" and re.search(_BELOW, question):
        level = "下属"  # the units under the department, without its own (本级) row
    return dimension, level
