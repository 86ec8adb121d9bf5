import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { registryApi, type Area } from '@/api/registry'
import { i18n } from '@/i18n'

export interface AreaOption {
  [key: string]: unknown
  value: string
  label: string
  children?: AreaOption[]
}

/** The district's areas (sub-districts and communities), loaded once per session. */
export const useAreasStore = defineStore('areas', () => {
  const areas = ref<Area[]>([])
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  const byCode = computed(() => new Map(areas.value.map((area) => [area.code, area])))
  const subdistricts = computed(() => areas.value.filter((area) => area.level === 'subdistrict'))

  function communitiesOf(subdistrictCode: string): Area[] {
    return areas.value.filter((area) => area.level === 'community' && area.parent === subdistrictCode)
  }

  function label(area: Area): string {
    return i18n.global.locale.value === 'en' && area.name_en ? area.name_en : area.name_zh
  }

  function areaName(code: string | null | undefined): string {
    if (!code) return '—'
    const area = byCode.value.get(code)
    return area ? label(area) : code
  }

  /** Sub-district → community tree for ElCascader, in the current language. */
  const cascaderOptions = computed<AreaOption[]>(() =>
    subdistricts.value.map((sub) => ({
      value: sub.code,
      label: label(sub),
      children: communitiesOf(sub.code).map((community) => ({ value: community.code, label: label(community) })),
    })),
  )

  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve()
    if (pending) return pending
    pending = registryApi
      .areas()
      .then((list) => {
        areas.value = list.map((area) => ({ ...area, parent: area.parent ?? (area as { parent_code?: string | null }).parent_code ?? null }))
        loaded.value = true
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  return { areas, loaded, byCode, subdistricts, communitiesOf, areaName, cascaderOptions, load }
})
