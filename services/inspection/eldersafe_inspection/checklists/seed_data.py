"""Starter data for a fresh install: the major-hazard criteria and one base checklist per department.

Sources are the national rules summarised in ``checklist-seeds.md``: 《养老机构重大事故隐患判定标准》 (Ministry
of Civil Affairs, 2023-11-27), GB 38600-2019 《养老机构服务安全基本规范》, and the fire, building and food rules
those cite. Texts are our own wording, Chinese first and English second. Only the situations of Arts. 4–5 that
the seeds list are loaded; the rest of Art. 5 and Arts. 6–8 are for the department admins to add from the
official text (the criteria are data for that reason). Departments edit their checklists in the product
after the first run; the seed never overwrites them.
"""

from __future__ import annotations

from typing import Any

MZ = "《养老机构重大事故隐患判定标准》"
GB38600 = "GB 38600-2019《养老机构服务安全基本规范》"
GB50016 = "GB 50016-2014（2018年版）《建筑设计防火规范》"
FIRE_LAW = "《中华人民共和国消防法》"
ORDER_61 = "《机关、团体、企业、事业单位消防安全管理规定》（公安部令第61号）"
FOOD_LAW = "《中华人民共和国食品安全法》"


def _criterion(code: str, clause: str, category: str, text_zh: str, text_en: str, lead: list[str], *,
               fixable: bool = True) -> dict[str, Any]:
    return {"code": code, "clause": f"{MZ}{clause}", "category": category, "text_zh": text_zh, "text_en": text_en,
            "lead_departments": lead, "fixable": fixable}


CRITERIA: list[dict[str, Any]] = [
    _criterion(
        "MZ-2023-4.1", "第四条第（一）项", "building_equipment",
        "养老机构所用建筑经鉴定为C级或D级危险房屋，或经住房城乡建设部门认定存在重大结构安全隐患。",
        "A building the facility uses is appraised as a class C or D dangerous building, or the housing and "
        "construction department has found a major structural hazard in it.",
        ["housing"], fixable=False,
    ),
    _criterion(
        "MZ-2023-4.2", "第四条第（二）项", "building_equipment",
        "消防设计、消防设施或电气、燃气设施设备不符合法律法规和强制性标准要求，不具备消防安全技术条件。",
        "The fire-protection design, the fire installations or the electrical or gas installations fail the "
        "law and the mandatory standards, so the building lacks the technical conditions for fire safety.",
        ["housing", "fire"],
    ),
    _criterion(
        "MZ-2023-4.3", "第四条第（三）项", "building_equipment",
        "在用房间采用芯材为易燃可燃材料的彩钢夹芯板搭建，或大量使用易燃可燃材料装修。",
        "Rooms in use are built of steel sandwich panels with a flammable core, or are decorated with large "
        "amounts of flammable material.",
        ["fire"],
    ),
    _criterion(
        "MZ-2023-4.4", "第四条第（四）项", "building_equipment",
        "电梯、锅炉、氧气管道等特种设备未经许可、未经检验或检验不合格，或属于国家明令淘汰、已经报废的设备。",
        "Lifts, boilers, oxygen pipelines or other special equipment are used without a licence, without "
        "inspection or after failing it, or are of a banned or scrapped kind.",
        ["market"],
    ),
    _criterion(
        "MZ-2023-5.1", "第五条第（一）项", "licensing",
        "内设医疗机构未取得医疗机构执业许可证，也未办理备案。",
        "An in-house clinic operates without a medical institution practice licence and without filing.",
        ["health"],
    ),
    _criterion(
        "MZ-2023-5.2", "第五条第（二）项", "licensing",
        "内设食堂未取得食品经营许可证。",
        "An in-house canteen operates without a food business licence.",
        ["market"],
    ),
    _criterion(
        "MZ-2023-5.3", "第五条第（三）项", "licensing",
        "特种设备安全管理、检测或作业人员未取得相应资格。",
        "Special equipment is managed, tested or operated by staff without the required qualification.",
        ["market"],
    ),
]


def _item(code: str, text_zh: str, text_en: str, category: str, basis: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "text_zh": text_zh, "text_en": text_en, "category": category, "basis": basis, **extra}


def _major(criterion: str, measures: str) -> dict[str, Any]:
    return {"major_hazard": True, "criterion_code": criterion, "recommended_measures": measures}


