import { crud, http } from '../request'

export interface WafNode {
  id: number
  name: string
  address?: string
  description?: string
  node_group_id: number
  status: 'online' | 'offline' | 'degraded'
  applied_version: number | null
  last_error: string | null
  last_seen_at: string | null
  hostname?: string
  agent_version?: string
  nginx_version?: string
}

export interface NodeGroup {
  id: number
  name: string
  description: string
  is_default: boolean
  acl_policy_id: number | null
  node_count: number
  created_at?: string
}

export const nodeApi = crud<WafNode, { name: string; description?: string; node_group_id?: number }>('node/nodes')
export const groupApi = crud<NodeGroup, { name: string; description: string }>('node/groups')
export const tokenApi = {
  create: (body: { node_group_id?: number | null; expires_in_minutes?: number; name?: string }) =>
    http.post<{ token: string; expires_at: string }>('node/tokens', body),
}
