/**
 * Refusals by their problem `code` (RFC 9457 extension member), so the user reads a sentence in the UI's
 * language instead of the server's English `detail`. problems.en.ts has the same keys.
 */
export const problemMessagesZh = {
  version_conflict: '记录已被他人修改，请刷新后重试。',
  role_forbidden: '当前角色无权执行此操作。',
  department_forbidden: '只能处理本部门的事项。',
  area_forbidden: '该区域不在您的管辖范围内。',
  status_unchanged: '机构已处于该状态。',
  transition_not_allowed: '机构当前状态不能直接变更为所选状态。',
  residents_not_relocated: '仍有老人未安置，不能停业或关停。',
  plan_not_approved: '一院一策尚未批准，不能停业或关停。',
  relocation_required: '机构正在依一院一策停业或关停，老人离院须按“安置”登记去向和确认人。',
  already_moved_out: '该老人已离院。',
  resident_already_active: '此人已在其他机构的在住名册中。',
  facility_not_operating: '机构未在运营，不能收住老人。',
  no_free_beds: '接收机构没有空余床位。',
  receiving_facility_not_operating: '接收机构未在正常运营。',
  over_capacity: '床位已满，需填写超员理由。',
  uscc_taken: '该统一社会信用代码已登记。',
  plan_approved: '一院一策已批准，不能再修改（节点完成情况除外）。',
  not_leader: '只有专班组长可以批准一院一策。',
  plan_incomplete: '一院一策内容不完整，请补全标红的部分。',
  acceptance_by_submitter: '提交整改材料的人不能验收本隐患，请由本部门其他人员验收。',
  not_accepted: '隐患尚未验收通过，不能销号。',
  invalid_state: '当前状态下不能进行此操作，请刷新后重试。',
  evidence_missing: '请先上传整改材料再提交验收。',
  deadline_in_past: '期限不能早于今天。',
  deadline_not_later: '新期限须晚于当前期限。',
  extension_decided: '该延期申请已处理。',
  hazards_not_signed_off: '督办的隐患尚未全部销号，不能关闭督办单。',
  supervision_order_closed: '督办单已关闭。',
  task_taken: '该任务已由他人开始检查。',
  inspection_submitted: '检查已提交，不能再修改。',
  delivery_not_retryable: '该消息当前状态不能重新发送。',
  delivery_no_address: '接收人在该渠道没有联系方式，请先补全联系方式。',
  default_rule: '默认规则不能删除。',
  webhook_url_refused: '回调地址不可用（须为 http(s) 且不得指向内网地址）。',
  account_disabled: '账号已停用。',
  self_disable: '不能停用自己的账号。',
  self_demotion: '不能降低自己的管理权限。',
  username_taken: '用户名已被使用。',
  weak_password: '密码强度不足。',
  upstream_unavailable: '相关服务暂不可用，请稍后重试。',
  upstream_timeout: '相关服务响应超时，请稍后重试。',
  reward_not_eligible: '该举报不符合奖励条件。',
  nothing_to_acknowledge: '检查尚未作答，没有可确认的检查结果。',
  already_acknowledged: '机构负责人已确认过本次检查结果。',
  outside_campaign_phase: '专项整治当前不在排查或整治阶段，不能开始检查（计划中的回头看和举报核查除外）。',
  assignee_invalid: '检查人员须是任务所属部门的在用账号，请从列表中选择。',
  area_not_found: '区域代码不存在，请从列表中选择区域。',
  campaign_not_found: '专项整治不存在或不在您的管辖范围内。',
  facility_not_found: '机构不存在，或不是本次专项整治的整治对象。',
  task_invalid: '任务与专项整治不符，请检查标红的项目。',
  task_done: '任务已完成。',
  task_cancelled: '任务已取消。',
  task_in_progress: '该任务的检查已开始，不能取消或退回。',
  reason_too_short: '决定与系统建议不同，请把理由写得更充分。',
  hazard_withdrawn: '该隐患已因检查记录更正而撤销，不能挂牌督办。',
  upstream_error: '相关服务返回异常，请稍后重试。',
}

/**
 * Refusals by `code` and then `reason` (the sub-code a problem carries when one code covers several causes);
 * notify.ts prefers these over the code's own sentence. problems.en.ts has the same keys.
 */
export const problemReasonsZh = {
  outside_campaign_phase: {
    planned: '专项整治尚未开始（排查阶段未到），不能开始检查。',
    review: '专项整治已进入总结阶段，除计划中的回头看和举报核查外不能再开始检查。',
    closed: '专项整治已结束，除计划中的回头看和举报核查外不能再开始检查。',
  },
  reward_not_eligible: {
    not_verified: '只有核查属实的举报才能申报奖励。',
    no_major_hazard: '按“查实重大隐患”申报，须该举报的核查发现了重大隐患。',
    no_contact: '举报人未留下同意使用的联系方式，奖励无法发放。',
    duplicate: '该举报是其他举报的重复件，只有原举报可以获得奖励。',
    not_first_reporter: '该机构已有更早的属实举报获得奖励，只奖励首个有效举报人。',
  },
}

export type ProblemMessages = typeof problemMessagesZh
export type ProblemReasons = typeof problemReasonsZh
