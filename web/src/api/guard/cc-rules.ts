import { crud } from '../request'

export interface CcRule {
  id: number
  name: string
  domain_id: number | null
  path: string
  methods: string[]
  key: string
  limit: number
  window_seconds: number
  action: 'reject' | 'ban'
  ban_seconds: number
  status_code?: number
  schedule_id?: number | null
  enabled?: boolean
  version?: number
}

export type CcRuleWrite = Omit<CcRule, 'id' | 'version'>

export const ccRuleApi = crud<CcRule, CcRuleWrite>('guard/cc-rules')
