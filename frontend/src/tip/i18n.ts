/**
 * A small local dictionary for the public page (vue-i18n would double the bundle). Simplified Chinese by
 * default; English on request, remembered for this page only (nothing is written to the device).
 */
import { ref } from 'vue'
import { chinaDateTime } from '@/utils/chinaTime'
import { PROBLEM_DOMAINS } from '@/i18n/problems'

const zh = {
  title: '养老机构安全隐患举报',
  subtitle: '发现养老机构存在消防、食品、虐待疏忽等安全问题，请告诉我们。可匿名举报。',
  lang: 'English',
  navSubmit: '我要举报',
  navStatus: '查询进度',
  facility: '涉及的养老机构',
  facilitySearch: '输入机构名称或地址搜索',
  facilitySearching: '搜索中…',
  facilityNone: '没有找到匹配的机构，可在下方描述位置',
  facilityChange: '重新选择',
  location: '具体位置',
  locationHint: '如：某某路 12 号 3 楼',
  locationNote: '没有找到机构时必填；选了机构也可补充具体楼层、房间。',
  category: '问题类别',
  categories: {
    fire: '消防安全',
    food: '食品安全',
    abuse_neglect: '虐待或疏于照护',
    building: '房屋建筑安全',
    unlicensed: '无证经营',
    other: '其他',
  },
  description: '看到了什么',
  descriptionHint: '请写明时间、地点和具体情况（10–2000 字）',
  photos: '照片（选填，最多 5 张）',
  photosHint: '支持 JPG、PNG、WebP，每张不超过 5 MB。上传前会去除照片中的位置等信息。',
  photoAdd: '添加照片',
  photoRemove: '删除',
  photoType: '“{name}” 不是 JPG、PNG 或 WebP 图片',
  photoSize: '“{name}” 超过 5 MB',
  photoCount: '最多上传 5 张照片',
  contact: '联系方式（选填）',
  contactHint: '手机号或邮箱。仅用于发放举报奖励，加密保存，只有奖励资金保管人可以查看。',
  consent: '我同意仅为发放举报奖励保存我的联系方式',
  consentNeeded: '留下联系方式需勾选同意',
  submit: '提交举报',
  submitting: '提交中…',
  needCategory: '请选择问题类别',
  needDescription: '请至少写 10 个字',
  needWhere: '请选择机构或描述位置',
  tooLong: '内容过长',
  failed: '提交失败，请检查标红的内容',
  network: '网络连接失败，请稍后重试',
  tooMany: '提交过于频繁，请稍后再试',
  server: '服务暂时不可用，请稍后重试',
  receiptTitle: '举报已提交',
  receiptNumber: '案件编号',
  receiptLabel: '您的查询码',
  receiptWarning: '查询码只显示这一次，无法找回。请立即抄下或复制保存，凭它查询处理进度、与工作人员沟通。',
  copy: '复制查询码',
  copied: '已复制',
  copyFailed: '无法自动复制，请手动抄写',
  goStatus: '去查询进度',
  another: '再举报一条',
  statusTitle: '查询举报进度',
  statusHint: '输入提交举报时得到的 16 位查询码。查询码只保存在本页面，离开即清除。',
  receiptInput: '16 位查询码',
  receiptInvalid: '查询码是 16 位数字',
  query: '查询',
  querying: '查询中…',
  notFound: '查询码不正确，请核对后重试',
  leave: '退出查询',
  statuses: {
    received: '已受理',
    assigned: '核查中',
    verified: '举报属实',
    unfounded: '未发现问题',
    duplicate: '已合并',
    closed: '已办结',
  },
  stepReceived: '受理',
  stepAssigned: '交办核查',
  stepResult: '核查结论',
  submittedAt: '提交时间',
  updatedAt: '最近更新',
  where: '机构或位置',
  outcome: '核查结果',
  closedReason: '办结说明',
  duplicateOf: '与案件 {number} 反映的是同一问题，已合并处理',
  hazards: '核查发现的问题',
  severities: { major: '重大隐患', ordinary: '一般隐患' } as Record<string, string>,
  reward: '举报奖励',
  rewardStatuses: { proposed: '审核中', approved: '已批准', rejected: '未获批准', paid: '已发放' } as Record<string, string>,
  thread: '沟通记录',
  threadEmpty: '暂无消息',
  you: '我',
  department: '工作人员',
  reply: '补充情况或回复工作人员',
  send: '发送',
  sent: '已发送',
  replyLength: '请输入 1–1000 字',
}

export type Dictionary = typeof zh

