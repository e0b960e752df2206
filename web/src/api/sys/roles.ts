import { crud } from '../request'
import type { Schema } from '../types'

export type Role = Schema<'RoleRead'>
export type RoleWrite = Schema<'RoleCreate'>

export const roleApi = crud<Role, RoleWrite, Schema<'RoleUpdate'>>('sys/roles')
