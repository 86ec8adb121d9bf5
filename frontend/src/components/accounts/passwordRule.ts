import type { FormItemRule } from 'element-plus'

/** Mirrors the gateway's policy (eldersafe_gateway.passwords) plus the 128-character schema limit. */
export const passwordOk = (value: string) =>
  value.length >= 10 && value.length <= 128 && /[A-Za-z]/.test(value) && /\d/.test(value)

/** Takes the caller's `t` so the message follows the current locale. */
export function passwordValidator(t: (key: string) => string): NonNullable<FormItemRule['validator']> {
  return (_r, value, cb) => (passwordOk(String(value ?? '')) ? cb() : cb(new Error(t('validation.password'))))
}
