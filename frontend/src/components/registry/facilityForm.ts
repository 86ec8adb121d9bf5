import { OWNERSHIPS, STRUCTURES, type Facility, type FacilityInput, type Ownership, type Structure } from '@/api/registry'
import { asOneOf } from '@/api/types'
import { normalizeUscc } from '@/utils/uscc'

/** What the facility form edits: the cascader path stands in for the two area codes. */
export interface FacilityFormModel {
  name: string
  uscc: string
  ownership: Ownership | ''
  address: string
  area: string[]
  latitude: number | null
  longitude: number | null
  legal_representative: string
  legal_representative_phone: string
  manager: string
  manager_phone: string
  licensed_beds: number | null
  building: {
    floors: number | null
    height_m: number | null
    structure: Structure | null
    floor_area_m2: number | null
    year_built: number | null
  }
}

export function emptyFacilityModel(): FacilityFormModel {
  return {
    name: '',
    uscc: '',
    ownership: '',
    address: '',
    area: [],
    latitude: null,
    longitude: null,
    legal_representative: '',
    legal_representative_phone: '',
    manager: '',
    manager_phone: '',
    licensed_beds: null,
    building: { floors: null, height_m: null, structure: null, floor_area_m2: null, year_built: null },
  }
}

export function facilityModelFrom(facility: Facility): FacilityFormModel {
  return {
    name: facility.name,
    uscc: facility.uscc,
    ownership: asOneOf(OWNERSHIPS, facility.ownership) ?? '',
    address: facility.address,
    area: [facility.subdistrict_code, facility.community_code].filter(Boolean),
    latitude: facility.latitude ?? null,
    longitude: facility.longitude ?? null,
    legal_representative: facility.legal_representative ?? '',
    legal_representative_phone: facility.legal_representative_phone ?? '',
    manager: facility.manager ?? '',
    manager_phone: facility.manager_phone ?? '',
    licensed_beds: facility.licensed_beds ?? null,
    building: {
      floors: facility.building?.floors ?? null,
      height_m: facility.building?.height_m ?? null,
      structure: asOneOf(STRUCTURES, facility.building?.structure),
      floor_area_m2: facility.building?.floor_area_m2 ?? null,
      year_built: facility.building?.year_built ?? null,
    },
  }
}

/** The body the API takes, from the form. */
export function toFacilityInput(model: FacilityFormModel): FacilityInput {
  const text = (value: string) => value.trim()
  return {
    name: text(model.name),
    uscc: normalizeUscc(model.uscc),
    ownership: model.ownership as Ownership,
    address: text(model.address),
    subdistrict_code: model.area[0] ?? '',
    community_code: model.area[1] ?? '',
    latitude: model.latitude,
    longitude: model.longitude,
    legal_representative: text(model.legal_representative),
    legal_representative_phone: text(model.legal_representative_phone),
    manager: text(model.manager),
    manager_phone: text(model.manager_phone),
    licensed_beds: model.licensed_beds ?? 0,
    building: { ...model.building },
  }
}

/** PATCH sends only what changed (the building as a whole when any of it changed). */
export function facilityChanges(next: FacilityInput, before: FacilityInput): Partial<FacilityInput> {
  const diff: Partial<FacilityInput> = {}
  for (const key of Object.keys(next) as (keyof FacilityInput)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(before[key])) {
      ;(diff as Record<string, unknown>)[key] = next[key]
    }
  }
  return diff
}

/** Every prop a server error may name; subdistrict/community codes both show under the area picker. */
export const FACILITY_ERROR_PROPS = [
  'name', 'uscc', 'ownership', 'address', 'subdistrict_code', 'community_code', 'latitude', 'longitude',
  'legal_representative', 'legal_representative_phone', 'manager', 'manager_phone', 'licensed_beds',
  'building', 'building.floors', 'building.height_m', 'building.structure', 'building.floor_area_m2',
  'building.year_built', 'over_capacity_reason',
]
