import type { Argv } from 'yargs'
import { callAdmin } from '../admin-client.ts'
import type { CliIo } from '../io.ts'
import { adminOf, withAdmin } from './admin-option.ts'

export function subscribeCommand(io: CliIo) {
  return {
    command: 'subscribe',
    describe: 'Subscribe as a browser; prints the PushSubscription JSON (endpoint and keys) to give a sender',
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .option('browser', { choices: ['chrome', 'firefox', 'kaios', 'safari'] as const, demandOption: true, describe: "Whose push service the endpoint imitates (its URL, answers and limits)" })
        .option('application-server-key', { type: 'string', describe: 'The VAPID public key (base64url) the subscription is restricted to' })
        .option('secure', { type: 'boolean', default: true, describe: 'Endpoint on the TLS listener (https, the default; --no-secure for plain http)' })
        .option('id', { type: 'string', describe: 'A fixed subscription id (base64url; default: drawn from the seed)' })
        .option('private-key', { type: 'string', describe: "The user agent's ECDH private key (base64url, 32 bytes), to replay known vectors; needs --auth" })
        .option('auth', { type: 'string', describe: 'The auth secret (base64url, 16 bytes), with --private-key' })
        .option('p256dh', { type: 'string', describe: 'The public key (base64url, 65 bytes), checked against --private-key' })
        .example('export SUB=$($0 subscribe --browser firefox)', 'a PushSubscription to hand a Web Push library')
        .example('$0 subscribe --browser chrome --application-server-key "$VAPID_PUBLIC_KEY" --json', 'one restricted to your VAPID key, with its id and state'),
    handler: async (argv: { browser: string; admin: string; 'admin-token'?: string; json: boolean; 'application-server-key'?: string; secure: boolean; id?: string; 'private-key'?: string; auth?: string; p256dh?: string }) => {
      const givesKeys = argv['private-key'] !== undefined || argv.auth !== undefined || argv.p256dh !== undefined
      const made = (await callAdmin(adminOf(argv, io), 'POST', '/webpush/subscriptions', {
        browser: argv.browser,
        applicationServerKey: argv['application-server-key'],
        secure: argv.secure,
        id: argv.id,
        ...(givesKeys ? { keys: { p256dh: argv.p256dh, auth: argv.auth, privateKey: argv['private-key'] } } : {}),
      })) as { subscription: unknown }
      // The bare PushSubscription JSON is what senders consume; --json adds id, browser and state.
      io.out(JSON.stringify(argv.json ? made : made.subscription) + '\n')
    },
  }
}
