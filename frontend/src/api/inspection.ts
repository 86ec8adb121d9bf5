/**
 * The inspection service (services/inspection/DESIGN.md): checklists, campaigns, tasks, inspections,
 * photos, classification and the survey report. Every route is under `/api/inspection`.
 */
import { http, request, type Query } from './http'
import type { Page } from './types'
import type {
  TaskStatus,
  FacilityClass,
  ChecklistSummary,
  ChecklistDetail,
  ChecklistVersionPublic,
  ChecklistCreate,
  DraftInput,
  MajorHazardCriterion,
  CampaignSummary,
  Campaign,
  CampaignInput,
  Coverage,
  CampaignTarget,
  Task,
  TaskInput,
  InspectorAccount,
  TaskQuery,
  InspectionCreate,
  AnswerInput,
  InspectionPublic,
  InspectionQuery,
  PhotoPublic,
  Classification,
  SurveyReport,
} from './inspectionTypes'

export * from './inspectionTypes'

// ---- client -------------------------------------------------------------------------------------

const base = '/inspection'
const enc = encodeURIComponent
const campaign = (id: string) => `${base}/campaigns/${enc(id)}`
const inspection = (id: string) => `${base}/inspections/${enc(id)}`

function q(value: object): Query {
  return { ...(value as Query) }
}


export const inspectionApi = {
  // checklists
  checklists: (query: { department?: string; q?: string; page?: number; page_size?: number } = {}) =>
    http.get<Page<ChecklistSummary>>(`${base}/checklists`, q(query)),
  createChecklist: (body: ChecklistCreate) => http.post<ChecklistDetail>(`${base}/checklists`, body),
  checklist: (id: string) => http.get<ChecklistDetail>(`${base}/checklists/${enc(id)}`),
  saveDraft: (id: string, body: DraftInput) => http.put<ChecklistDetail>(`${base}/checklists/${enc(id)}/draft`, body),
  publish: (id: string, note?: string) =>
    http.post<ChecklistVersionPublic>(`${base}/checklists/${enc(id)}/publish`, note ? { note } : {}),
  version: (versionId: string) => http.get<ChecklistVersionPublic>(`${base}/checklist-versions/${enc(versionId)}`),
  currentVersions: async (department?: string) =>
    (await http.get<Page<ChecklistVersionPublic>>(`${base}/checklist-versions`, { department, current: true })).items,
  criteria: async () =>
    (await http.get<Page<MajorHazardCriterion>>(`${base}/major-hazard-criteria`)).items,

  // campaigns
  campaigns: (query: { status?: string; page?: number; page_size?: number } = {}) =>
    http.get<Page<CampaignSummary>>(`${base}/campaigns`, q(query)),
  createCampaign: (body: CampaignInput) => http.post<Campaign>(`${base}/campaigns`, body),
  campaign: (id: string) => http.get<Campaign>(campaign(id)),
  updateCampaign: (id: string, body: Partial<CampaignInput>) => http.patch<Campaign>(campaign(id), body),
  coverage: (id: string) => http.get<Coverage>(`${campaign(id)}/coverage`),
  targets: (id: string) => http.get<CampaignTarget[]>(`${campaign(id)}/facilities`),
  setTarget: (id: string, facilityId: string, included: boolean, reason: string) =>
    http.patch<CampaignTarget>(`${campaign(id)}/facilities/${enc(facilityId)}`, { included, reason }),

  // tasks
  tasks: (query: TaskQuery = {}) => http.get<Page<Task>>(`${base}/tasks`, q(query)),
  createTask: (body: TaskInput) => http.post<Task>(`${base}/tasks`, body),
  updateTask: (id: string, body: Partial<TaskInput> & { status?: TaskStatus }) =>
    http.patch<Task>(`${base}/tasks/${enc(id)}`, body),
  /** The accounts a task may be given to: a department's active accounts around the caller's area. */
  inspectors: (query: { department?: string; q?: string; page?: number; page_size?: number } = {}) =>
    http.get<Page<InspectorAccount>>(`${base}/inspectors`, q(query)),

  // inspections
  createInspection: (body: InspectionCreate, idempotencyKey?: string) =>
    request<InspectionPublic>(`${base}/inspections`, {
      method: 'POST',
      json: body,
      headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined,
    }),
  inspections: (query: InspectionQuery = {}) => http.get<Page<InspectionPublic>>(`${base}/inspections`, q(query)),
  inspection: (id: string) => http.get<InspectionPublic>(inspection(id)),
  saveAnswers: (id: string, answers: AnswerInput[]) =>
    http.put<InspectionPublic>(`${inspection(id)}/answers`, { answers }),
  acknowledge: (id: string, name: string) => http.post<InspectionPublic>(`${inspection(id)}/acknowledge`, { name }),
  submit: (id: string, idempotencyKey: string) =>
    request<InspectionPublic>(`${inspection(id)}/submit`, {
      method: 'POST',
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  amend: (id: string, reason: string, answers: AnswerInput[]) =>
    http.post<InspectionPublic>(`${inspection(id)}/amendments`, { reason, answers }),
  uploadPhoto: (file: Blob, filename = 'photo.jpg') => {
    const form = new FormData()
    form.append('file', file, filename)
    return http.upload<PhotoPublic>(`${base}/photos`, form)
  },
  /** The photo itself (with the session's token), for thumbnails. */
  photo: (id: string) => http.download(`${base}/photos/${enc(id)}`),

  // classification and report
  classifications: (id: string) => http.get<Classification[]>(`${campaign(id)}/classifications`),
  classify: (id: string, facilityId: string, body: { class: FacilityClass; reason: string }) =>
    http.post<Classification>(`${campaign(id)}/classifications/${enc(facilityId)}`, body),
  surveyReport: (id: string) => http.get<SurveyReport>(`${campaign(id)}/survey-report`),
  surveyReportXlsx: (id: string) => http.download(`${campaign(id)}/survey-report.xlsx`),
  surveyReportHtml: (id: string) => http.download(`${campaign(id)}/survey-report.html`),
}
