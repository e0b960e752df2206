import { crud, http } from '../request'

export interface Oem {
  id: number
  name: string
  hostname: string
  is_default: boolean
  primary_color: string
  secondary_color: string
  enabled: boolean
  logo_url?: string | null
}

export type OemWrite = Pick<Oem, 'name' | 'hostname' | 'primary_color' | 'secondary_color' | 'enabled'>

export const oemApi = {
  ...crud<Oem, OemWrite>('sys/oems'),
  uploadLogo: (id: number, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.post<Oem>(`sys/oems/${id}/logo`, form)
  },
}
