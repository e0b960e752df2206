import { describe, expect, it } from 'vitest'
import { pathOf, ruleIdsOf } from './false-positive'

describe('false-positive helpers', () => {
  it('offers only the rules the server can exclude (CRS detection rules)', () => {
    // A real event from the balanced profile: two CRS rules plus the node's own evaluation rule.
    expect(ruleIdsOf({ rule_ids: ['932150', '932160', '10600001'] })).toEqual([932150, 932160])
    expect(ruleIdsOf({ rule_ids: ['942100', '949110', '980130', '959100', '942100'] })).toEqual([942100])
    expect(ruleIdsOf({ rule_ids: ['949110', '10000001'] })).toEqual([])
    expect(ruleIdsOf({ rule_ids: ['x', '0', '-1'] })).toEqual([])
  })

  it('scopes to the path without the query string', () => {
    expect(pathOf('/search?q=1')).toBe('/search')
    expect(pathOf('a#b')).toBe('/a')
    expect(pathOf('')).toBe('/')
  })
})