FIRE = [
    _item("FIRE-01", "消防设计和消防设施符合强制性标准，具备消防安全技术条件",
          "Fire-protection design and installations meet the mandatory standards; the building has the technical "
          "conditions for fire safety", "fire", f"{MZ}第四条第（二）项",
          **_major("MZ-2023-4.2", "停止使用不具备消防安全技术条件的场所，按强制性标准整改后重新验收")),
    _item("FIRE-02", "在用房间未采用易燃可燃芯材彩钢板搭建，未大量使用易燃可燃装修材料",
          "No room in use is built of flammable-core sandwich panels or decorated with large amounts of "
          "flammable material", "fire", f"{MZ}第四条第（三）项", photo_required=True,
          **_major("MZ-2023-4.3", "停止使用相关房间，拆除彩钢板或易燃装修，改用不燃材料")),
    _item("FIRE-03", "已办理消防验收或备案，明确消防安全管理人",
          "Fire acceptance or filing is done and a fire-safety manager is named", "fire",
          f"{FIRE_LAW}第十三条；{ORDER_61}第七条"),
    _item("FIRE-04", "落实每日防火巡查（含夜间巡查）和每月防火检查，并有记录",
          "Daily fire patrols (night patrols included) and monthly fire inspections are done and recorded",
          "fire", f"{ORDER_61}第二十五条、第二十六条"),
    _item("FIRE-05", "疏散通道、楼梯和安全出口畅通、未锁闭；防盗窗留有逃生口",
          "Escape routes, stairs and exits are clear and unlocked; window grilles have escape openings",
          "fire", f"{FIRE_LAW}第二十八条", photo_required=True),
    _item("FIRE-06", "消防设施器材定期维护检测、完好有效；应急照明和疏散指示标志正常",
          "Fire equipment is maintained and tested and works; emergency lighting and exit signs work",
          "fire", f"{FIRE_LAW}第十六条第一款第（二）项、第（三）项；GB 25201-2010《建筑消防设施的维护管理》"),
    _item("FIRE-07", "无明火取暖、超负荷或私拉乱接电线，未使用非医疗用电加热器具",
          "No open-flame heating, overloaded or makeshift wiring, or non-medical electric heaters",
          "fire", f"{FIRE_LAW}第二十七条；{GB38600}第4章"),
    _item("FIRE-08", "室内无电动自行车停放和充电",
          "No e-bikes parked or charged indoors", "fire", f"{FIRE_LAW}第二十八条；{GB38600}第4章",
          photo_required=True),
    _item("FIRE-09", "氧气和医用气体由专人管理，存放符合安全要求",
          "Oxygen and medical gases are kept safely under a named manager", "fire", f"{GB38600}第4章"),
    _item("FIRE-10", "员工经消防培训和演练，做到“四懂四会”",
          "Staff are trained and drilled in fire safety (the \"four understands, four cans\")", "fire",
          f"{ORDER_61}第三十六条"),
    _item("FIRE-11", "消防控制室24小时值班，每班不少于2名持证人员",
          "The fire control room is staffed around the clock by at least two certified operators per shift",
          "fire", "GB 25506-2010《消防控制室通用技术要求》第4.2.1条"),
    _item("FIRE-12",
          "老年人居室和公共走道设置火灾探测器和声警报装置（建筑面积小于500㎡可采用独立式感烟火灾探测报警器）",
          "Residents' rooms and corridors have fire detectors and sounders (standalone smoke alarms allowed "
          "under 500 m²)", "fire", f"{GB50016}第8.4.1条"),
    _item("FIRE-13", "消防车道净宽度", "Clear width of the fire lane", "fire", f"{GB50016}第7.1.8条",
          answer_type="number", number_min=4.0, unit="m"),
    _item("FIRE-14", "老年人照料设施与其他场所之间防火隔墙的耐火极限（楼板不低于1.00h，门为乙级防火门）",
          "Fire resistance of the separation walls from other uses (floors at least 1.00 h, class B fire doors)",
          "building", f"{GB50016}第6.2.2条", answer_type="number", number_min=2.0, unit="h"),
]

