import { crud, http } from '../request'

export interface User {
  id: number
  username: string
  display_name: string
  email: string | null
  role_id: number
  role_name?: string
  oem_id?: number
  enabled: boolean
  locked?: boolean
  locked_until?: string | null
  last_login_at?: string | null
  created_at?: string
}

export interface UserWrite {
  username?: string
  display_name: string
  email?: string | null
  role_id: number
  enabled: boolean
  password?: string
  oem_id?: number
}

export const userApi = {
  ...crud<User, UserWrite>('sys/users'),
  unlock: (id: number) => http.post<null>(`sys/users/${id}/unlock`),
}
