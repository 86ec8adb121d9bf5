import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { FormItemRule, FormRules } from 'element-plus'
import { usccProblem } from '@/utils/uscc'
import { chinaYear } from './useBusinessClock'

type Validator = NonNullable<FormItemRule['validator']>

/** Same pattern as the server (eldersafe_common.validation.Phone). */
const PHONE = /^[0-9+\-() ]{5,20}$/

/** Client rules for the facility form; the server re-checks all of them. */
export function useFacilityFormRules() {
  const { t } = useI18n()

  const required = (field: string, trigger: 'blur' | 'change' = 'blur'): FormItemRule => ({
    required: true,
    whitespace: true,
    message: t('validation.required', { field: t(field) }),
    trigger,
  })

  const usccValidator: Validator = (_rule, value, callback) => {
    const problem = usccProblem(String(value ?? ''))
    if (!problem) return callback()
    if (problem === 'empty') return callback(new Error(t('validation.required', { field: t('facility.uscc') })))
    const key = { length: 'validation.usccLength', charset: 'validation.usccCharset', check: 'validation.usccCheck' }[problem]
    callback(new Error(t(key)))
  }

  const phoneValidator: Validator = (_rule, value, callback) =>
    !value || PHONE.test(String(value).trim()) ? callback() : callback(new Error(t('validation.phone')))

  const areaValidator: Validator = (_rule, value, callback) => {
    const codes = Array.isArray(value) ? value : []
    if (!codes.length) return callback(new Error(t('validation.select', { field: t('facility.area') })))
    if (codes.length < 2) return callback(new Error(t('validation.community')))
    callback()
  }

  function intMin(field: string, min: number, isRequired = false): Validator {
    return (_rule, value, callback) => {
      if (value === null || value === undefined || value === '') {
        return isRequired ? callback(new Error(t('validation.required', { field: t(field) }))) : callback()
      }
      return Number.isInteger(value) && value >= min
        ? callback()
        : callback(new Error(t('validation.integerMin', { field: t(field), min })))
    }
  }

  function between(field: string, min: number, max: number): Validator {
    return (_rule, value, callback) =>
      value === null || value === undefined || (typeof value === 'number' && value >= min && value <= max)
        ? callback()
        : callback(new Error(t('validation.range', { field: t(field), min, max })))
  }

  const thisYear = chinaYear()

  return computed<FormRules>(() => ({
    name: [required('facility.name'), { max: 200, trigger: 'blur', message: t('validation.range', { field: t('facility.name'), min: 1, max: 200 }) }],
    uscc: [{ validator: usccValidator, trigger: 'blur', required: true }],
    ownership: [required('facility.ownership', 'change')],
    address: [required('facility.address')],
    area: [{ validator: areaValidator, trigger: 'change', required: true }],
    latitude: [{ validator: between('facility.latitude', -90, 90), trigger: 'blur' }],
    longitude: [{ validator: between('facility.longitude', -180, 180), trigger: 'blur' }],
    legal_representative: [required('facility.legalRepresentative')],
    legal_representative_phone: [required('facility.legalRepresentativePhone'), { validator: phoneValidator, trigger: 'blur' }],
    manager: [required('facility.manager')],
    manager_phone: [required('facility.managerPhone'), { validator: phoneValidator, trigger: 'blur' }],
    licensed_beds: [{ validator: intMin('facility.licensedBeds', 0, true), trigger: 'blur', required: true }],
    'building.floors': [{ validator: intMin('facility.floors', 1), trigger: 'blur' }],
    'building.height_m': [{ validator: between('facility.heightM', 0, 500), trigger: 'blur' }],
    'building.floor_area_m2': [{ validator: between('facility.floorAreaM2', 0, 10_000_000), trigger: 'blur' }],
    'building.year_built': [{ validator: between('facility.yearBuilt', 1900, thisYear), trigger: 'blur' }],
  }))
}
