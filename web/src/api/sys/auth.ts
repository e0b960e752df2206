import { http } from '../request'
import type { Schema } from '../types'

export type LoginBody = Schema<'LoginRequest'>
export type UserInfo = Schema<'UserRead'>
export type Branding = Schema<'BrandingRead'>
export type Me = Schema<'MeRead'>
export type Captcha = Schema<'CaptchaRead'>
export type PermissionGroup = Schema<'PermissionGroup'>
/** A catalogue entry with its module, as the permission picker lists it. */
export type PermissionItem = Schema<'PermissionRead'> & { module: string }

export const authApi = {
  // Login errors (wrong password, locked, bad captcha) are shown inside the form, not as toasts.
  login: (body: LoginBody) => http.post<Schema<'LoginRead'>>('sys/login', body, { silent: true }),
  logout: () => http.post<null>('sys/logout', undefined, { silent: true }),
  me: () => http.get<Me>('sys/me'),
  captcha: () => http.get<Captcha>('sys/captcha', undefined, { silent: true }),
  branding: () => http.get<Branding>('sys/branding', undefined, { silent: true }),
  changePassword: (body: Schema<'PasswordChange'>) => http.post<null>('sys/password', body),
  // Descriptions come in the language of the request's Accept-Language (the UI language).
  permissions: () => http.get<PermissionGroup[]>('sys/permissions'),
}
