import { crud } from '../request'

export interface AclCondition {
  field: string
  op: string
  value: string
}

export interface AclRule {
  id: number
  name: string
  domain_id: number | null
  priority: number
  action: 'allow' | 'deny' | 'log'
  conditions: AclCondition[]
  schedule_id?: number | null
  enabled?: boolean
  version?: number
}

export type AclRuleWrite = Omit<AclRule, 'id' | 'version'>

export const aclRuleApi = crud<AclRule, AclRuleWrite>('guard/acl-rules')
