/**
 * Shapes shared by several API modules. Every shape of server data is an alias of `schema.d.ts`, which is
 * generated from the platform's merged OpenAPI document (`make api-types`; `make lint` fails when it is stale):
 * never type a server answer by hand.
 */
import type { components, paths } from './schema'

/** Every schema of the merged OpenAPI document, by name (e.g. `Schemas['FacilityPublic']`). */
export type Schemas = components['schemas']

/** The query parameters of a GET operation, e.g. `QueryOf<'/api/registry/facilities'>`. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never

/** A numbered page of any list (every `…Page` schema has this shape). */
export type Page<T> = Omit<Schemas['FacilityPage'], 'items'> & { items: T[] }

export const ROLES = [
  'civil_affairs',
  'fire',
  'emergency',
  'police',
  'health',
  'housing',
  'market',
  'subdistrict',
  'community',
  'task_force',
  'facility',
  'admin',
  'reward_custodian',
] as const satisfies readonly Role[]
/** Every role the server knows; `city_platform` is the city's machine client (an API client, no person). */
export type Role = Schemas['Role']

export const DEPARTMENT_ROLES = ['civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market'] as const

export type Position = Schemas['Position']

/** The positions each role may hold (ARCHITECTURE.md, "Identity"). */
export const POSITIONS_BY_ROLE: Record<Role, Position[]> = {
  civil_affairs: ['staff', 'head'],
  fire: ['staff', 'head'],
  emergency: ['staff', 'head'],
  police: ['staff', 'head'],
  health: ['staff', 'head'],
  housing: ['staff', 'head'],
  market: ['staff', 'head'],
  subdistrict: ['officer', 'head'],
  community: ['officer', 'head'],
  task_force: ['leader', 'deputy', 'member'],
  facility: ['manager'],
  admin: ['staff'],
  // 奖励资金保管人: a role of its own (least privilege) that alone reads a reporter's contact and records payouts.
  reward_custodian: ['custodian'],
  city_platform: ['client'],
}

export type AreaLevel = Schemas['AreaCreate']['level']

/** Which level of area an account of this role is scoped to. */
export const AREA_LEVEL_BY_ROLE: Record<Role, AreaLevel> = {
  civil_affairs: 'district',
  fire: 'district',
  emergency: 'district',
  police: 'district',
  health: 'district',
  housing: 'district',
  market: 'district',
  subdistrict: 'subdistrict',
  community: 'community',
  task_force: 'district',
  facility: 'community',
  admin: 'district',
  reward_custodian: 'district',
  city_platform: 'district',
}

export const DISTRICT_CODE = '999001'

/** Whether a value the server sends as a plain string is one of a known list (narrows it to the list's type). */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value)
}

/** The values of a list the server sends as plain strings that are one of a known list. */
export function onlyOf<T extends string>(values: readonly T[], given: readonly string[]): T[] {
  return given.filter((value): value is T => isOneOf(values, value))
}

/** A plain string from the server as one of a known list, or null when it is none of them. */
export function asOneOf<T extends string>(values: readonly T[], value: unknown): T | null {
  return isOneOf(values, value) ? value : null
}
