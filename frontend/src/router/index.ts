import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Position, Role } from '@/api/types'
import { setSessionExpiredHandler, useAuthStore } from '@/stores/auth'
import {
  CUSTODIAN_PAGES, DELIVERY_LOG_POSITIONS, DELIVERY_LOG_ROLES, FACILITY_ADMIN_ROLES, REWARD_ROLES, TIP_ROLES,
  allowedBy, landingPath,
} from './permissions'
import { i18n } from '@/i18n'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean
    /** Only these roles; others get the forbidden page. */
    roles?: readonly Role[]
    /** For the roles named here, only these positions (e.g. civil affairs: head only). */
    positions?: Partial<Record<Role, readonly Position[]>>
    /** i18n key of the page title. */
    title?: string
    /** Which menu entry to highlight. */
    menu?: 'home' | 'facilities' | 'accounts' | 'campaigns' | 'checklists' | 'tasks' | 'selfCheck'
      | 'ledger' | 'supervision' | 'myHazards' | 'plans' | 'deliveries' | 'notificationSettings' | 'tips' | 'rewards'
  }
}

const ALL_BUT_FACILITY: readonly Role[] = [
  'civil_affairs', 'fire', 'emergency', 'police', 'health', 'housing', 'market',
  'subdistrict', 'community', 'task_force', 'admin',
]

/** Issue 3: campaigns, checklists, tasks, classification, survey report, self-check. */
const inspectionRoutes: RouteRecordRaw[] = [
  { path: 'campaigns', name: 'campaigns', component: () => import('@/views/inspection/CampaignListView.vue'),
    meta: { title: 'inspection.campaigns.title', menu: 'campaigns', roles: ALL_BUT_FACILITY } },
  { path: 'campaigns/:id', name: 'campaign-detail', component: () => import('@/views/inspection/CampaignDetailView.vue'),
    props: true, meta: { title: 'inspection.campaign.title', menu: 'campaigns', roles: ALL_BUT_FACILITY } },
  { path: 'campaigns/:id/classification', name: 'campaign-classification',
    component: () => import('@/views/inspection/ClassificationView.vue'),
    props: true, meta: { title: 'inspection.classification.title', menu: 'campaigns', roles: ALL_BUT_FACILITY } },
  { path: 'campaigns/:id/report', name: 'campaign-report', component: () => import('@/views/inspection/SurveyReportView.vue'),
    props: true, meta: { title: 'inspection.report.title', menu: 'campaigns', roles: ALL_BUT_FACILITY } },
  { path: 'checklists', name: 'checklists', component: () => import('@/views/inspection/ChecklistListView.vue'),
    meta: { title: 'inspection.checklists.title', menu: 'checklists', roles: ALL_BUT_FACILITY } },
  { path: 'checklists/:id', name: 'checklist-editor', component: () => import('@/views/inspection/ChecklistEditorView.vue'),
    props: true, meta: { title: 'inspection.checklist.title', menu: 'checklists', roles: ALL_BUT_FACILITY } },
  { path: 'checklist-versions/:versionId', name: 'checklist-version',
    component: () => import('@/views/inspection/ChecklistVersionView.vue'),
    props: true, meta: { title: 'inspection.checklist.versionTitle', menu: 'checklists', roles: ALL_BUT_FACILITY } },
  { path: 'tasks', name: 'tasks', component: () => import('@/views/inspection/TaskBoardView.vue'),
    meta: { title: 'inspection.tasks.title', menu: 'tasks', roles: ALL_BUT_FACILITY } },
  { path: 'self-check', name: 'self-check', component: () => import('@/views/inspection/SelfCheckView.vue'),
    meta: { title: 'inspection.selfCheck.title', menu: 'selfCheck', roles: ['facility'] } },
]

/**
 * Issue 4: the hazard ledger, hazard detail, supervision board, a facility manager's own hazards, facility plans
 * (一院一策) and relocation (安置).
 */
const rectificationRoutes: RouteRecordRaw[] = [
  { path: 'ledger', name: 'ledger', component: () => import('@/views/rectification/LedgerView.vue'),
    meta: { title: 'rectification.ledger.title', menu: 'ledger', roles: ALL_BUT_FACILITY } },
  { path: 'hazards/:id', name: 'hazard-detail', component: () => import('@/views/rectification/HazardDetailView.vue'),
    props: true, meta: { title: 'rectification.detail.title', menu: 'ledger' } },
  { path: 'supervision', name: 'supervision', component: () => import('@/views/rectification/SupervisionBoardView.vue'),
    meta: { title: 'rectification.supervision.title', menu: 'supervision', roles: ALL_BUT_FACILITY } },
  { path: 'my-hazards', name: 'my-hazards', component: () => import('@/views/rectification/MyHazardsView.vue'),
    meta: { title: 'rectification.my.title', menu: 'myHazards', roles: ['facility'] } },
  { path: 'plans', name: 'plans', component: () => import('@/views/rectification/PlanListView.vue'),
    meta: { title: 'rectification.plan.listTitle', menu: 'plans', roles: ALL_BUT_FACILITY } },
  // ?campaign= names the campaign whose plan is meant (a plan per facility and campaign).
  { path: 'facilities/:facilityId/plan', name: 'facility-plan', component: () => import('@/views/rectification/PlanView.vue'),
    props: (route) => ({ facilityId: String(route.params.facilityId), campaign: route.query.campaign ? String(route.query.campaign) : undefined }),
    meta: { title: 'rectification.plan.title', menu: 'plans', roles: ALL_BUT_FACILITY } },
  // A facility manager may record their own residents' relocation (the registry allows it), so no role list here.
  { path: 'facilities/:facilityId/relocation', name: 'facility-relocation',
    component: () => import('@/views/rectification/RelocationView.vue'),
    props: true, meta: { title: 'rectification.relocation.title', menu: 'plans' } },
]

