import { describe, expect, it } from 'vitest'
import { badLines, inRange, isCidr, isColor, isGuardName, isHHMM, isHeaderName, isHostHeader, isHostname, isIPv4, isIPv6, isPathPrefix, isPem, isPort, isRuleId, isStrongPassword, isUpstreamHost, isUsername, parseOrigin, rule } from './validators'

describe('form validators', () => {
  it('hostnames follow the server grammar (ASCII labels, optional wildcard)', () => {
    for (const ok of ['example.com', 'www.example.com', '*.example.com', 'xn--fiqs8s.cn', 'a-b.example.co.uk', 'WWW.Example.COM'])
      expect(isHostname(ok), ok).toBe(true)
    for (const bad of ['', 'localhost', '-a.com', 'a-.com', 'a..com', 'exa mple.com', 'a.com;evil', '*.', '1.2.3.4', 'a.com/x', 'x'.repeat(64) + '.com', 'ex$ample.com', '中国.cn'])
      expect(isHostname(bad), bad).toBe(false)
    expect(isHostname('*.example.com', { wildcard: false })).toBe(false)
  })

  it('IP addresses and CIDRs', () => {
    expect(isIPv4('203.0.113.7')).toBe(true)
    expect(isIPv4('256.1.1.1')).toBe(false)
    expect(isIPv4('01.1.1.1')).toBe(false)
    expect(isIPv6('2001:db8::1')).toBe(true)
    expect(isIPv6('::1')).toBe(true)
    expect(isIPv6('::ffff:1.2.3.4')).toBe(true)
    expect(isIPv6('2001:db8::1::2')).toBe(false)
    expect(isIPv6('12345::')).toBe(false)
    expect(isCidr('198.51.100.0/24')).toBe(true)
    expect(isCidr('2001:db8::/32')).toBe(true)
    expect(isCidr('10.0.0.1')).toBe(true)
    expect(isCidr('10.0.0.0/33')).toBe(false)
    expect(isCidr('10.0.0.0/24/1')).toBe(false)
    expect(isCidr('bad')).toBe(false)
  })

  it('ports and origins', () => {
    expect(isPort(80)).toBe(true)
    expect(isPort('8443')).toBe(true)
    expect(isPort(0)).toBe(false)
    expect(isPort(65536)).toBe(false)
    expect(isPort(80.5)).toBe(false)
    expect(parseOrigin('10.0.0.5:8080')).toEqual({ host: '10.0.0.5', port: 8080 })
    expect(parseOrigin('[2001:db8::1]:443')).toEqual({ host: '2001:db8::1', port: 443 })
    expect(parseOrigin('app.internal:80')).toEqual({ host: 'app.internal', port: 80 })
    expect(parseOrigin('backend:80')).toEqual({ host: 'backend', port: 80 })
    expect(parseOrigin('10.0.0.5')).toBeNull()
    expect(parseOrigin('10.0.0.5:99999')).toBeNull()
    expect(parseOrigin('evil;host:80')).toBeNull()
  })

  it('upstream hosts, Host headers and guard names follow the server grammar', () => {
    for (const ok of ['10.0.0.5', '2001:db8::1', '[2001:db8::1]', 'backend', 'app.internal', 'App.Example.com'])
      expect(isUpstreamHost(ok), ok).toBe(true)
    for (const bad of ['', '*.example.com', '-a', 'a b', 'a;b', 'a.com:80', 'x'.repeat(64)])
      expect(isUpstreamHost(bad), bad).toBe(false)
    for (const ok of ['app.internal', 'app.internal:8080', 'backend'])
      expect(isHostHeader(ok), ok).toBe(true)
    for (const bad of ['', '*.example.com', 'a.com:0', 'a.com:x', 'a b', 'a.com:80:1'])
      expect(isHostHeader(bad), bad).toBe(false)
    for (const ok of ['Static files', 'api_v2', 'API 后端 (v2)', 'ops@acme: blue/green'])
      expect(isGuardName(ok), ok).toBe(true)
    for (const bad of ['', ' ', '-lead', "quote'", 'semi;colon', 'brace{', '$var', '%25', 'x'.repeat(65)])
      expect(isGuardName(bad), bad).toBe(false)
    expect(inRange(5, 1, 300)).toBe(true)
    expect(inRange(0, 1, 300)).toBe(false)
    expect(inRange(2.5, 1, 300)).toBe(false)
    expect(inRange('5', 1, 300)).toBe(false)
  })

  it('paths cannot carry configuration syntax', () => {
    expect(isPathPrefix('/')).toBe(true)
    expect(isPathPrefix('/api/v1/upload')).toBe(true)
    for (const bad of ['api', '/a b', '/a;b', '/a{b}', '/a"b', "/a'b", '/a$b', '/a%20', '/a#b', '/a\\b', '/' + 'a'.repeat(256)])
      expect(isPathPrefix(bad), bad).toBe(false)
  })

  it('PEM blocks', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'
    expect(isPem(cert, 'CERTIFICATE')).toBe(true)
    expect(isPem('MIIB', 'CERTIFICATE')).toBe(false)
    expect(isPem('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----', 'PRIVATE KEY')).toBe(true)
    expect(isPem('-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----', 'PRIVATE KEY')).toBe(true)
    expect(isPem(cert, 'PRIVATE KEY')).toBe(false)
  })

  it('small grammars', () => {
    expect(isRuleId('942100')).toBe(true)
    expect(isRuleId('0')).toBe(false)
    expect(isRuleId('1234567')).toBe(false)
    expect(isRuleId('94a')).toBe(false)
    expect(isColor('#1f6feb')).toBe(true)
    expect(isColor('1f6feb')).toBe(false)
    expect(isHeaderName('X-Api-Client')).toBe(true)
    expect(isHeaderName('X Api')).toBe(false)
    expect(isHHMM('09:30')).toBe(true)
    expect(isHHMM('24:00')).toBe(true)
    expect(isHHMM('24:30')).toBe(false)
    expect(isUsername('ops.admin@acme')).toBe(true)
    expect(isUsername('ab')).toBe(false)
    expect(isStrongPassword('Passw0rd')).toBe(true)
    expect(isStrongPassword('password')).toBe(false)
    expect(isStrongPassword('Pa1')).toBe(false)
  })

  it('reports bad lines of an import, ignoring comments and blanks', () => {
    expect(badLines('1.2.3.4\n\n10.0.0.0/8, office\nnope\n2001:db8::/32 # v6', isCidr)).toEqual([4])
  })

  it('turns a predicate into an Element Plus rule that lets empty values through', async () => {
    const r = rule(isPort, 'validation.ports')
    const run = (v: unknown) => new Promise<Error | undefined>((resolve) => (r.validator as any)({}, v, resolve))
    expect(await run('')).toBeUndefined()
    expect(await run(443)).toBeUndefined()
    expect((await run(70000))?.message).toMatch(/1 to 65535|1–65535/)
  })
})
