import type { Scenario } from './types.ts'

/**
 * Types a `*.scenario.ts` file's default export; returns it unchanged.
 * Loading decodes and validates it like a JSON or YAML scenario.
 *
 * @example
 * export default defineScenario({ name: 'quickstart', clock: { start: '2026-03-02T09:00:00Z' }, audience: { persons: 200 }, workload: { phases: [...] } })
 */
export const defineScenario = (scenario: Scenario): Scenario => scenario
