import { crud, http } from '../request'
import type { Schema } from '../types'

export type WafNode = Schema<'NodeRead'>
export type NodeGroup = Schema<'NodeGroupRead'>
export type NodeTokenCreate = Schema<'NodeTokenCreate'>

export const nodeApi = crud<WafNode, Schema<'NodeCreate'>, Schema<'NodeUpdate'>>('node/nodes')
export const groupApi = crud<NodeGroup, Schema<'NodeGroupCreate'>, Schema<'NodeGroupUpdate'>>('node/groups')
export const tokenApi = {
  create: (body: NodeTokenCreate) => http.post<Schema<'NodeTokenCreated'>>('node/tokens', body),
}
