"""The domain's vocabulary in one place: the words reports use for the same
fact, so the rest of the extractor matches meanings, not one file's wording.

All patterns run on normalized text (NFKC: `（` is `(`, `：` is `:`, `，` is `,`)
with whitespace between Chinese characters removed.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- indicators
LEVEL1 = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "完成指标",
    "效果指标",
    "投入指标",
    "过程指标",
    "预算执行率",
    # the legacy frameworks: 部门整体 (2013) 投入/过程/产出/效果, 项目 (2020) 决策/过程/产出/效益
    "投入",
    "过程",
    "产出",
    "效果",
    "决策",
    "效益",
)
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态成本指标",
    # the legacy frameworks' 二级
    "目标设定",
    "预算配置",
    "预算执行",
    "预算管理",
    "资产管理",
    "职责履行",
    "履职效益",
    "项目立项",
    "资金投入",
    "组织实施",
    "产出数量",
    "产出质量",
    "产出时效",
    "产出成本",
    "项目效益",
)
# The standard framework each level-1 word maps to (kept in a separate column).
LEVEL1_STANDARD = {
    "完成指标": "产出指标",
    "效果指标": "效益指标",
}

# Table header words → column role.
INDICATOR_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("level1", re.compile(r"^一级指标")),
    ("level2", re.compile(r"^二级指标")),
    ("name", re.compile(r"^(三级指标|指标名称|绩效指标名称|具体指标|指标内容)")),
    (
        "target",
        re.compile(
            r"^(年度|全年|预期|计划)?(指标值|目标值|预期值|计划值|预期指标值|绩效目标值)(\(.*\))?$"
        ),
    ),
    (
        "actual",
        re.compile(
            r"^(实际|全年实际|年度实际)?(完成值|完成指标值|实际值|完成情况|实现值|实际完成值)(\(.*\))?$"
        ),
    ),
    ("weight", re.compile(r"^(分值|权重|标准分|指标分值)")),
    ("score", re.compile(r"^(得分|自评得分|评分(?!标准|依据|细则|办法|要点)|实际得分)")),
    ("note", re.compile(r"(偏差原因|原因分析|改进措施|备注)")),
    ("op", re.compile(r"^(指标性质|符号)$")),
    ("measure_unit", re.compile(r"^(度量单位|计量单位|单位)$")),
    # a scoring table's criteria column (read for the column layout, not kept)
    (
        "criteria",
        re.compile(r"^(评分标准|评分依据|评分细则|评分办法|评价要点|评价标准|指标解释|指标说明)"),
    ),
)

# ---------------------------------------------------------------- money
# Column headers and row labels of the 资金 part of a 自评表.
BUDGET_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("initial", re.compile(r"年初预算|年初数|年初安排")),
    (
        "final",
        re.compile(
            r"全年\(?调整\)?预算|调整后预算|全年预算|预算数\(A\)|^预算数:?$|^预算金额|变动后预算|^全年数"
        ),
    ),
    ("executed", re.compile(r"执行数|实际支出|决算数|支出数|实际执行|^实际拨付")),
    ("weight", re.compile(r"^(分值|权重)")),
    ("rate", re.compile(r"^(执行率|预算执行率)")),
    ("score", re.compile(r"^得分")),
)
TOTAL_FUND_ROW = re.compile(r"^(年度资金总额|资金总额|项目资金总额|合计|总计|资金合计)")
PART_FUND_ROW = re.compile(r"^(其中|当年财政拨款|财政拨款|上年结转|其他资金|一般公共预算)")

# Prose: words before an amount that say which budget figure it is.
PROSE_BUDGET = (
    (
        "initial",
        re.compile(
            r"(年初预算(?:数|金额|安排|批复)?|年初(?:部门)?预算安排|年初安排|年初批复|年初下达)"
        ),
    ),
    (
        "final",
        re.compile(
            r"(全年预算数|调整后(?:的)?预算(?:数)?|变动后预算数|全年\(调整\)预算数|预算调整(?:后|为)"
            r"|支出预算|预算收入|全年预算|预算总额|项目经费预算|预算资金总额|项目资金总额|指标金额|预算安排"
            r"|预算数|预算资金)"
        ),
    ),
    (
        "executed",
        re.compile(
            r"(全年执行数|执行数|实际支出(?:项目资金|资金|经费)?(?:数|金额)?|决算(?:支出)?数?|全年支出|累计支出|已支出|实际拨付(?:金额)?"
            r"|(?:财政资金|项目资金|经费|资金|部门|事务)支出|已于?本?年度?支出|本年度支出|当年支出)"
        ),
    ),
)
RATE_PROSE = re.compile(
    r"(?:预算执行率|资金执行率|执行率|预算完成率|支出率|完成全年预算数的|完成预算的|执行进度)"
    r"(?:为|是|达到|达|约|:)?(\d{1,3}(?:\.\d+)?)%"
)
# Words that, right before a rate keyword, make it another rate (指标执行率, 资金到位…).
NOT_EXECUTION = re.compile(r"指标|到位|人员|控制|项目数")

# Parts of a department budget: a figure stated for one of these is not the whole.
BUDGET_PARTS = (
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "日常公用经费",
    "工资福利支出",
    "商品和服务支出",
    "对个人和家庭的补助",
    "资本性支出",
    "专项资金",
)

# ---------------------------------------------------------------- scores, grades
GRADES = {
    "优秀": "优",
    "优": "优",
    "良好": "良",
    "良": "良",
    "中等": "中",
    "中": "中",
    "较差": "差",
    "差": "差",
}
TOTAL_SCORE_PROSE = re.compile(
    r"(?:自评|综合|总|整体|评价|绩效)(?P<middle>[^,;。\d%]{0,8}?)"
    r"(?:得分|评分|总分|分数|分值为|分|得(?=\d))"  # 得: `自评得93分`
    r"(?:\(分\))?(?:为|是|:|达到|达|共计|合计)?(?P<score>\d{1,3}(?:\.\d+)?)(分|$|[,;。)])"
    r"(?!以上|以下|及以上|及以下|\(含|-|~|至)"  # a rubric's band `90分(含)以上为优`
)
GRADE_PROSE = re.compile(
    r"(?:等级|等次|等第|结论|评价结果|自评结果|结果|评定|评为|(?:综合|绩效|整体)评价为)"
    r"(?:为|是|:|评定为|确定为)?[\"“”'‘「(]?"
    r"(优秀|良好|中等|较差|优|良|中|差)[\"“”'’」)]?(?=[,;。.:!]|$|等次|等级|档次)"
)
# The grade in brackets right after the score: `自评得分92.5分(优)`.
GRADE_AFTER_SCORE = re.compile(r"\d分\((优秀|良好|中等|较差|优|良|中|差)(?:等次|等级)?\)")
# The grade named before its band word, right after the score: `…91分,为优秀等次`,
# `属于"优"档`. Only after a comma: a rubric `90分以上为优秀等级` is no grade.
GRADE_BEFORE_BAND = re.compile(
    r"分[,;](?:为|评定为|评为|属于|属|达到)[\"“”'‘「(]?"
    r"(优秀|良好|中等|较差|优|良|中|差)[\"“”'’」)]?(?:等次|等级|档次|档)"
)
TOTAL_ROW_LABEL = re.compile(
    r"^(总分|合计|总计|自评总分|综合得分|评价总分|总得分|得分合计|合计得分|综合评分"
    r"|(?:自评|项目自评|绩效自评)得分(?:\(分\))?:?$)"
)

# ---------------------------------------------------------------- header
KIND_DEPARTMENT = re.compile(r"部门整体|整体支出|整体绩效|部门绩效|单位整体|部门预算绩效")
KIND_PROJECT = re.compile(r"项目")
ORG_SUFFIX = (
    r"(?:局|委员会|委|办公室|办|院|所|中心|政府|站|队|会|馆|厅|处|学校|中学|小学|幼儿园"
    r"|学院|大学|医院|社|室|台|场|部|署|协会|联合会|街道|镇|乡|党校|集团|公司)"
)
DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日")

# ---------------------------------------------------------------- operators
OP_WORDS = (
    (re.compile(r"^(不低于|不少于|大于等于|高于等于|至少|达到|≥)"), "≥"),
    (re.compile(r"^(不高于|不超过|不多于|小于等于|低于等于|控制在|≤)"), "≤"),
    (re.compile(r"^(大于|高于|多于|>)"), ">"),
    (re.compile(r"^(小于|低于|少于|<)"), "<"),
    (re.compile(r"^(等于|=)"), "="),
)
OP_SUFFIXES = ((re.compile(r"(以上|及以上)$"), "≥"), (re.compile(r"(以下|及以下|以内)$"), "≤"))
