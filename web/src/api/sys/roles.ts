import { crud } from '../request'

export interface Role {
  id: number
  name: string
  code?: string | null
  description: string
  builtin: boolean
  permissions: string[]
  user_count?: number
}

export type RoleWrite = Pick<Role, 'name' | 'description' | 'permissions'>

export const roleApi = crud<Role, RoleWrite>('sys/roles')
