import { CATALOGUE } from '../catalogue/index.ts'
import type { AdminFaults } from './dependencies.ts'
import { fromResult, ok, type Route } from './router.ts'

/** toxiproxy-style control of the fault registry; changes apply to exchanges that start afterwards. */
export function faultRoutes(faults: AdminFaults): Route[] {
  return [
    { method: 'GET', path: '/errors', describe: 'The error catalogue: every dashboard code and provider reason with its wire form per target, class and sender action.', handle: () => ok(CATALOGUE) },
    { method: 'GET', path: '/faults', describe: 'Active faults, in pipeline order, with their ids and the time scale.', handle: () => ok({ timeScale: faults.timeScale, faults: faults.list() }) },
    {
      method: 'POST',
      path: '/faults',
      describe: 'Add a fault, a list, or a plan {faults: […]}: every problem is reported at once, with its path (error.details.problems).',
      // The fault language's own validator refuses unknown keys, with their paths.
      accepts: { body: 'own' },
      handle: ({ body }) => fromResult(faults.add(body), 201),
    },
    { method: 'PUT', path: '/faults/:id', describe: 'Replace a fault, keeping its id and place.', accepts: { body: 'own' }, handle: ({ params, body }) => fromResult(faults.replace(params.id!, body)) },
    { method: 'DELETE', path: '/faults/:id', describe: 'Remove a fault.', handle: ({ params }) => fromResult(faults.remove(params.id!)) },
    {
      method: 'DELETE',
      path: '/faults',
      describe: 'Remove every fault.',
      handle: () => {
        faults.clear()
        return ok({ faults: [] })
      },
    },
  ]
}
