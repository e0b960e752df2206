import { i18n } from '@/locales'

const t = (k: string, p?: Record<string, unknown>) => i18n.global.t(k, p ?? {})

/** Every destructive action asks first and names what it destroys. */
export async function confirmDanger(messageKey: string, params: Record<string, unknown> = {}, titleKey = 'common.confirmDelete'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(t(messageKey, params), t(titleKey), {
      type: 'warning',
      confirmButtonText: t('common.confirm'),
      cancelButtonText: t('common.cancel'),
      confirmButtonClass: 'el-button--danger',
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}

export function toastOk(key = 'common.saved') {
  ElMessage({ type: 'success', message: t(key), grouping: true })
}

export async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    // Clipboard API needs a secure context; fall back to a hidden textarea on plain HTTP.
    const ta = document.createElement('textarea')
    ta.value = text
    ta.style.position = 'fixed'
    ta.style.opacity = '0'
    document.body.appendChild(ta)
    ta.select()
    document.execCommand('copy')
    ta.remove()
  }
  ElMessage({ type: 'success', message: t('common.copied'), grouping: true })
}