/** Issue 5: the inbox (everyone), the delivery log, notification settings (admin). */
const notificationRoutes: RouteRecordRaw[] = [
  { path: 'notification/inbox', name: 'inbox', component: () => import('@/views/notification/InboxView.vue'),
    meta: { title: 'notification.inbox.title' } },
  { path: 'notification/deliveries', name: 'deliveries',
    component: () => import('@/views/notification/DeliveryLogView.vue'),
    meta: { title: 'notification.deliveries.title', menu: 'deliveries', roles: DELIVERY_LOG_ROLES,
      positions: DELIVERY_LOG_POSITIONS } },
  { path: 'notification/settings', name: 'notification-settings',
    component: () => import('@/views/notification/SettingsView.vue'),
    meta: { title: 'notification.settings.title', menu: 'notificationSettings', roles: ['admin'] } },
]

/** Issue 6: the tip triage queue and detail, rewards (the reward rule card sits on the rewards page). */
const tipRoutes: RouteRecordRaw[] = [
  { path: 'tips', name: 'tips', component: () => import('@/views/tips/TipQueueView.vue'),
    meta: { title: 'tips.queue.title', menu: 'tips', roles: TIP_ROLES } },
  { path: 'tips/:id', name: 'tip-detail', component: () => import('@/views/tips/TipDetailView.vue'),
    props: true, meta: { title: 'tips.detail.title', menu: 'tips', roles: TIP_ROLES } },
  { path: 'rewards', name: 'rewards', component: () => import('@/views/tips/RewardListView.vue'),
    meta: { title: 'tips.rewards.title', menu: 'rewards', roles: REWARD_ROLES } },
  { path: 'rewards/:id', name: 'reward-detail', component: () => import('@/views/tips/RewardDetailView.vue'),
    props: true, meta: { title: 'tips.rewards.detailTitle', menu: 'rewards', roles: REWARD_ROLES } },
]

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/auth/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  // The inspection form is a full-screen phone page (no side menu).
  {
    path: '/inspect/:id',
    name: 'inspection-form',
    component: () => import('@/views/inspection/InspectionFormView.vue'),
    props: true,
    meta: { title: 'inspection.form.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: 'menu.home', menu: 'home' } },
      {
        path: 'facilities',
        name: 'facilities',
        component: () => import('@/views/registry/FacilityListView.vue'),
        meta: { title: 'facilityList.title', menu: 'facilities', roles: ALL_BUT_FACILITY },
      },
      {
        path: 'facilities/new',
        name: 'facility-create',
        component: () => import('@/views/registry/FacilityFormView.vue'),
        meta: { title: 'facilityForm.createTitle', menu: 'facilities', roles: FACILITY_ADMIN_ROLES },
      },
      {
        path: 'facilities/import',
        name: 'facility-import',
        component: () => import('@/views/registry/FacilityImportView.vue'),
        meta: { title: 'importPage.title', menu: 'facilities', roles: FACILITY_ADMIN_ROLES },
      },
      {
        path: 'facilities/:id',
        name: 'facility-detail',
        component: () => import('@/views/registry/FacilityDetailView.vue'),
        props: true,
        meta: { title: 'facilityDetail.title', menu: 'facilities' },
      },
      {
        path: 'facilities/:id/edit',
        name: 'facility-edit',
        component: () => import('@/views/registry/FacilityFormView.vue'),
        props: true,
        meta: { title: 'facilityForm.editTitle', menu: 'facilities', roles: FACILITY_ADMIN_ROLES },
      },
      {
        path: 'accounts',
        name: 'accounts',
        component: () => import('@/views/accounts/AccountListView.vue'),
        meta: { title: 'accounts.title', menu: 'accounts', roles: ['admin'] },
      },
      ...inspectionRoutes,
      ...rectificationRoutes,
      ...notificationRoutes,
      ...tipRoutes,
      {
        path: 'forbidden',
        name: 'forbidden',
        component: () => import('@/views/ErrorView.vue'),
        props: { kind: 'forbidden' },
        meta: { title: 'errors.forbiddenPage' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/ErrorView.vue'),
        props: { kind: 'not-found' },
        meta: { title: 'errors.notFoundPage' },
      },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach((to) => {
  const auth = useAuthStore()
  if (to.meta.public) {
    if (to.name === 'login' && auth.isAuthenticated) return landingPath(auth.role, auth.account?.facility)
    return true
  }
  if (!auth.isAuthenticated) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  const role = auth.role
  // A facility manager works on their own facility: the list is not theirs to browse.
  if (role === 'facility' && to.name === 'facilities' && auth.account?.facility) {
    return landingPath(role, auth.account.facility)
  }
  // The reward custodian's desk is its home and its rewards alone: every other page is forbidden.
  if (role === 'reward_custodian' && !CUSTODIAN_PAGES.includes(String(to.name))) {
    return { name: 'forbidden' }
  }
  if ((to.meta.roles || to.meta.positions) && !allowedBy(to.meta.roles, to.meta.positions, role, auth.position)) {
    return { name: 'forbidden' }
  }
  return true
})

router.afterEach((to) => {
  const appTitle = i18n.global.t('app.title')
  document.title = to.meta.title ? `${i18n.global.t(to.meta.title)} · ${appTitle}` : appTitle
})

setSessionExpiredHandler(() => {
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } })
  }
})
