import { crud, http } from '../request'

export interface Exclusion {
  rule_ids: number[]
  path_prefix?: string | null
  target?: string | null
}

export interface Policy {
  id: number
  name: string
  description?: string
  mode: 'block' | 'detect' | 'off'
  profile: 'balanced' | 'strict' | 'paranoid'
  app_exclusions?: string[]
  paranoia_level: number
  inbound_threshold: number
  outbound_threshold: number
  rule_groups: number[]
  exclusions: Exclusion[]
  is_default?: boolean
  version: number
}

export type PolicyWrite = Omit<Policy, 'id' | 'version' | 'is_default'>

export interface RuleGroup {
  id: number
  name: string
  description?: string
  key?: string
}

export const policyApi = {
  ...crud<Policy, PolicyWrite>('guard/policies'),
  ruleGroups: () => http.get<{ items: RuleGroup[] }>('guard/rule-groups', { page_size: 500 }, { silent: true }),
}
