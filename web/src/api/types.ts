/**
 * The console's view of the API types: every request and response shape comes from schema.d.ts,
 * which `npm run gen:api` renders from the server's OpenAPI document (src/api/schema.spec.ts
 * fails when it is stale). A server change therefore shows up in `npm run typecheck`.
 */
import type { components } from './schema'

export type Schemas = components['schemas']
/** One named schema of the server, e.g. `Schema<'DomainRead'>`. */
export type Schema<K extends keyof Schemas> = Schemas[K]
