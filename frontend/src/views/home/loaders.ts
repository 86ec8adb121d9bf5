/**
 * What each home block reads: a count and its few most urgent items, through the lists every page already uses
 * (the server scopes each to the caller: area, department, own facility). One loader per block, so that a block
 * whose service fails shows its own error and the others still load.
 */
import type { RouteLocationRaw } from 'vue-router'
import { inspectionApi, type Task } from '@/api/inspection'
import { registryApi } from '@/api/registry'
import { rectificationApi, type Hazard, type HazardDepartment, type HazardQuery } from '@/api/rectification'
import { rewardsApi, formatFen } from '@/api/tips'
import { departmentOf } from '@/router/permissions'
import { hazardTitle } from '@/utils/hazard'
import {
  dueThisWeek,
  dueToday,
  nextStep,
  orderOwnHazards,
  ordersNearDeadline,
  type BlockKind,
  type Caller,
} from './blocks'

/** How many items a block lists under its count. */
export const BLOCK_ITEMS = 5

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export interface BlockItem {
  id: string
  title: string
  detail: string
  tag?: { text: string; type: TagType }
  to: RouteLocationRaw
}

export interface BlockData {
  count: number
  items: BlockItem[]
}

export interface LoadContext {
  caller: Caller
  accountId: string | null
  facilityId: string | null
  /** Today in China on the business clock. */
  today: string
  t: (key: string, params?: Record<string, unknown>) => string
  areaName: (code: string) => string
}

const hazardLink = (id: string): RouteLocationRaw => ({ name: 'hazard-detail', params: { id } })

function hazardItem(hazard: Hazard, ctx: LoadContext, tag?: BlockItem['tag']): BlockItem {
  return {
    id: hazard.id,
    title: hazard.facility_name ?? hazard.facility_id,
    detail: `${ctx.t('home.blocks.deadline', { date: hazard.deadline })} · ${hazardTitle(hazard)}`,
    tag: tag ?? (hazard.overdue ? { text: ctx.t('home.blocks.overdueTag'), type: 'danger' } : undefined),
    to: hazardLink(hazard.id),
  }
}

async function hazardBlock(query: HazardQuery, ctx: LoadContext): Promise<BlockData> {
  const page = await rectificationApi.hazards({ sort: 'deadline', ...query, page: 1, page_size: BLOCK_ITEMS })
  return { count: page.total, items: page.items.map((h) => hazardItem(h, ctx)) }
}

/** Open and in progress together (what is not yet submitted), soonest deadline first. */
async function unfinishedHazards(query: HazardQuery, ctx: LoadContext): Promise<BlockData> {
  const [open, working] = await Promise.all(
    (['open', 'in_progress'] as const).map((state) =>
      rectificationApi.hazards({ ...query, state, sort: 'deadline', page: 1, page_size: BLOCK_ITEMS }),
    ),
  )
  const items = [...open.items, ...working.items]
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.deadline.localeCompare(b.deadline))
    .slice(0, BLOCK_ITEMS)
  return { count: open.total + working.total, items: items.map((h) => hazardItem(h, ctx)) }
}

/** The caller's open tasks (planned or begun), every page of them. */
async function myTasks(): Promise<Task[]> {
  const [planned, begun] = await Promise.all(
    (['planned', 'in_progress'] as const).map((status) =>
      inspectionApi.tasks({ mine: true, status, page: 1, page_size: 100 }),
    ),
  )
  return [...planned.items, ...begun.items]
}

function taskItem(task: Task, ctx: LoadContext): BlockItem {
  const late = task.due_date < ctx.today
  return {
    id: task.id,
    title: task.facility_name ?? task.facility_id,
    detail: `${ctx.t(`inspection.mode.${task.mode}`)} · ${ctx.t('home.blocks.due', { date: task.due_date })}`,
    tag: late
      ? { text: ctx.t('home.blocks.overdueTag'), type: 'danger' }
      : task.inspection_id
        ? { text: ctx.t('home.blocks.begun'), type: 'warning' }
        : undefined,
    to: task.inspection_id ? { name: 'inspection-form', params: { id: task.inspection_id } } : { name: 'tasks' },
  }
}

function taskBlock(tasks: Task[], ctx: LoadContext): BlockData {
  return { count: tasks.length, items: tasks.slice(0, BLOCK_ITEMS).map((task) => taskItem(task, ctx)) }
}

