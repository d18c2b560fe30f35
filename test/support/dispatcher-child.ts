/**
 * A dispatcher in its own process, for kill -9 tests: argv[2] is a JSON
 * config; it creates the campaign (once), streams the audience (again after a
 * restart: planning is idempotent), waits until every delivery is final and
 * exits 0. It prints `planned <n>` lines so the parent can see progress.
 */
import { startDispatcher, type DispatcherConfig } from '../../dispatcher/app.ts'
import type { AudienceMember } from '../../dispatcher/engine/intake.ts'
import type { Campaign } from '../../dispatcher/model/entities.ts'

const { config, persons } = JSON.parse(process.argv[2]!) as { config: DispatcherConfig; persons: number }
const app = await startDispatcher(config)
const campaign: Campaign = { id: 'crash', name: 'crash', targeting: 'all-devices', profile: 'person-status', variants: [{ id: 'a', share: 1, content: { title: 'hello', body: 'world' } }], rules: {}, createdAt: 0 }
if (!app.dispatcher.store.getCampaign('crash')) app.dispatcher.createCampaign(campaign)

async function* audience(): AsyncIterable<AudienceMember> {
  for (let i = 0; i < persons; i++) {
    const id = `p${i}`
    yield { person: { id, properties: {}, timezone: 'UTC', test: false, unsubscribed: false }, devices: [{ id: `${id}-d`, personId: id, channel: 'fcm', platform: 'android', address: { kind: 'token', token: `crash-${i}:APA91b000000000` }, sdk: true, lastSeenAt: 1 }] }
    if (i % 50 === 49) process.stdout.write(`planned ${i + 1}\n`)
  }
}
await app.dispatcher.send('crash', audience())
await app.dispatcher.settled('crash')
await app.close()
process.stdout.write('settled\n')
