"""Word banks for synthetic reports: fictional places, agencies, projects and
indicators.

Places are fictional (loaders.fictional: 示例甲子县), so no name can be mistaken
for a real division (none occurs in loaders/data/divisions.tsv) and the
gazetteer finds no region in them. Filler sentences hold no digits, dates,
amounts or scoring words: they give a report its length, never a fact.
"""

from __future__ import annotations

from dataclasses import dataclass

AGENCIES = (
    "农业农村局",
    "教育局",
    "卫生健康局",
    "交通运输局",
    "民政局",
    "司法局",
    "水利局",
    "林业局",
    "信访局",
    "财政局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "文化和旅游局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "退役军人事务局",
    "应急管理局",
    "统计局",
    "医疗保障局",
)

# Projects: names end in 经费/资金/补助/专项… (never in 项目, which a title's
# 项目支出 would swallow).
PROJECT_TOPICS = (
    "耕地保护",
    "农村道路养护",
    "森林防火",
    "学生资助",
    "法律援助",
    "信访事务",
    "河道治理",
    "社区养老服务",
    "基层卫生服务",
    "城乡环境整治",
    "公共文化服务",
    "安全生产监管",
    "食品安全抽检",
    "困难群众救助",
    "就业技能培训",
    "农田水利建设",
    "乡村振兴衔接",
    "退役军人服务保障",
    "应急物资储备",
    "统计调查",
)
PROJECT_SUFFIXES = ("经费", "专项资金", "补助资金", "工作经费", "专项经费")


@dataclass(frozen=True)
class IndicatorTemplate:
    """One kind of 三级指标. `shape`: count (a number with a unit), pct (a
    percentage), cost (a ceiling), date (a deadline) or words (qualitative)."""

    name: str
    unit: str | None
    shape: str
    low: int = 1
    high: int = 100


INDICATORS: dict[tuple[str, str], tuple[IndicatorTemplate, ...]] = {
    ("产出指标", "数量指标"): (
        IndicatorTemplate("开展培训", "次", "count", 4, 60),
        IndicatorTemplate("举办宣传活动", "场", "count", 3, 40),
        IndicatorTemplate("检查督导", "次", "count", 5, 120),
        IndicatorTemplate("服务群众", "人次", "count", 200, 20000),
        IndicatorTemplate("完成建设任务", "个", "count", 2, 50),
        IndicatorTemplate("采购设备", "台", "count", 3, 200),
        IndicatorTemplate("巡查里程", "公里", "count", 100, 5000),
        IndicatorTemplate("办理案件", "件", "count", 20, 900),
    ),
    ("产出指标", "质量指标"): (
        IndicatorTemplate("验收合格率", "%", "pct", 85, 100),
        IndicatorTemplate("培训合格率", "%", "pct", 85, 100),
        IndicatorTemplate("问题整改率", "%", "pct", 80, 100),
        IndicatorTemplate("资金使用合规率", "%", "pct", 95, 100),
        IndicatorTemplate("档案规范率", "%", "pct", 90, 100),
    ),
    ("产出指标", "时效指标"): (
        IndicatorTemplate("资金拨付及时率", "%", "pct", 90, 100),
        IndicatorTemplate("任务按时完成率", "%", "pct", 90, 100),
        IndicatorTemplate("项目完成时间", None, "date"),
    ),
    ("产出指标", "成本指标"): (
        IndicatorTemplate("人均培训成本", "元/人", "cost", 200, 1500),
        IndicatorTemplate("项目总成本", "万元", "cost", 10, 500),
        IndicatorTemplate("单位运行成本", "元/天", "cost", 300, 3000),
    ),
    ("效益指标", "经济效益指标"): (
        IndicatorTemplate("带动群众增收", "万元", "count", 10, 800),
        IndicatorTemplate("节约财政资金", "万元", "count", 1, 100),
    ),
    ("效益指标", "社会效益指标"): (
        IndicatorTemplate("公共服务水平", None, "words"),
        IndicatorTemplate("群众安全感", None, "words"),
        IndicatorTemplate("社会和谐稳定", None, "words"),
        IndicatorTemplate("政策知晓率", "%", "pct", 80, 100),
    ),
    ("效益指标", "生态效益指标"): (
        IndicatorTemplate("人居环境改善", None, "words"),
        IndicatorTemplate("森林覆盖率", "%", "pct", 30, 80),
    ),
    ("效益指标", "可持续影响指标"): (
        IndicatorTemplate("长效管理机制", None, "words"),
        IndicatorTemplate("工作规范化水平", None, "words"),
    ),
    ("满意度指标", "服务对象满意度指标"): (
        IndicatorTemplate("群众满意度", "%", "pct", 80, 98),
        IndicatorTemplate("服务对象满意度", "%", "pct", 80, 98),
    ),
}

QUALITATIVE_TARGETS = ("效果显著", "效果明显", "有效提升", "明显改善", "逐步完善", "持续提升")
QUALITATIVE_SHORTFALL = ("有所提升", "基本达到", "部分完成")

DEVIATION_NOTES = (
    "受客观因素影响未全部完成",
    "宣传覆盖面不足",
    "部分任务延至下年度",
    "资金下达较晚影响进度",
    "调查样本不足",
)

EXPENSE_CATEGORIES = (
    "办公费",
    "印刷费",
    "差旅费",
    "会议费",
    "培训费",
    "劳务费",
    "委托业务费",
    "维修(护)费",
    "专用材料费",
    "公务用车运行维护费",
)

# Filler: the body text a real report wraps around its figures. No digits,
# dates, amounts, rates or scoring words, so it can never be read as a fact.
FILLER = (
    "我单位高度重视预算绩效管理工作,成立了绩效自评工作领导小组,明确责任分工,认真组织开展自评。",
    "严格执行财务管理制度,规范资金使用审批程序,确保专款专用,切实提高财政资金使用效益。",
    "坚持问题导向和目标导向,对照年初设定的绩效目标逐项梳理,客观反映项目实施情况。",
    "项目实施过程中加强与相关部门的沟通协调,及时解决工作中遇到的困难和问题。",
    "通过项目实施,服务能力进一步增强,基层基础工作更加扎实,群众获得感不断提升。",
    "下一步将进一步加强绩效目标管理,细化量化绩效指标,提高绩效目标编制质量。",
    "加强绩效运行监控,及时发现和纠正执行中的偏差,确保绩效目标如期实现。",
    "强化绩效评价结果应用,将评价结果作为以后年度预算安排的重要依据。",
    "部分绩效指标设置不够细化,个别指标难以量化考核,绩效管理的专业能力有待提高。",
    "积极推进信息公开,主动接受社会监督,不断提升预算管理的透明度和规范化水平。",
)