/** Drafts the caller began and did not submit (the list holds the department's; the caller's own are kept). */
async function myDrafts(ctx: LoadContext): Promise<BlockData> {
  const department = departmentOf(ctx.caller.role, ctx.caller.department) as HazardDepartment | null
  const page = await inspectionApi.inspections({ status: 'draft', department: department ?? undefined, page_size: 100 })
  const mine = page.items
    .filter((row) => row.created_by === ctx.accountId && !row.self_check)
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
  const shown = mine.slice(0, BLOCK_ITEMS)
  const names = await Promise.all(
    shown.map((row) => registryApi.facility(row.facility_id).then((f) => f.name, () => row.facility_id)),
  )
  return {
    count: mine.length,
    items: shown.map((row, i) => ({
      id: row.id,
      title: names[i] ?? row.facility_id,
      detail: ctx.t('home.blocks.begunAt', { date: (row.started_at ?? row.created_at).slice(0, 10) }),
      tag: { text: ctx.t('home.blocks.draftTag'), type: 'warning' },
      to: { name: 'inspection-form', params: { id: row.id } },
    })),
  }
}

const STEP_TAG: Record<ReturnType<typeof nextStep>, TagType> = {
  start: 'danger',
  uploadEvidence: 'warning',
  submit: 'primary',
  redo: 'danger',
  waitAcceptance: 'info',
  waitSignOff: 'info',
}

/** The facility's hazards not yet accepted, each with what it needs next. */
async function facilityHazards(ctx: LoadContext): Promise<BlockData> {
  const pages = await Promise.all(
    (['open', 'in_progress', 'submitted'] as const).map((state) =>
      rectificationApi.hazards({ state, sort: 'deadline', page: 1, page_size: 100 }),
    ),
  )
  const all = pages.flatMap((page) => page.items)
  // Whether evidence is there is only in a hazard's detail: read it for the ones being worked on that are shown.
  const working = orderOwnHazards(all).slice(0, BLOCK_ITEMS).filter((h) => h.state === 'in_progress' && !h.rejection_reason)
  const evidence = new Map(
    await Promise.all(
      working.map((h) =>
        rectificationApi.hazard(h.id).then(
          (detail) => [h.id, detail.evidence.length] as const,
          () => [h.id, 0] as const,
        ),
      ),
    ),
  )
  const ordered = orderOwnHazards(all.map((h) => ({ ...h, evidence: evidence.get(h.id) })))
  return {
    count: pages.reduce((sum, page) => sum + page.total, 0),
    items: ordered.slice(0, BLOCK_ITEMS).map((hazard) => {
      const step = nextStep(hazard)
      return {
        id: hazard.id,
        title: hazardTitle(hazard),
        detail: `${ctx.t('home.blocks.deadline', { date: hazard.deadline })}${hazard.overdue ? ` · ${ctx.t('home.blocks.overdueTag')}` : ''}`,
        tag: { text: ctx.t(`home.step.${step}`), type: STEP_TAG[step] },
        to: hazardLink(hazard.id),
      }
    }),
  }
}

/** Official inspections of the facility whose findings it has not acknowledged (or must acknowledge again). */
async function acknowledgements(ctx: LoadContext): Promise<BlockData> {
  const page = await inspectionApi.inspections({ page_size: 100 })
  const official = page.items.filter((row) => !row.self_check).slice(0, 20)
  // The list does not say whether an inspection is acknowledged: its detail does.
  const details = await Promise.all(official.map((row) => inspectionApi.inspection(row.id)))
  const pending = details.filter((d) => !d.acknowledgement && d.answers.length > 0)
  return {
    count: pending.length,
    items: pending.slice(0, BLOCK_ITEMS).map((d) => ({
      id: d.id,
      title: d.departments.map((dep) => ctx.t(`roles.${dep}`)).join('、'),
      detail: ctx.t('home.blocks.findings', { n: d.findings.length, date: (d.submitted_at ?? d.created_at).slice(0, 10) }),
      tag: d.acknowledgement_cleared_at
        ? { text: ctx.t('home.blocks.ackAgain'), type: 'danger' }
        : { text: ctx.t('home.blocks.ackPending'), type: 'warning' },
      to: { name: 'inspection-form', params: { id: d.id } },
    })),
  }
}

