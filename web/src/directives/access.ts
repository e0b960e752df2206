import type { Directive, DirectiveBinding } from 'vue'

/**
 * `v-access="'guard.domain.write'"` removes the element when the user lacks the permission key;
 * an array means "any of these". `v-access:disable="key"` keeps the element but disables it, for
 * places where a missing button would confuse more than a greyed one.
 * The server enforces every key anyway: this only keeps the UI honest.
 */
export type AccessValue = string | string[] | undefined

export function allowed(has: (key: string) => boolean, value: AccessValue): boolean {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return true
  return Array.isArray(value) ? value.some(has) : has(value)
}

function apply(el: HTMLElement, binding: DirectiveBinding<AccessValue>, has: (key: string) => boolean) {
  const ok = allowed(has, binding.value)
  if (binding.arg === 'disable') {
    el.toggleAttribute('disabled', !ok)
    el.classList.toggle('is-disabled', !ok)
    el.setAttribute('aria-disabled', String(!ok))
    return
  }
  if (!ok) el.remove()
}

export function createAccessDirective(has: (key: string) => boolean): Directive<HTMLElement, AccessValue> {
  return {
    mounted: (el, binding) => apply(el, binding, has),
    updated: (el, binding) => {
      if (binding.arg === 'disable') apply(el, binding, has)
    },
  }
}
