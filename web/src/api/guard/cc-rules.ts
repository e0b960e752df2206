import { crud } from '../request'
import type { Schema } from '../types'

export type CcRule = Schema<'CcRuleRead'>
export type CcRuleWrite = Schema<'CcRuleCreate'>

export const ccRuleApi = crud<CcRule, CcRuleWrite, Schema<'CcRuleUpdate'>>('guard/cc-rules')
