import { crud, http, type Page } from '../request'
import type { Schema } from '../types'

export type Exclusion = Schema<'Exclusion'>
export type Policy = Schema<'PolicyRead'>
export type PolicyWrite = Schema<'PolicyCreate'>
export type RuleGroup = Schema<'RuleGroupRead'>

export const policyApi = {
  ...crud<Policy, PolicyWrite, Schema<'PolicyUpdate'>>('guard/policies'),
  ruleGroups: () => http.get<Page<RuleGroup>>('guard/rule-groups', { page_size: 500 }, { silent: true }),
}
