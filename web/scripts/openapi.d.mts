// Types of scripts/openapi.mjs for the staleness test (src/api/schema.spec.ts).
export const WEB: string
export const SPEC_FILE: string
export const TYPES_FILE: string
export const PYTHON: string
export function dumpSpec(): { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }
export function renderTypes(spec: unknown): string
export function pythonAvailable(): boolean
