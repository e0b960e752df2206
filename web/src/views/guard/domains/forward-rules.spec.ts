import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import type { Forward } from '@/api/guard/forwards'
import { badServer, blankForward, createBody, formOf, matchOrder, pathProblem, problems, ruleFor, serverText, updateBody, type ForwardForm } from './forward-rules'

const rule = (over: Partial<Forward> = {}): Forward => ({
  id: 1, domain_id: 7, name: '', path_prefix: '/api/', servers: [{ host: '10.0.0.5', port: 8080, weight: 1 }], scheme: 'http',
  lb: 'round_robin', host_header: null, connect_timeout: 5, read_timeout: 60, max_fails: 3, fail_timeout: 10, enabled: true,
  version: 3, created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z', ...over,
})
const form = (over: Partial<ForwardForm> = {}): ForwardForm => ({ ...blankForward(), path_prefix: '/api/', servers: [{ host: '10.0.0.5', port: 8080, weight: 1 }], ...over })

describe('forward rule validation mirrors the API schema', () => {
  it('path prefixes: the path grammar, never "/", once per domain', () => {
    expect(pathProblem('/api/')).toBeNull()
    expect(pathProblem('/')).toBe('root')
    expect(pathProblem('api')).toBe('path')
    expect(pathProblem('/a b')).toBe('path')
    expect(pathProblem('/a;b')).toBe('path')
    expect(pathProblem('/api/', [{ path_prefix: '/api/' }])).toBe('taken')
    expect(pathProblem('/api', [{ path_prefix: '/api/' }])).toBeNull()
  })

  it('upstream servers: IP or hostname, port 1-65535, weight 1-100, at least one', () => {
    expect(badServer([{ host: '10.0.0.5', port: 80, weight: 1 }, { host: 'backend', port: 443, weight: 100 }])).toBe(-1)
    expect(badServer([{ host: '2001:db8::1', port: 80, weight: 1 }, { host: '[2001:db8::2]', port: 80, weight: 1 }])).toBe(-1)
    expect(badServer([{ host: 'ok.internal', port: 80, weight: 1 }, { host: '*.example.com', port: 80, weight: 1 }])).toBe(1)
    expect(badServer([{ host: 'evil;host', port: 80, weight: 1 }])).toBe(0)
    expect(badServer([{ host: '10.0.0.5', port: 0, weight: 1 }])).toBe(0)
    expect(badServer([{ host: '10.0.0.5', port: undefined, weight: 1 }])).toBe(0)
    expect(badServer([{ host: '10.0.0.5', port: 80, weight: 101 }])).toBe(0)
    expect(problems(form({ servers: [] })).servers).toBe('forwards.badServers')
  })

  it('names, Host header and the numeric bounds', () => {
    expect(problems(form())).toEqual({})
    expect(problems(form({ name: 'API 后端 (v2)' }))).toEqual({})
    expect(problems(form({ name: "x'; drop" })).name).toBe('validation.guardName')
    expect(problems(form({ host_header: 'app.internal:8080' }))).toEqual({})
    expect(problems(form({ host_header: '*.example.com' })).host_header).toBe('forwards.badHostHeader')
    expect(problems(form({ host_header: 'a.com:99999' })).host_header).toBe('forwards.badHostHeader')
    expect(problems(form({ connect_timeout: 0, read_timeout: 3601, max_fails: -1, fail_timeout: 1.5 }))).toEqual({
      connect_timeout: 'forwards.outOfRange', read_timeout: 'forwards.outOfRange', max_fails: 'forwards.outOfRange', fail_timeout: 'forwards.outOfRange',
    })
    expect(problems(form({ max_fails: 0 }))).toEqual({})
  })

  it('every message key it can answer exists', () => {
    const all = problems({ ...form({ name: '!', servers: [], host_header: '*', connect_timeout: 0, read_timeout: 0, max_fails: -1, fail_timeout: 0 }), path_prefix: 'x' })
    const keys = new Set([...Object.values(all), 'forwards.rootPath', 'forwards.pathTaken'])
    for (const key of keys) {
      const [group, name] = key!.split('.')
      expect((en as any)[group]?.[name], key).toBeTypeOf('string')
    }
  })
})

describe('forward rule bodies', () => {
  it('create leaves empty optional fields to the API defaults', () => {
    expect(createBody(7, form({ servers: [{ host: ' 10.0.0.5 ', port: 8080, weight: 2 }] }))).toEqual({
      domain_id: 7, path_prefix: '/api/', servers: [{ host: '10.0.0.5', port: 8080, weight: 2 }], scheme: 'http', lb: 'round_robin',
      connect_timeout: 5, read_timeout: 60, max_fails: 3, fail_timeout: 10, enabled: true,
    })
    expect(createBody(7, form({ name: ' Static ', host_header: 'cdn.internal' }))).toMatchObject({ name: 'Static', host_header: 'cdn.internal' })
  })

  it('update clears a Host header override with pass_host, and round-trips through the form', () => {
    const withHost = rule({ host_header: 'app.internal' })
    expect(updateBody(withHost, { ...formOf(withHost), host_header: '' })).toMatchObject({ pass_host: true })
    expect(updateBody(withHost, formOf(withHost))).toMatchObject({ host_header: 'app.internal' })
    expect(updateBody(rule(), formOf(rule()))).not.toHaveProperty('pass_host')
    expect(formOf(rule({ servers: [{ host: 'b', port: 81 }] })).servers).toEqual([{ host: 'b', port: 81, weight: 1 }])
  })
})

describe('forward rule order', () => {
  const rules = [rule({ id: 1, path_prefix: '/api/' }), rule({ id: 2, path_prefix: '/api/v2/' }), rule({ id: 3, path_prefix: '/static/' }), rule({ id: 4, path_prefix: '/api/v2/admin/', enabled: false })]

  it('lists rules in the order nginx tries them: the longest prefix first', () => {
    expect(matchOrder(rules).map((r) => r.path_prefix)).toEqual(['/api/v2/admin/', '/api/v2/', '/static/', '/api/'])
  })

  it('finds the enabled rule that serves a path, or none (the origins)', () => {
    expect(ruleFor(rules, '/api/v2/users')?.id).toBe(2)
    expect(ruleFor(rules, '/api/v2/admin/x')?.id).toBe(2) // the longer rule is disabled
    expect(ruleFor(rules, '/api/v1')?.id).toBe(1)
    expect(ruleFor(rules, '/index.html')).toBeNull()
  })

  it('shows servers as host:port with a weight when it is not 1', () => {
    expect(serverText({ host: '10.0.0.5', port: 80, weight: 1 })).toBe('10.0.0.5:80')
    expect(serverText({ host: '2001:db8::1', port: 443, weight: 5 })).toBe('[2001:db8::1]:443 ×5')
  })
})