const en: Dictionary = {
  title: 'Report a safety problem at an elderly-care facility',
  subtitle: 'Seen a fire, food, abuse or neglect problem at a care home? Tell us. You may stay anonymous.',
  lang: '中文',
  navSubmit: 'Report',
  navStatus: 'Check progress',
  facility: 'Facility concerned',
  facilitySearch: 'Search by facility name or address',
  facilitySearching: 'Searching…',
  facilityNone: 'No matching facility: describe where below',
  facilityChange: 'Change',
  location: 'Where exactly',
  locationHint: 'e.g. 12 Some Road, 3rd floor',
  locationNote: 'Required when no facility is chosen; otherwise add the floor or room if you like.',
  category: 'Kind of problem',
  categories: {
    fire: 'Fire safety',
    food: 'Food safety',
    abuse_neglect: 'Abuse or neglect',
    building: 'Building safety',
    unlicensed: 'Operating without a licence',
    other: 'Other',
  },
  description: 'What you saw',
  descriptionHint: 'When, where and what happened (10–2000 characters)',
  photos: 'Photos (optional, up to 5)',
  photosHint: 'JPG, PNG or WebP, 5 MB each at most. Location and camera data are removed.',
  photoAdd: 'Add photos',
  photoRemove: 'Remove',
  photoType: '“{name}” is not a JPG, PNG or WebP image',
  photoSize: '“{name}” is larger than 5 MB',
  photoCount: 'At most 5 photos',
  contact: 'Contact (optional)',
  contactHint: 'Phone or email, only to pay a reward. Stored encrypted; only the reward custodian can read it.',
  consent: 'I agree that my contact is kept only to pay a reward',
  consentNeeded: 'Tick the consent box to leave a contact',
  submit: 'Send report',
  submitting: 'Sending…',
  needCategory: 'Choose the kind of problem',
  needDescription: 'Write at least 10 characters',
  needWhere: 'Choose a facility or describe where',
  tooLong: 'Too long',
  failed: 'Not sent: check the fields marked in red',
  network: 'No connection: please try again later',
  tooMany: 'Too many reports in a short time: please try again later',
  server: 'The service is unavailable: please try again later',
  receiptTitle: 'Report sent',
  receiptNumber: 'Case number',
  receiptLabel: 'Your receipt code',
  receiptWarning: 'This code is shown only once and cannot be recovered. Write it down or copy it now: you need it to follow your report and talk to the staff.',
  copy: 'Copy the code',
  copied: 'Copied',
  copyFailed: 'Could not copy: please write it down',
  goStatus: 'Check progress',
  another: 'Report something else',
  statusTitle: 'Check a report',
  statusHint: 'Enter the 16-digit code you received. It stays on this page only and is cleared when you leave.',
  receiptInput: '16-digit code',
  receiptInvalid: 'The code has 16 digits',
  query: 'Check',
  querying: 'Checking…',
  notFound: 'Unknown code: please check it and try again',
  leave: 'Done',
  statuses: {
    received: 'Received',
    assigned: 'Being checked',
    verified: 'Confirmed',
    unfounded: 'Nothing found',
    duplicate: 'Merged',
    closed: 'Closed',
  },
  stepReceived: 'Received',
  stepAssigned: 'Checked on site',
  stepResult: 'Outcome',
  submittedAt: 'Sent',
  updatedAt: 'Last update',
  where: 'Facility or place',
  outcome: 'Outcome',
  closedReason: 'Why it was closed',
  duplicateOf: 'Reports the same problem as case {number}; handled together',
  hazards: 'Problems found',
  severities: { major: 'Major hazard', ordinary: 'Hazard' },
  reward: 'Reward',
  rewardStatuses: { proposed: 'Under review', approved: 'Approved', rejected: 'Not approved', paid: 'Paid' },
  thread: 'Messages',
  threadEmpty: 'No messages yet',
  you: 'You',
  department: 'Staff',
  reply: 'Add details or answer the staff',
  send: 'Send',
  sent: 'Sent',
  replyLength: 'Write 1–1000 characters',
}

export type TipLocale = 'zh-CN' | 'en'
export const dictionaries: Record<TipLocale, Dictionary> = { 'zh-CN': zh, en }
export const locale = ref<TipLocale>('zh-CN')

/** Look a dotted key up (`statuses.received`) and fill `{name}` placeholders. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  let value: unknown = dictionaries[locale.value]
  for (const part of key.split('.')) value = (value as Record<string, unknown> | undefined)?.[part]
  const text = typeof value === 'string' ? value : key
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
}

export function toggleLocale(): void {
  locale.value = locale.value === 'zh-CN' ? 'en' : 'zh-CN'
  document.documentElement.lang = locale.value
  document.title = t('title')
}

/** Date and time in China (the district's time, whatever the browser's zone), minutes precision. */
export function when(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return chinaDateTime(date)
}

/** The platform's own sentence for a problem code in the page's language ('' when it has none). */
export function problemWords(code: string): string {
  for (const domain of Object.values(PROBLEM_DOMAINS)) {
    const words = domain[code]
    if (words) return words[locale.value]
  }
  return ''
}
