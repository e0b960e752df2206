import { http } from '../request'

export interface LoginBody {
  username: string
  password: string
  captcha_id?: string
  captcha_code?: string
}

export interface UserInfo {
  id: number
  username: string
  display_name?: string
  email?: string | null
  oem_id?: number
  role_id?: number
  role_name?: string
  is_platform_admin?: boolean
  permissions?: string[]
}

export interface Branding {
  name: string
  logo_url?: string | null
  primary_color: string
  secondary_color: string
  captcha_enabled?: boolean
}

export interface Me {
  user: UserInfo
  permissions: string[]
  oem?: Partial<Branding> & { id?: number; hostname?: string }
  branding?: Partial<Branding>
}

export interface Captcha {
  captcha_id: string
  image: string
}

export const authApi = {
  // Login errors (wrong password, locked, bad captcha) are shown inside the form, not as toasts.
  login: (body: LoginBody) => http.post<{ token: string; expires_at: string; user: UserInfo }>('sys/login', body, { silent: true }),
  logout: () => http.post<null>('sys/logout', undefined, { silent: true }),
  me: () => http.get<Me>('sys/me'),
  captcha: () => http.get<Captcha>('sys/captcha', undefined, { silent: true }),
  branding: () => http.get<Branding>('sys/branding', undefined, { silent: true }),
  changePassword: (body: { old_password: string; new_password: string }) => http.post<null>('sys/password', body),
  permissions: () => http.get<PermissionGroup[]>('sys/permissions'),
}

export interface PermissionItem {
  key: string
  module: string
  description: string
  platform_only?: boolean
}

export interface PermissionGroup {
  module: string
  permissions: Omit<PermissionItem, 'module'>[]
}
