import { isCidr, isHeaderName } from '@/utils/validators'

/** The condition grammar the data plane accepts (fields, their operators and value checks). */
export const FIELDS = ['ip', 'ip_set', 'country', 'path', 'method', 'header', 'user_agent', 'arg'] as const
export type Field = (typeof FIELDS)[number]
const EXACT_ONLY: Field[] = ['ip', 'ip_set', 'country', 'method']
export const opsFor = (f: Field) => (EXACT_ONLY.includes(f) ? ['eq', 'in'] : ['eq', 'prefix', 'contains', 'regex', 'in'])
export const needsName = (f: Field) => f === 'header' || f === 'arg'

export interface ConditionRow {
  field: Field
  op: string
  name: string
  value: string
}

const split = (v: string) => v.split(/[\n,]+/).map((s) => s.trim()).filter(Boolean)

const CHECK: Partial<Record<Field, (v: string) => boolean>> = {
  ip: isCidr,
  ip_set: (v) => /^\d{1,10}$/.test(v),
  country: (v) => /^[a-z]{2}$/i.test(v),
  method: (v) => /^[A-Z]{1,20}$/.test(v),
}

export function conditionError(c: ConditionRow): string | null {
  if (!opsFor(c.field).includes(c.op)) return 'acl.badOp'
  if (needsName(c.field) && !isHeaderName(c.name)) return 'acl.badName'
  const values = c.op === 'in' ? split(c.value) : [c.value.trim()]
  if (values.length === 0 || values.some((v) => !v)) return 'validation.required'
  const check = CHECK[c.field]
  if (check && !values.every(check)) return `acl.badValue.${c.field}`
  return null
}

export function toApi(c: ConditionRow) {
  return { field: c.field, op: c.op, ...(needsName(c.field) ? { name: c.name } : {}), value: c.op === 'in' ? split(c.value) : c.value.trim() }
}

export function fromApi(c: { field: string; op: string; name?: string | null; value: string | string[] }): ConditionRow {
  return { field: c.field as Field, op: c.op, name: c.name ?? '', value: Array.isArray(c.value) ? c.value.join(', ') : c.value }
}
