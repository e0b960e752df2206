import { crud } from '../request'
import type { Schema } from '../types'

// Two AclRule schemas exist (guard and node ACL policies); openapi-typescript names them by module.
export type AclCondition = Schema<'AclCondition'>
export type AclRule = Schema<'cloudwaf__guard__acl_rules__schemas__AclRuleRead'>
export type AclRuleWrite = Schema<'cloudwaf__guard__acl_rules__schemas__AclRuleCreate'>
export type AclRuleUpdate = Schema<'cloudwaf__guard__acl_rules__schemas__AclRuleUpdate'>

export const aclRuleApi = crud<AclRule, AclRuleWrite, AclRuleUpdate>('guard/acl-rules')
