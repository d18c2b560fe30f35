/**
 * The dispatcher's routes as `GET /` lists them (as the simulators' admin API
 * does): a client finds its way without the OpenAPI file, and a 404 points
 * here. test/dispatcher-openapi.test.ts keeps this list and openapi.yaml equal.
 */
export interface RouteDoc {
  method: 'GET' | 'POST' | 'PUT'
  path: string
  describe: string
}

export const ROUTES: readonly RouteDoc[] = [
  { method: 'GET', path: '/', describe: 'This list of routes.' },
  { method: 'GET', path: '/health', describe: 'Liveness, the capabilities this dispatcher has, and the settings it declares (timeouts, retry limits, backoff, time scale).' },
  { method: 'GET', path: '/clock', describe: 'The run clock: virtual now and time scale (capability clock).' },
  { method: 'PUT', path: '/clock', describe: 'Jump the run clock forward ({now}) and/or change its scale ({timeScale}).' },
  { method: 'GET', path: '/campaigns', describe: 'Every campaign.' },
  { method: 'POST', path: '/campaigns', describe: 'Create a campaign: {id, name, targeting, profile, variants, rules}.' },
  { method: 'GET', path: '/campaigns/{id}', describe: 'A campaign and its delivery counts by state.' },
  { method: 'POST', path: '/campaigns/{id}/audience', describe: 'Stream an audience as NDJSON, one {person, devices} per line; the campaign is sent to it.' },
  { method: 'POST', path: '/campaigns/{id}/sends', describe: 'One transactional message to one person, idempotent per key: {key, member} (capability transactional).' },
  { method: 'GET', path: '/campaigns/{id}/messages', describe: 'Person-level statuses, one per message (?limit=&after= pages them).' },
  { method: 'GET', path: '/campaigns/{id}/deliveries', describe: 'Deliveries with their state, code and attempts (?limit=&after= pages them).' },
  { method: 'GET', path: '/campaigns/{id}/metrics', describe: "The campaign's figures in its profile, or ?profile=, for ?variant= (capability metrics-profiles)." },
  { method: 'GET', path: '/campaigns/{id}/trends', describe: 'Sent, viewed and clicked per ?period=day|week|month.' },
  { method: 'GET', path: '/devices', describe: 'Every device with its push address and last status: unused, sent, bounced or suppressed (?limit=&after= pages them; capability devices).' },
  { method: 'POST', path: '/identify', describe: 'The person identified again with these devices: a bounced or suppressed device becomes unused (capability identify).' },
  { method: 'POST', path: '/track', describe: 'A device report {deliveryId, token, event: delivered|opened, at?}; a duplicate counts once.' },
  { method: 'POST', path: '/conversions', describe: 'A person met the conversion goal {personId, at?}; the message nearest before it gets it.' },
]
