import type { Argv } from 'yargs'
import { callAdmin } from '../admin-client.ts'
import type { CliIo } from '../io.ts'
import { withAdmin } from './admin-option.ts'

export function subscribeCommand(io: CliIo) {
  return {
    command: 'subscribe',
    describe: 'Subscribe as a browser; prints the PushSubscription JSON (endpoint and keys) to give a sender',
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .option('browser', { choices: ['chrome', 'firefox', 'kaios', 'safari'] as const, demandOption: true })
        .option('application-server-key', { type: 'string', describe: 'The VAPID public key (base64url) the subscription is restricted to' })
        .option('secure', { type: 'boolean', default: true, describe: 'Endpoint on the TLS listener (https, the default; --no-secure for plain http)' }),
    handler: async (argv: { browser: string; admin: string; json: boolean; 'application-server-key'?: string; secure: boolean }) => {
      const made = (await callAdmin(argv.admin, 'POST', '/webpush/subscriptions', {
        browser: argv.browser,
        applicationServerKey: argv['application-server-key'],
        secure: argv.secure,
      })) as { subscription: unknown }
      // The bare PushSubscription JSON is what senders consume; --json adds id, browser and state.
      io.out(JSON.stringify(argv.json ? made : made.subscription) + '\n')
    },
  }
}
