import { vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, type RouteRecordRaw } from 'vue-router'
import type { Position, Role } from '@/api/types'
import type { RewardPublic, TipPublic } from '@/api/tips'
import { useAuthStore } from '@/stores/auth'
import { i18n } from '@/i18n'

export const reply = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
export type Call = [string, RequestInit]

export function tip(over: Partial<TipPublic> = {}): TipPublic {
  return {
    id: 't1', number: 'JB-2026-000001', category: 'fire', facility_id: 'f1', facility_name: 'Sunshine Home', location: null,
    area_code: '999001001001', status: 'received', assigned_department: null, possible_duplicate_of: null, duplicate_of: null,
    photo_count: 1, has_contact: true, reward_status: null, created_at: '2026-03-01T02:00:00Z', updated_at: '2026-03-01T02:00:00Z',
    description: 'The fire exit is locked at night.', latitude: null, longitude: null,
    photos: [{ id: 'p1', content_type: 'image/jpeg', width: 640, height: 480 }], messages: [], hazards: [], campaign_id: null,
    task_id: null, inspection_id: null, outcome_note: null, closed_reason: null, triaged_by_name: null, triaged_at: null,
    resolved_at: null, contact_consent: true, version: 3, ...over,
  }
}

export function reward(over: Partial<RewardPublic> = {}): RewardPublic {
  return {
    id: 'r1', tip_id: 't1', tip_number: 'JB-2026-000001', facility_name: 'Sunshine Home', department: 'fire', basis: 'major_hazard',
    fine_fen: 10_000_000, proposed_fen: 1_500_000, approved_fen: null, status: 'proposed', proposed_by_name: 'Fire Staff',
    proposed_at: '2026-03-05T02:00:00Z', proposal_note: null, decided_by_name: null, decided_at: null, decision_note: null,
    paid_on: null, payout_reference: null, paid_by_name: null, paid_at: null, version: 1, ...over,
  }
}

/** Sign in as someone (the store only) and give the view a router with the routes it links to. */
export function setUp(role: Role, position: Position, department: string | null, routes: RouteRecordRaw[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().account = {
    id: 'a', username: 'u', name: 'Zhang', role, position, department, area: '999001', facility: null,
    phone: null, email: null, disabled: false, created_at: '', last_login_at: null,
  }
  const stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      ...routes,
      ...['tips', 'rewards', 'facility-detail', 'campaign-detail', 'tip-detail', 'reward-detail']
        .filter((name) => !routes.some((r) => r.name === name))
        .map((name) => ({ path: `/stub/${name}/:id?`, name, component: stub })),
    ],
  })
  i18n.global.locale.value = 'en'
  return { pinia, router }
}

export function stubObjectUrls() {
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:photo'), revokeObjectURL: vi.fn() }))
}
