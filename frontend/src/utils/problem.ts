import type { ApiFieldError } from '@/api/http'

/** Location prefixes FastAPI / pydantic put in front of a field path. */
const LOCATIONS = new Set(['body', 'query', 'path', 'header', 'cookie', 'form', 'file'])

/**
 * The form prop a server field path refers to: the location prefix dropped, the nested path kept.
 * `body.uscc` → `uscc`; `body.building.floors` → `building.floors`; `query.page` → `page`.
 */
export function fieldPath(field: string): string {
  const parts = field.split('.').filter((part) => part !== '')
  if (parts.length > 1 && LOCATIONS.has(parts[0]!)) parts.shift()
  return parts.join('.')
}

export interface MappedErrors {
  /** Messages for form props that exist, keyed by prop path (first message wins). */
  fields: Record<string, string>
  /** Errors that match no form prop, to be shown elsewhere (a message box). */
  unmatched: ApiFieldError[]
}

/**
 * Map a problem's `errors[]` onto form props. When `knownProps` is given, only those props are matched
 * (a nested path also matches its nearest known ancestor, e.g. `building.floors.0` → `building.floors`).
 */
export function problemToFormErrors(
  errors: readonly ApiFieldError[] | null | undefined,
  knownProps?: Iterable<string>,
): MappedErrors {
  const known = knownProps ? new Set(knownProps) : null
  const fields: Record<string, string> = {}
  const unmatched: ApiFieldError[] = []
  for (const error of errors ?? []) {
    let path = fieldPath(error.field ?? '')
    if (known) {
      while (path && !known.has(path)) {
        const cut = path.lastIndexOf('.')
        path = cut < 0 ? '' : path.slice(0, cut)
      }
    }
    if (!path) {
      unmatched.push(error)
      continue
    }
    if (!(path in fields)) fields[path] = error.reason
  }
  return { fields, unmatched }
}