async function areaFacilities(ctx: LoadContext): Promise<BlockData> {
  const page = await registryApi.facilities({ page: 1, page_size: BLOCK_ITEMS, sort: '-residents_count' })
  return {
    count: page.total,
    items: page.items.map((f) => ({
      id: f.id,
      title: f.name,
      detail: `${ctx.areaName(f.community_code)} · ${ctx.t('home.blocks.residents', { n: f.residents_count })}`,
      tag: { text: ctx.t(`status.${f.status}`), type: f.status === 'operating' ? 'success' : 'warning' },
      to: { name: 'facility-detail', params: { id: f.id } },
    })),
  }
}

/** Facilities to be suspended or shut down (their residents move out either way), the least advanced first. */
async function relocations(ctx: LoadContext): Promise<BlockData> {
  const pages = await Promise.all(
    (['suspend', 'shutdown'] as const).map((decision) => rectificationApi.plans({ decision, page: 1, page_size: 100 })),
  )
  const page = { total: pages.reduce((sum, p) => sum + p.total, 0), items: pages.flatMap((p) => p.items) }
  const rows = [...page.items].sort(
    (a, b) => Number(!!a.relocation_completed_at) - Number(!!b.relocation_completed_at) || (b.remaining ?? 0) - (a.remaining ?? 0),
  )
  return {
    count: page.total,
    items: rows.slice(0, BLOCK_ITEMS).map((plan) => ({
      id: plan.id,
      title: plan.facility_name ?? plan.facility_id,
      detail: ctx.t('home.blocks.relocated', { done: plan.relocated, left: plan.remaining ?? '—' }),
      tag: plan.relocation_completed_at
        ? { text: ctx.t('home.blocks.relocationDone'), type: 'success' }
        : { text: ctx.t('home.blocks.relocating'), type: 'warning' },
      to: { name: 'facility-relocation', params: { facilityId: plan.facility_id } },
    })),
  }
}

async function ordersDue(ctx: LoadContext): Promise<BlockData> {
  const page = await rectificationApi.supervisionOrders({ state: 'open', page: 1, page_size: 100 })
  const near = ordersNearDeadline(page.items)
  return {
    count: near.length,
    items: near.slice(0, BLOCK_ITEMS).map((order) => ({
      id: order.id,
      title: `${order.number} · ${order.facility_name}`,
      detail: ctx.t('home.blocks.deadline', { date: order.deadline }),
      tag: { text: ctx.t(`home.light.${order.light}`), type: order.light === 'red' ? 'danger' : 'warning' },
      to: { name: 'supervision' },
    })),
  }
}

async function rewardsToPay(ctx: LoadContext): Promise<BlockData> {
  const page = await rewardsApi.list({ status: 'approved', page: 1, page_size: BLOCK_ITEMS })
  return {
    count: page.total,
    items: page.items.map((reward) => ({
      id: reward.id,
      title: `${reward.tip_number} · ${reward.facility_name ?? ''}`,
      detail: ctx.t('home.blocks.approvedAt', { date: (reward.decided_at ?? reward.proposed_at).slice(0, 10) }),
      tag: { text: `¥${formatFen(reward.approved_fen ?? reward.proposed_fen)}`, type: 'primary' },
      to: { name: 'reward-detail', params: { id: reward.id } },
    })),
  }
}

/** Read one block. */
export async function loadBlock(kind: BlockKind, ctx: LoadContext): Promise<BlockData> {
  const department = (departmentOf(ctx.caller.role, ctx.caller.department) ?? undefined) as HazardDepartment | undefined
  switch (kind) {
    case 'tasksToday':
      return taskBlock(dueToday(await myTasks(), ctx.today), ctx)
    case 'tasksWeek':
      return taskBlock(dueThisWeek(await myTasks(), ctx.today), ctx)
    case 'drafts':
      return myDrafts(ctx)
    case 'facilityHazards':
      return facilityHazards(ctx)
    case 'acknowledgements':
      return acknowledgements(ctx)
    case 'deptOverdue':
      return hazardBlock({ department, overdue: true }, ctx)
    case 'deptOpen':
      return unfinishedHazards({ department }, ctx)
    case 'deptToAccept':
      return hazardBlock({ department, state: 'submitted' }, ctx)
    case 'areaFacilities':
      return areaFacilities(ctx)
    case 'areaOverdue':
      return hazardBlock({ overdue: true }, ctx)
    case 'areaOpen':
      return unfinishedHazards({}, ctx)
    case 'relocations':
      return relocations(ctx)
    case 'escalated':
      return hazardBlock({ escalated: true }, ctx)
    case 'ordersDue':
      return ordersDue(ctx)
    case 'rewardsToPay':
      return rewardsToPay(ctx)
  }
}
