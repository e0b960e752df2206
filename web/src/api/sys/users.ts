import { crud, http } from '../request'
import type { Schema } from '../types'

export type User = Schema<'UserRead'>
export type UserWrite = Schema<'UserCreate'>
export type UserUpdate = Schema<'UserUpdate'>

export const userApi = {
  ...crud<User, UserWrite, UserUpdate>('sys/users'),
  unlock: (id: number) => http.post<User>(`sys/users/${id}/unlock`),
}
