import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildUrl, configureClient, crud, http } from './request'

function reply(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

describe('request client', () => {
  const fetchMock = vi.fn()
  const onError = vi.fn()
  const onUnauthorized = vi.fn()
  let token: string | null = 'tok-1'

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock)
    token = 'tok-1'
    configureClient({ getToken: () => token, getLocale: () => 'zh-CN', onError, onUnauthorized })
  })
  afterEach(() => {
    fetchMock.mockReset()
    onError.mockReset()
    onUnauthorized.mockReset()
    vi.unstubAllGlobals()
  })

  it('attaches the bearer token and the UI language, and unwraps the envelope', async () => {
    fetchMock.mockResolvedValue(reply(200, { code: 0, message: 'ok', data: { id: 7 } }))
    const data = await http.get<{ id: number }>('guard/domains/7')
    expect(data).toEqual({ id: 7 })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/guard/domains/7')
    expect(init.headers.Authorization).toBe('Bearer tok-1')
    expect(init.headers['Accept-Language']).toBe('zh-CN')
  })

  it('sends JSON bodies and If-Match versions on update', async () => {
    fetchMock.mockResolvedValue(reply(200, { code: 0, message: 'ok', data: { id: 3 } }))
    await crud<{ id: number }>('guard/policies').update(3, { name: 'x' } as any, 5)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/guard/policies/3')
    expect(init.method).toBe('PUT')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.headers['If-Match']).toBe('5')
    expect(JSON.parse(init.body)).toEqual({ name: 'x', version: 5 })
  })

  it('drops empty filters from the query string', () => {
    expect(buildUrl('guard/domains', { keyword: '', page: 1, enabled: undefined, status: null, ids: [1, 2] })).toBe('/api/v1/guard/domains?page=1&ids=1&ids=2')
  })

  it('shows business errors with the server message and throws ApiError carrying the code', async () => {
    fetchMock.mockResolvedValue(reply(409, { code: 2002, message: '域名已存在' }))
    const err: any = await http.post("guard/domains", { name: "a.com" }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe(2002)
    expect(err.status).toBe(409)
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 2002, message: '域名已存在' }))
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('branches on the business code even when HTTP says 200', async () => {
    fetchMock.mockResolvedValue(reply(200, { code: 4003, message: 'bad field' }))
    await expect(http.get('chart/events')).rejects.toMatchObject({ code: 4003 })
  })

  it.each([401, 1005])('ends the session on code %i without toasting', async (code) => {
    fetchMock.mockResolvedValue(reply(401, { code, message: 'expired' }))
    await expect(http.get('sys/me')).rejects.toMatchObject({ code })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(onError).not.toHaveBeenCalled()
  })

  it('does not end the session on a wrong password (1002 is also HTTP 401)', async () => {
    fetchMock.mockResolvedValue(reply(401, { code: 1002, message: 'bad password' }))
    token = null
    await expect(http.post('sys/login', {}, { silent: true })).rejects.toMatchObject({ code: 1002 })
    expect(onUnauthorized).not.toHaveBeenCalled()
    expect(onError).not.toHaveBeenCalled() // silent
  })

  it('reads Retry-After on 429', async () => {
    fetchMock.mockResolvedValue(reply(429, { code: 4005, message: 'slow down' }, { 'Retry-After': '30' }))
    await expect(http.post('chart/query', {})).rejects.toMatchObject({ code: 4005, retryAfter: 30 })
  })

  it('maps a non-JSON failure to its HTTP status', async () => {
    fetchMock.mockResolvedValue(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    await expect(http.get('sys/me')).rejects.toMatchObject({ code: 502, status: 502 })
  })

  it('reports network failures as code -1', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(http.get('sys/me')).rejects.toMatchObject({ code: -1 })
    expect(onError).toHaveBeenCalled()
  })

  it('posts text bodies as given (IP set import)', async () => {
    fetchMock.mockResolvedValue(reply(200, { code: 0, message: 'ok', data: { added: 2 } }))
    const { request } = await import('./request')
    await request('POST', 'guard/ip-sets/1/import', { body: '1.2.3.4\n5.6.7.8', headers: { 'Content-Type': 'text/plain' } })
    const init = fetchMock.mock.calls[0][1]
    expect(init.body).toBe('1.2.3.4\n5.6.7.8')
    expect(init.headers['Content-Type']).toBe('text/plain')
  })
})
