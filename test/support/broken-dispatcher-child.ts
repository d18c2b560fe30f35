/**
 * A broken dispatcher as the run's child process (`runScenario`'s
 * `dispatcher.entry`): its own event loop, as the reference's under
 * `--dispatcher child`, and killable by a scenario's kill-dispatcher
 * executor. It takes the arguments the run gives `pushsim dispatcher serve`
 * (--pushsim, --port, --database, --seed, --clock, --time-scale), prints
 * its address as one JSON line and stops on SIGTERM. The breakage comes
 * from PUSHSIM_TEST_BREAKAGE.
 */
import { parseArgs } from 'node:util'
import { createVirtualClock } from '../../dispatcher/engine/virtual-clock.ts'
import { providersFromPushsim } from '../../harness/cli/dispatcher-config.ts'
import { BREAKAGES, type Breakage } from './breakages.ts'
import { startBrokenDispatcher } from './broken-dispatcher.ts'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== 'dispatcher' && arg !== 'serve'),
  options: { pushsim: { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean' }, database: { type: 'string' }, seed: { type: 'string' }, clock: { type: 'string' }, 'time-scale': { type: 'string' } },
})
const breakage = process.env.PUSHSIM_TEST_BREAKAGE as Breakage
if (!BREAKAGES.includes(breakage)) throw new Error(`PUSHSIM_TEST_BREAKAGE must be one of ${BREAKAGES.join(', ')}, got ${breakage}`)
const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale'])
const clock = values.clock === undefined ? undefined : createVirtualClock({ startMs: Date.parse(values.clock), timeScale })
const broken = await startBrokenDispatcher(breakage, { database: values.database!, seed: values.seed!, providers: await providersFromPushsim({ url: values.pushsim! }), settings: { timeScale }, http: { host: '127.0.0.1', port: Number(values.port ?? 0) } }, clock)
process.stdout.write(JSON.stringify({ url: broken.server.url, database: values.database }) + '\n')
process.once('SIGTERM', () => void broken.close().then(() => process.exit(0)))
