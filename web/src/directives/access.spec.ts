import { describe, expect, it } from 'vitest'
import { defineComponent, h, withDirectives } from 'vue'
import { mount } from '@vue/test-utils'
import { allowed, createAccessDirective } from './access'

const keys = new Set(['guard.domain.read', 'sys.apikey.write'])
const has = (k: string) => keys.has(k)

function render(value: unknown, arg?: string) {
  const access = createAccessDirective(has)
  const Comp = defineComponent({
    render: () => h('div', [withDirectives(h('button', { id: 'b' }, 'Write'), [[access, value, arg]])]),
  })
  return mount(Comp)
}

describe('v-access', () => {
  it('keeps the element when the key is held', () => {
    expect(render('sys.apikey.write').find('#b').exists()).toBe(true)
  })

  it('removes the element when the key is missing', () => {
    expect(render('guard.domain.write').find('#b').exists()).toBe(false)
  })

  it('accepts any of several keys', () => {
    expect(render(['guard.domain.write', 'guard.domain.read']).find('#b').exists()).toBe(true)
    expect(render(['guard.domain.write', 'node.node.write']).find('#b').exists()).toBe(false)
  })

  it('matches keys exactly: no wildcards', () => {
    expect(render('guard.*').find('#b').exists()).toBe(false)
    expect(render('guard.domain').find('#b').exists()).toBe(false)
  })

  it('disables instead of removing with the :disable argument', () => {
    const b = render('guard.domain.write', 'disable').find('#b')
    expect(b.exists()).toBe(true)
    expect(b.attributes('disabled')).toBeDefined()
    expect(b.classes()).toContain('is-disabled')
  })

  it('treats an empty requirement as allowed', () => {
    expect(allowed(has, undefined)).toBe(true)
    expect(allowed(has, [])).toBe(true)
  })
})