CIVIL_AFFAIRS = [
    _item("CA-01", "按 GB 2893、GB 2894 设置安全标志", "Safety signs follow GB 2893 and GB 2894",
          "management", f"{GB38600}第4章", photo_required=True),
    _item("CA-02", "护理人员经培训，持证上岗", "Care workers are trained and certified", "management",
          f"{GB38600}第4章"),
    _item("CA-03", "建立日夜巡查和交接班制度，记录完整", "Day and night rounds and shift handovers follow rules "
          "and are recorded", "management", f"{GB38600}第4章"),
    _item("CA-04", "老年人个人信息和监控资料保密管理", "Residents' personal data and CCTV footage are kept "
          "confidential", "security", f"{GB38600}第4章"),
    _item("CA-05", "入院前和身体状况变化时开展风险评估", "A risk assessment is made before admission and when a "
          "resident's condition changes", "management", f"{GB38600}第5章"),
    _item("CA-06", "落实防噎食、防食品药品误食、防压疮、防烫伤措施",
          "Measures against choking, wrong food or medicine, pressure sores and scalds are in place", "medical",
          f"{GB38600}第6章"),
    _item("CA-07", "落实防坠床、防跌倒、防他伤和自伤、防走失、防文娱活动意外措施", "Measures against falls from bed, "
          "falls, injury to self or others, wandering off and recreation accidents are in place", "management",
          f"{GB38600}第6章"),
    _item("CA-08", "制定应急预案并定期演练", "Emergency plans exist and are drilled regularly", "emergency",
          f"{GB38600}第7章"),
]

EMERGENCY = [
    _item("EM-01", "制定火灾、停电、疫情、极端天气、老年人走失等应急预案",
          "Written emergency plans cover fire, power cuts, epidemics, extreme weather and missing residents",
          "emergency", f"{GB38600}第7章；{FIRE_LAW}第十六条第一款第（一）项"),
    _item("EM-02", "距上次实战疏散演练的月数（演练有记录和签到）",
          "Months since the last live evacuation drill (recorded with attendance)", "emergency",
          f"{GB38600}第7章；{ORDER_61}第四十条", answer_type="number", number_min=0.0, number_max=6.0, unit="月"),
    _item("EM-03", "建成微型消防站并按标准配备器材", "A micro fire station is set up and equipped", "emergency",
          "《消防安全重点单位微型消防站建设标准（试行）》；" + f"{GB38600}第7章", photo_required=True),
    _item("EM-04", "配备灭火器和疏散逃生器材（疏散垫、防烟面罩等）",
          "Extinguishers and evacuation tools (evacuation mats, smoke hoods) are present", "emergency",
          f"{GB38600}第7章", answer_type="photo", photo_required=True),
    _item("EM-05", "应急值守到位，应急联络表张贴在值班处", "Emergency duty is staffed and the contact list is "
          "posted at the duty desk", "emergency", f"{GB38600}第7章"),
]

POLICE = [
    _item("PO-01", "视频监控覆盖出入口和公共区域", "CCTV covers the entrances and public areas", "security",
          f"{GB38600}第4章", photo_required=True),
    _item("PO-02", "监控录像按规定保存、可调阅", "CCTV footage is kept as required and can be retrieved",
          "security", f"{GB38600}第4章"),
    _item("PO-03", "夜间有保安或值班人员在岗", "A night guard or duty officer is on post", "security",
          f"{GB38600}第4章"),
    _item("PO-04", "外来人员登记制度落实", "Visitors are registered", "security", f"{GB38600}第7章"),
    _item("PO-05", "落实防走失措施（门禁、定位手环等）", "Wandering-prevention measures are in place (door "
          "control, locator bands)", "security", f"{GB38600}第6章"),
]

HEALTH = [
    _item("HE-01", "内设医疗机构取得执业许可证或已备案", "The in-house clinic holds a practice licence or is filed",
          "medical", f"{MZ}第五条第（一）项", photo_required=True,
          **_major("MZ-2023-5.1", "停止内设医疗机构执业活动，依法办理许可或备案")),
    _item("HE-02", "身体状况变化时及时重新评估并调整照护措施", "Residents are reassessed when their condition changes "
          "and care is adjusted", "medical", f"{GB38600}第5章"),
    _item("HE-03", "药品集中保管、核对发放，防止误服", "Medicines are stored centrally and checked when given, to "
          "prevent wrong doses", "medical", f"{GB38600}第6章"),
    _item("HE-04", "落实防噎食、防压疮照护措施并有记录", "Choking and pressure-sore prevention is done and recorded",
          "medical", f"{GB38600}第6章"),
    _item("HE-05", "突发疾病和传染病应急处置预案落实", "Plans for sudden illness and infectious disease are in "
          "place", "medical", f"{GB38600}第7章"),
]

