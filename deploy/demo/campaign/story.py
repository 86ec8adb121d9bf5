"""What happens where: the campaign's calendar, the visits and what they find, what becomes of each hazard, and
the tips. Days count from the real today (negative: in the past); facilities are indexes into the district file.

Departments visit in three teams, two of them joint: fire with emergency management and the police; civil affairs
with health and market regulation; housing alone. Most facilities were surveyed by all three in the survey phase,
a few only partly or not yet; tip checks, follow-up visits (回头看) and surprise checks by one department came in
the rectification phase.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# The campaign's phases (days from today) and its deadline days (the platform's defaults: 7 major, 30 ordinary).
CREATED = -36
SURVEY = (-35, -22)
RECTIFICATION = (-21, 21)
REVIEW = (22, 35)
DEADLINE_DAYS = {"major": 7, "ordinary": 30}
FOLLOW_UP_DELAY_DAYS = 14

TEAMS: dict[str, tuple[str, ...]] = {
    "safety": ("fire", "emergency", "police"),
    "care": ("civil_affairs", "health", "market"),
    "ep": ("emergency", "police"),
    "ch": ("civil_affairs", "health"),
}
# Who plans each team's tasks: joint tasks by civil affairs (they coordinate), one department's by its head.
PLANNERS = dict.fromkeys(TEAMS, "civil_affairs_head")


@dataclass(frozen=True)
class Steps:
    """What becomes of a hazard, day by day (None: not done). Whoever rectifies (the facility's manager where
    it has an account, else the department's staff on its behalf) starts, uploads evidence and submits; another
    person accepts or rejects; a third signs off."""

    start: int | None = None
    submit: int | None = None
    reject: int | None = None
    accept: int | None = None
    sign_off: int | None = None
    extension: int | None = None  # asked for on that day, 14 days past the current deadline, left pending


@dataclass(frozen=True)
class Finding:
    item: str
    text: str
    measures: str
    steps: Steps = Steps()
    number: float | None = None  # a number item's reading (outside its limits: a failure)


@dataclass(frozen=True)
class Visit:
    facility: int
    team: str  # a key of TEAMS, or a single department
    day: int | None  # None: planned, not yet done (the task stays in 我的任务)
    due: int
    findings: tuple[Finding, ...] = ()
    mode: str = "announced"
    hour: float = 9.5

    @property
    def departments(self) -> tuple[str, ...]:
        return TEAMS.get(self.team, (self.team,))


def S(start: int | None = None, **rest: int) -> Steps:
    return Steps(start=start, **rest)


OPEN = Steps()


def _f(item: str, text: str, measures: str, steps: Steps = OPEN, number: float | None = None) -> Finding:
    return Finding(item, text, measures, steps, number)


# The facilities with a part to play (indexes into deploy/demo/district.json).
MANAGED = 0  # 松鹤颐养院: the demo facility manager's own
SUSPENDED = 1  # 竹园老年公寓: classified suspend, plan approved, residents partly relocated, red order
RELAPSED = 2  # 福星敬老院: a signed-off hazard came back at the follow-up visit
SHUTDOWN = 19  # 桂园护理院: a class C dangerous building, classified shutdown
RECEIVERS = (6, 12)  # 青松康养中心, 金秋养老院: classified pass, take residents from SUSPENDED
PASSED = (2, 3, 5, 6, 8, 11, 12)
NOT_INSPECTED = (14, 15, 17)


def survey(stage_day: Callable[[str], int]) -> list[Visit]:
    """Every visit of the story. ``stage_day(stage)`` is the day a major hazard must be found for its deadline
    to sit at that ladder stage today (see runner.stage_days), so some are overdue at each stage."""
    fire, civil, housing = "safety", "care", "housing"  # the two joint teams, and housing alone
    return [
        # 松鹤颐养院: the manager rectifies its own hazards (the facility manager's home has them all).
        Visit(0, fire, -34, -34, (
            _f("FIRE-05", "一楼东侧安全出口上锁，疏散通道堆放杂物", "立即开锁并清理通道，专人每日巡查",
               S(-33, submit=-31, accept=-30, sign_off=-29)),
            _f("FIRE-07", "护理站私拉电线为电暖器供电", "拆除私拉电线，停止使用电暖器", S(-32, submit=-6, reject=-4)),
            _f("FIRE-12", "3间老人居室未设置独立式感烟火灾探测报警器", "为所有居室安装独立式感烟探测器",
               S(-30, extension=-6)),
            _f("EM-05", "应急联络表未张贴在值班处", "在值班室张贴应急联络表", S(-20, submit=-2)))),
        Visit(0, civil, -33, -33, (
            _f("CA-03", "夜间交接班记录不完整，缺少巡查签字", "完善交接班制度，每班签字确认"),
            _f("HE-03", "药品未集中保管，部分老人自行保管药品", "药品统一由护理站保管、核对发放", S(-12)),
            _f("MA-04", "1名厨师健康证明已过期", "暂停其上岗，重新体检取证", S(-29, submit=-20, accept=-3)))),
        Visit(0, housing, -29, -29),
        Visit(0, "market", stage_day("overdue_3wd"), stage_day("overdue_3wd"), (
            _f("MA-02", "2号电梯定期检验合格证已过期", "立即停用并申请检验，检验合格后方可使用"),), mode="surprise"),
        # 竹园老年公寓: flammable sandwich-panel rooms; classified suspend.
        Visit(1, fire, -33, -33, (
            _f("FIRE-02", "三楼活动室采用易燃芯材彩钢板隔出4间居室，住有8位老人",
               "立即停止使用，拆除彩钢板隔间，老人转移安置"),
            _f("FIRE-06", "二楼应急照明灯3处不亮，2具灭火器压力不足", "更换应急照明灯和灭火器", S(-25)))),
        Visit(1, civil, -32, -32, (
            _f("CA-08", "应急预案未组织过演练", "每季度组织一次疏散演练"),
            _f("MA-06", "后厨生熟不分，防鼠设施缺失", "分设生熟操作区，加装挡鼠板"))),
        Visit(1, housing, -30, -30, (_f("HO-05", "三楼彩钢板加建部分耐火等级不足", "拆除加建部分"),)),
        # 福星敬老院: the night patrols stopped again after sign-off (relapse at the follow-up visit).
        Visit(2, fire, -35, -35, (
            _f("FIRE-04", "夜间防火巡查记录缺失近一周", "落实每两小时夜间巡查并记录", S(-33, submit=-31, accept=-30,
                                                                       sign_off=-29)),)),
        Visit(2, civil, -34, -34), Visit(2, housing, -32, -32),
        # 长乐养老中心: all signed off late; its follow-up visit is still to come.
        Visit(3, fire, -34, -34, (
            _f("FIRE-08", "一楼走廊停放电动自行车2辆并充电", "清出电动自行车，设置室外集中充电点",
               S(-32, submit=-12, accept=-10, sign_off=-8)),
            _f("FIRE-10", "新入职护理员未参加消防培训", "组织全员消防培训并考核",
               S(-30, submit=-12, accept=-10, sign_off=-8)))),
        Visit(3, civil, -33, -33), Visit(3, housing, -31, -31),
        # 安康护理院: an unlicensed clinic (open, escalated).
        Visit(4, fire, -32, -32, (
            _f("EM-02", "距上次实战疏散演练已9个月", "本月内组织一次实战疏散演练", number=9),
            _f("FIRE-05", "二楼疏散楼梯间堆放床垫等杂物", "清理楼梯间", S(-28, submit=-3)))),
        Visit(4, civil, -31, -31, (
            _f("HE-01", "内设医务室未取得执业许可证也未备案", "停止诊疗活动，依法办理执业许可或备案"),
            _f("MA-07", "冷藏柜无温度记录", "每日两次记录冷藏冷冻温度"))),
        Visit(4, housing, -29, -29),
        # 和平颐年苑 (its tip turned out unfounded).
        Visit(5, fire, -31, -31, (
            _f("PO-03", "夜间保安未在岗", "落实夜间保安值守", S(-29, submit=-26, accept=-25, sign_off=-24)),)),
        Visit(5, civil, -30, -30, (
            _f("HE-02", "2位老人身体状况变化后未重新评估", "重新评估并调整照护等级", S(-28, submit=-9, accept=-7)),
            _f("MA-08", "发现有人在院内向老人推销保健品", "禁止推销人员入院，张贴告示", S(-27)))),
        Visit(5, housing, -28, -28),
        # 青松康养中心: clean, a follow-up visit already done; receives residents.
        Visit(6, fire, -33, -33, (
            _f("PO-02", "监控录像仅保存7天", "扩容存储，录像保存不少于30天",
               S(-31, submit=-27, accept=-26, sign_off=-24)),)),
        Visit(6, civil, -32, -32), Visit(6, housing, -30, -30),
        # 夕阳红养老院: the tip about its panel rooms was verified (its fire check is the tip check, see TIPS).
        Visit(7, civil, -27, -27, (_f("CA-06", "未制定防噎食应急处置流程", "制定流程并培训护理员"),)),
        Visit(7, housing, -25, -25),
        Visit(7, "ep", None, 3),  # emergency and police have not been yet (fire came for the tip)
        # 福寿安养院
        Visit(8, fire, -30, -30, (
            _f("FIRE-06", "疏散指示标志2处不亮", "更换疏散指示标志", S(-28, submit=-26, accept=-25, sign_off=-23)),
            _f("PO-05", "防走失门禁损坏", "修复门禁，为失智老人配发定位手环", S(-27, submit=-2)))),
        Visit(8, civil, -29, -29, (
            _f("CA-02", "2名护理员无培训合格证明", "组织培训取证", S(-26, submit=-1)),
            _f("MA-05", "食品留样仅保存24小时", "留样保存不少于48小时", S(-26, submit=-8, reject=-7), number=24))),
        Visit(8, housing, -27, -27),
        # 康宁老年之家 (market came with the tip check, see TIPS)
        Visit(9, fire, -29, -29, (
            _f("FIRE-01", "自动喷水灭火系统报警阀组关闭，系统未投入使用", "恢复喷淋系统并联动测试", S(-20)),)),
        Visit(9, "ch", -28, -28),
        Visit(9, housing, -26, -26, (_f("HO-03", "2018年扩建部分未办理消防验收", "补办消防验收手续"),)),
        # 鹤鸣区社会福利院
        Visit(10, fire, -28, -28, (_f("FIRE-12", "老人居室未设置火灾探测器", "安装火灾探测报警装置"),)),
        Visit(10, civil, -27, -27, (
            _f("HE-04", "压疮护理记录缺失", "建立压疮风险评估和翻身记录", S(-25, submit=-6, accept=-4)),
            _f("MA-01", "内设食堂未取得食品经营许可证", "停止供餐，依法办理食品经营许可"))),
        Visit(10, housing, -25, -25),
        # 乐龄颐养中心: all signed off; follow-up visit scheduled.
        Visit(11, fire, -27, -27, (
            _f("FIRE-05", "安全出口被铁栅栏封闭", "拆除铁栅栏", S(-26, submit=-22, accept=-21, sign_off=-20)),)),
        Visit(11, civil, -26, -26),
        Visit(11, housing, -24, -24, (
            _f("HO-03", "加建连廊未办理消防验收", "补办消防验收手续", S(-22, submit=-9, accept=-7, sign_off=-6)),)),
        # 金秋养老院: clean; receives residents.
        Visit(12, fire, -26, -26), Visit(12, civil, -25, -25), Visit(12, housing, -23, -23),
        # 常青藤护理院
        Visit(13, fire, -25, -25, (
            _f("FIRE-07", "洗衣房超负荷用电，插线板串接", "规范用电，拆除串接插线板"),
            _f("EM-03", "微型消防站器材配备不全", "按标准补齐器材", S(-20)))),
        Visit(13, civil, -24, -24, (
            _f("CA-08", "应急预案未组织演练", "组织疏散演练"), _f("MA-06", "后厨防蝇设施缺失", "加装防蝇设施"))),
        Visit(13, housing, -22, -22, (_f("HO-05", "锅炉房耐火等级不足", "改造锅炉房"),)),
        Visit(13, "market", stage_day("due_day"), stage_day("due_day"), (
            _f("MA-02", "蒸汽锅炉未按期检验", "停用锅炉，申请检验"),), mode="surprise"),
        # 百合康养中心: partly surveyed.
        Visit(16, fire, -23, -23, (_f("FIRE-08", "楼道内为电动自行车充电", "清出电动自行车"),)),
        Visit(16, "health", stage_day("remind_1d"), stage_day("remind_1d"), (
            _f("HE-01", "内设医务室执业许可证已过期", "停止诊疗，办理延续"),), mode="surprise"),
        Visit(16, civil, None, 1), Visit(16, housing, None, 5),
        # 晚晴养老院
        Visit(18, fire, -24, -24, (_f("FIRE-06", "灭火器过期未更换", "更换灭火器"),)),
        Visit(18, civil, -23, -23, (
            _f("CA-03", "交接班记录缺失", "完善交接班记录", S(-20)), _f("MA-04", "厨师健康证过期", "重新办理健康证"))),
        Visit(18, housing, -22, -22, hour=14),
        Visit(18, "fire", stage_day("overdue_3wd"), stage_day("overdue_3wd"), (
            _f("FIRE-01", "室内消火栓无水", "修复消防供水"),), mode="surprise", hour=14),
        # 桂园护理院: a class C dangerous building.
        Visit(19, housing, -30, -30, (
            _f("HO-01", "主楼经鉴定为C级危险房屋，承重墙多处贯通裂缝", "立即停止使用主楼，老人全部转移安置"),)),
        Visit(19, fire, -29, -29, (_f("FIRE-02", "餐厅采用易燃芯材彩钢板搭建", "拆除彩钢板餐厅"),)),
        Visit(19, civil, -28, -28),
        # Not yet inspected: the tasks wait in the inspectors' 我的任务 (one overdue).
        Visit(14, fire, None, 2), Visit(14, civil, None, -3),
        Visit(15, civil, None, 4), Visit(15, housing, None, 5),
        Visit(17, fire, None, 6),
    ]


@dataclass(frozen=True)
class FollowUp:
    """A follow-up visit (回头看) to a facility whose hazards were all signed off; None: scheduled, not done."""

    facility: int
    staffed: int  # the day a planner names its inspectors
    day: int | None
    findings: tuple[Finding, ...] = ()


FOLLOW_UPS = (
    FollowUp(RELAPSED, -17, -16, (_f("FIRE-04", "夜间防火巡查记录再次中断", "重新落实夜间巡查，院长每周检查"),)),
    FollowUp(6, -12, -9),
    FollowUp(3, -5, None),
    FollowUp(11, -4, None),
)


@dataclass(frozen=True)
class Decision:
    facility: int
    klass: str
    by: str
    reason: str


# The task force's classification, the day after the survey report was due: the leader takes the shutdown itself.
DECISIONS = (
    (-20, Decision(SHUTDOWN, "shutdown", "task_force_leader",
                   "主楼经鉴定为C级危险房屋，无法通过整改消除重大事故隐患，依法关停，老人全部转移安置。")),
    (-20, Decision(SUSPENDED, "suspend", "task_force_deputy",
                   "三楼采用易燃芯材彩钢板搭建居室，存在重大火灾隐患，停业整顿，转移安置老人后整改。")),
    *((-20, Decision(index, "pass", "task_force_deputy", "各检查组排查均未发现重大事故隐患，一般隐患限期整改。"))
      for index in PASSED),
)


@dataclass(frozen=True)
class SelfCheck:
    day: int
    findings: tuple[Finding, ...]


# The manager's own fire-safety self-check (自查), which the ledger takes in as well.
SELF_CHECK = SelfCheck(-10, (_f("FIRE-08", "一楼大厅有电动自行车停放充电", "清出电动自行车", S(-9, submit=-1)),))
SUSPEND_PLAN: dict[str, object] = {
    "decision": "suspend",
    "measures": "拆除三楼全部彩钢板隔间；更换不亮的应急照明和失效灭火器；整改期间停止接收新入住老人。",
    "milestones": [
        {"title": "拆除三楼彩钢板隔间", "owner": "竹园老年公寓", "due_date": -10},
        {"title": "完成老人转移安置", "owner": "青松街道", "due_date": 5},
        {"title": "整改完成并申请验收", "owner": "竹园老年公寓", "due_date": 20},
    ],
    "relocation_plan": "按老人意愿分三批转移：有条件的由家属接回，其余安置到青松康养中心、金秋养老院等就近机构，"
                       "需要治疗的送医；街道逐一确认去向。",
    "cooperation": "cooperative",
    "support_measures": "街道协调周边机构床位，民政部门对转移费用给予补贴，消防部门上门指导整改。",
}
SHUTDOWN_PLAN: dict[str, object] = {
    "decision": "shutdown",
    "measures": "主楼停止使用并设置警戒；依法注销养老机构备案；妥善处置老人入住合同和预收费用。",
    "milestones": [
        {"title": "老人全部转移安置", "owner": "青松街道", "due_date": 10},
        {"title": "办理备案注销", "owner": "区民政局", "due_date": 25},
    ],
    "relocation_plan": "28位老人由街道逐户联系家属，按意愿回家或安置到区内有空床的合格机构，失能老人优先安置。",
    "cooperation": "uncooperative",
    "enforcement_measures": "机构拒不停止使用主楼，由住建、消防部门依法查封，公安部门协助维持秩序。",
}
RELOCATIONS: list[tuple[int, list[dict[str, object]]]] = [
    (-15, [{"kind": "family", "to": "由子女接回家中照护"}] * 4),
    (-12, [{"kind": "facility", "to": 6}] * 3),
    (-8, [{"kind": "facility", "to": 12}] * 3),
    (-5, [{"kind": "hospital", "to": "鹤鸣区人民医院老年病科"}]),
]


@dataclass(frozen=True)
class Tip:
    """A tip from the public and what triage made of it."""

    key: str
    day: int
    category: str
    description: str
    facility: int | None = None
    location: str | None = None
    contact: str | None = None
    demo_receipt: bool = False
    duplicate_of: str | None = None  # marked a duplicate on the same day
    close_reason: str | None = None  # closed the next day
    assign: tuple[int, str] | None = None  # (day, department): a tip-check task
    check: tuple[int, tuple[Finding, ...]] | None = None  # (day, findings) of the tip check
    outcome_note: str | None = None
    reward: tuple[int, int, int | None, int | None] | None = None  # fine (fen), proposed, approved, paid days
    messages: tuple[tuple[int, str, str], ...] = field(default=())  # (day, "department"|"reporter", text)


TIPS = (
    Tip("panels", -30, "fire", "夕阳红养老院三楼活动室用彩钢板隔出几间房住了老人，一旦着火跑不出来，请尽快检查。",
        facility=7, contact="张先生 13912340001", demo_receipt=True, assign=(-29, "fire"),
        check=(-28, (_f("FIRE-02", "三楼活动室采用易燃芯材彩钢板隔出3间居室", "拆除彩钢板隔间，老人转移至主楼",
                        S(-27, submit=-14, accept=-12, sign_off=-11)),)),
        outcome_note="经现场核查，举报属实：三楼活动室采用易燃芯材彩钢板搭建居室，已责令整改并完成整改验收。",
        reward=(5_000_000, -20, -18, -15),
        messages=((-27, "department", "您好，已于昨日现场核查，情况属实，已责令限期整改。感谢您的监督。"),
                  (-16, "reporter", "请问现在整改好了吗？"),
                  (-11, "department", "彩钢板隔间已全部拆除，老人已搬回主楼，整改已验收销号。"))),
    Tip("panels-again", -29, "fire", "夕阳红养老院三楼彩钢板房住人，很危险，希望有关部门管一管。", facility=7,
        duplicate_of="panels"),
    Tip("canteen", -27, "food", "康宁老年之家的食堂好像没有许可证，饭菜经常是剩的，老人吃了拉肚子。", facility=9,
        contact="李女士 13912340002", assign=(-26, "market"),
        check=(-25, (_f("MA-01", "内设食堂未取得食品经营许可证", "停止供餐，依法办理食品经营许可"),
                     _f("MA-02", "食堂货梯检验合格证已过期", "停用货梯，申请检验", S(-23, submit=-10, accept=-8)))),
        reward=(2_000_000, -10, -6, None)),
    Tip("night-abuse", -22, "abuse_neglect", "听说和平颐年苑的护理员晚上打骂老人，请查一查。", facility=5,
        assign=(-21, "police"), check=(-20, ()),
        outcome_note="经调取监控录像、走访老人及家属，未发现打骂老人的情况。感谢您的关注。"),
    Tip("leaflets", -12, "other", "小区门口有人发养老院的广告单，说交钱就能入住，还推销保健品。",
        location="福寿街道福星社区示范路北口", close_reason="不属于养老机构安全隐患，已转市场监管部门日常处理。"),
    Tip("cracks", -5, "building", "春晖敬老院的楼道墙面开裂，一下雨就漏水，担心房子不安全。", facility=17,
        assign=(-4, "housing")),
    Tip("night-shift", -1, "other", "百合康养中心晚上只有一个护工值班，上周有老人摔倒很久没人管。", facility=16),
    Tip("unlicensed", 0, "unlicensed", "福寿街道一处民宅里有人私自收住了七八位老人，像是没有执照的养老院。",
        location="福寿街道长乐社区示范路北侧民宅"),
)
