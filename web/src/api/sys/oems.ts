import { crud, http } from '../request'
import type { Schema } from '../types'

export type Oem = Schema<'OemRead'>
export type OemWrite = Schema<'OemCreate'>

export const oemApi = {
  ...crud<Oem, OemWrite, Schema<'OemUpdate'>>('sys/oems'),
  uploadLogo: (id: number, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.post<Oem>(`sys/oems/${id}/logo`, form)
  },
}