HOUSING = [
    _item("HO-01", "所用建筑不属于C级、D级危险房屋，无重大结构安全隐患",
          "The building is not a class C or D dangerous building and has no major structural hazard", "building",
          f"{MZ}第四条第（一）项", photo_required=True,
          **_major("MZ-2023-4.1", "立即停止使用，组织老年人全部转移安置")),
    _item("HO-02", "消防设计及电气、燃气设施设备符合强制性标准", "The fire-protection design and the electrical and "
          "gas installations meet the mandatory standards", "building", f"{MZ}第四条第（二）项",
          **_major("MZ-2023-4.2", "停止使用相关场所，按强制性标准整改")),
    _item("HO-03", "建设工程已依法办理消防验收或备案", "The building passed fire acceptance or was filed as required",
          "building", f"{FIRE_LAW}第十三条"),
    _item("HO-04", "老年人用房所在建筑高度（宜不大于32m）", "Height of the building with residents' rooms (preferably "
          "not above 32 m)", "building", f"{GB50016}第5.3.1A条", answer_type="number", number_max=54.0, unit="m"),
    _item("HO-05", "建筑耐火等级不低于二级", "The building's fire-resistance grade is II or better", "building",
          f"{GB50016}第5.3.1A条"),
]

MARKET = [
    _item("MA-01", "内设食堂取得食品经营许可证", "The in-house canteen holds a food business licence", "food",
          f"{MZ}第五条第（二）项", photo_required=True,
          **_major("MZ-2023-5.2", "停止食堂经营，依法取得许可后方可恢复")),
    _item("MA-02", "电梯、锅炉、氧气管道等特种设备依法登记并在检验有效期内",
          "Lifts, boilers, oxygen pipelines and other special equipment are registered and within their "
          "inspection dates", "building", f"{MZ}第四条第（四）项", photo_required=True,
          **_major("MZ-2023-4.4", "停止使用相关特种设备，检验合格后方可使用")),
    _item("MA-03", "特种设备安全管理和作业人员持证上岗", "Special-equipment managers and operators hold the required "
          "certificates", "management", f"{MZ}第五条第（三）项",
          **_major("MZ-2023-5.3", "由持证人员接替，相关人员取得资格后方可上岗")),
    _item("MA-04", "食堂从业人员持有效健康证明", "Canteen staff hold valid health certificates", "food",
          f"{FOOD_LAW}第四十五条"),
    _item("MA-05", "食品留样保存时长", "How long food samples are kept", "food",
          "《餐饮服务食品安全操作规范》（2018年）食品留样要求", answer_type="number", number_min=48.0, unit="h"),
    _item("MA-06", "生熟分开，防蝇防鼠防虫设施有效", "Raw and cooked food are kept apart; fly, rodent and insect "
          "control works", "food", f"{FOOD_LAW}第三十三条"),
    _item("MA-07", "冷藏冷冻设施温度符合要求并有记录", "Cold-storage temperatures meet the requirements and are "
          "recorded", "food", f"{FOOD_LAW}第三十三条"),
    _item("MA-08", "机构内无推销保健品行为", "No health products are sold on the premises", "management",
          f"{GB38600}第4章"),
]


def _checklist(department: str, title_zh: str, title_en: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"department": department, "code": f"{department.upper()}-BASE", "title_zh": title_zh,
            "title_en": title_en, "items": items}


CHECKLISTS: list[dict[str, Any]] = [
    _checklist("civil_affairs", "养老机构服务安全检查表（基础版）", "Service safety checklist (base)", CIVIL_AFFAIRS),
    _checklist("fire", "消防安全检查表（基础版）", "Fire safety checklist (base)", FIRE),
    _checklist("emergency", "应急准备检查表（基础版）", "Emergency readiness checklist (base)", EMERGENCY),
    _checklist("police", "治安安全检查表（基础版）", "Security checklist (base)", POLICE),
    _checklist("health", "医疗卫生安全检查表（基础版）", "Health and medical checklist (base)", HEALTH),
    _checklist("housing", "房屋建筑安全检查表（基础版）", "Building safety checklist (base)", HOUSING),
    _checklist("market", "食品和特种设备安全检查表（基础版）", "Food and special equipment checklist (base)", MARKET),
]
