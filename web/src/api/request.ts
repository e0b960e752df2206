/**
 * The one HTTP client of the console. It attaches the session token and the UI language, unwraps
 * the `{code, message, data}` envelope, reports errors by business code (the server already
 * localises `message` from Accept-Language) and hands 401 / 1005 to the session so that the user
 * goes back to the login page. The hooks are injected at start-up so this file stays free of
 * router/store imports and can be unit-tested with a stubbed `fetch`.
 */

export const API_BASE = '/api/v1'

/** Codes that mean "your session is gone": the user must log in again. */
export const SESSION_CODES = new Set([401, 1005])

export class ApiError extends Error {
  constructor(
    public readonly code: number,
    message: string,
    public readonly status: number,
    public readonly retryAfter?: number,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface ClientHooks {
  getToken: () => string | null
  getLocale: () => string
  /** Called once per failed request that ends the session (401 / 1005). */
  onUnauthorized: (err: ApiError) => void
  /** Shows the error to the user (a toast); skipped for `silent` requests. */
  onError: (err: ApiError) => void
}

const hooks: ClientHooks = {
  getToken: () => null,
  getLocale: () => 'en',
  onUnauthorized: () => {},
  onError: () => {},
}

export function configureClient(partial: Partial<ClientHooks>): void {
  Object.assign(hooks, partial)
}

export type Query = Record<string, string | number | boolean | null | undefined | (string | number)[]>

export interface RequestOptions {
  params?: Query
  body?: unknown
  headers?: Record<string, string>
  /** Do not toast errors: the caller handles them (e.g. optional endpoints, login form). */
  silent?: boolean
  /** Return the raw Response (downloads) instead of the unwrapped envelope. */
  raw?: boolean
  signal?: AbortSignal
}

export function buildUrl(path: string, params?: Query): string {
  const url = path.startsWith('/') ? path : `${API_BASE}/${path}`
  if (!params) return url
  const qs = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    // Empty filters are dropped so that "all" never reaches the server as `status=`.
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) value.forEach((v) => qs.append(key, String(v)))
    else qs.append(key, String(value))
  }
  const s = qs.toString()
  return s ? `${url}?${s}` : url
}

async function parseBody(res: Response): Promise<any> {
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

export async function request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': hooks.getLocale(), ...opts.headers }
  const token = hooks.getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let body: BodyInit | undefined
  if (opts.body instanceof FormData || typeof opts.body === 'string' || opts.body instanceof Blob) {
    body = opts.body
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }

  let res: Response
  try {
    res = await fetch(buildUrl(path, opts.params), { method, headers, body, signal: opts.signal })
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw e
    const err = new ApiError(-1, hooks.getLocale().startsWith('zh') ? '网络错误，无法连接服务器' : 'Network error: the server cannot be reached', 0)
    if (!opts.silent) hooks.onError(err)
    throw err
  }
  if (opts.raw && res.ok) return res as unknown as T

  const payload = await parseBody(res)
  const code: number = typeof payload?.code === 'number' ? payload.code : res.ok ? 0 : res.status
  if (res.ok && code === 0) return (payload && 'data' in payload ? payload.data : payload) as T

  const retry = Number(res.headers.get('Retry-After'))
  const err = new ApiError(code, payload?.message || res.statusText || `HTTP ${res.status}`, res.status, Number.isFinite(retry) && retry > 0 ? retry : undefined)
  // A wrong password is also HTTP 401 (code 1002) but must not end the session: branch on code.
  if (SESSION_CODES.has(code) && token) {
    hooks.onUnauthorized(err)
  } else if (!opts.silent) {
    hooks.onError(err)
  }
  throw err
}

export const http = {
  get: <T>(path: string, params?: Query, opts?: RequestOptions) => request<T>('GET', path, { ...opts, params }),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface PageQuery extends Query {
  page?: number
  page_size?: number
  keyword?: string
}

/** The standard list/get/create/update/delete set of a collection such as `guard/domains`. */
export function crud<T, C = Partial<T>, U = Partial<C>>(base: string) {
  return {
    list: (q: PageQuery = {}, opts?: RequestOptions) => http.get<Page<T>>(base, q, opts),
    get: (id: number) => http.get<T>(`${base}/${id}`),
    create: (body: C) => http.post<T>(base, body),
    // Edits carry the version they started from, so two operators cannot overwrite each other.
    update: (id: number, body: U, version?: number) =>
      http.put<T>(`${base}/${id}`, version !== undefined ? { ...body, version } : body, version !== undefined ? { headers: { 'If-Match': String(version) } } : undefined),
    remove: (id: number) => http.delete<null>(`${base}/${id}`),
  }
}
