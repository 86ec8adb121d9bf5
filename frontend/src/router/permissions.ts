import type { Position, Role } from '@/api/types'

/** Who may register, import, export and edit facilities. */
export const FACILITY_ADMIN_ROLES: readonly Role[] = ['civil_affairs', 'admin']

export function canManageFacilities(role: Role | null | undefined): boolean {
  return !!role && FACILITY_ADMIN_ROLES.includes(role)
}

/** Status changes: civil affairs, the task force leader or deputy, the administrator. */
export function canChangeStatus(role: Role | null | undefined, position: Position | null | undefined): boolean {
  if (!role) return false
  if (role === 'civil_affairs' || role === 'admin') return true
  return role === 'task_force' && (position === 'leader' || position === 'deputy')
}

/** Readiness (plan, drills, equipment): civil affairs, the administrator, and the facility itself. */
export function canEditReadiness(role: Role | null | undefined): boolean {
  return role === 'civil_affairs' || role === 'admin' || role === 'facility'
}

export interface MenuItem {
  key: 'home' | 'facilities' | 'accounts'
  /** i18n key of the label */
  label: string
  path: string
  icon: 'HomeFilled' | 'OfficeBuilding' | 'User'
}

/**
 * The side menu for a role. Everyone sees home and facilities; a facility manager's "facilities" entry
 * opens their own facility; only the administrator sees account management.
 */
export function menuForRole(role: Role | null | undefined, facilityId?: string | null): MenuItem[] {
  if (!role) return []
  const items: MenuItem[] = [{ key: 'home', label: 'menu.home', path: '/', icon: 'HomeFilled' }]
  if (role === 'facility') {
    if (facilityId) {
      items.push({
        key: 'facilities',
        label: 'menu.myFacility',
        path: `/facilities/${encodeURIComponent(facilityId)}`,
        icon: 'OfficeBuilding',
      })
    }
  } else {
    items.push({ key: 'facilities', label: 'menu.facilities', path: '/facilities', icon: 'OfficeBuilding' })
  }
  if (role === 'admin') items.push({ key: 'accounts', label: 'menu.accounts', path: '/accounts', icon: 'User' })
  return items
}

/** Where a user lands after logging in. */
export function landingPath(role: Role | null | undefined, facilityId?: string | null): string {
  if (role === 'facility' && facilityId) return `/facilities/${encodeURIComponent(facilityId)}`
  return '/'
}
