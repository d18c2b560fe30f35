import type { Argv } from 'yargs'
import { callAdmin } from '../admin-client.ts'
import { usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'
import { numberOption } from '../number-option.ts'
import { adminOf, printJsonOr, withAdmin } from './admin-option.ts'

type Action = 'list' | 'register' | 'unregister' | 'remove'

export function tokensCommand(io: CliIo) {
  return {
    command: 'tokens <provider> <action> [token]',
    describe: 'Manage device/registration token states on the running simulator (list, register, unregister, remove)',
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .positional('provider', { choices: ['apns', 'fcm'] as const, demandOption: true })
        .positional('action', { choices: ['list', 'register', 'unregister', 'remove'] as const, demandOption: true })
        .positional('token', { type: 'string' })
        .option('state', { type: 'string', describe: 'register: apns valid|unregistered|expired; fcm valid|unregistered' })
        .option('topic', { type: 'string', describe: 'register (apns): the bundle id the token belongs to' })
        .option('environment', { choices: ['sandbox', 'production'] as const, describe: 'register (apns)' })
        .option('project', { type: 'string', describe: 'register (fcm): the sender project the token belongs to' })
        .option('at', { type: 'string', coerce: numberOption('at', { integer: true, min: 0 }), describe: 'unregister (apns): since when, epoch ms (default now)' })
        .check((argv) => {
          if (argv.action !== 'list' && !argv.token) throw usageError(`tokens ${String(argv.provider)} ${String(argv.action)} needs a token`)
          return true
        }),
    handler: async (argv: { provider: 'apns' | 'fcm'; action: Action; token?: string; admin: string; 'admin-token'?: string; json: boolean; state?: string; topic?: string; environment?: string; project?: string; at?: number }) => {
      const admin = adminOf(argv, io)
      const base = `/${argv.provider}/tokens`
      const token = encodeURIComponent(argv.token ?? '')
      const result =
        argv.action === 'list'
          ? await callAdmin(admin, 'GET', base)
          : argv.action === 'register'
            ? await callAdmin(admin, 'POST', base, { token: argv.token, state: argv.state, topic: argv.topic, environment: argv.environment, project: argv.project })
            : argv.action === 'unregister'
              ? await callAdmin(admin, 'POST', `${base}/${token}/unregister`, { at: argv.at })
              : await callAdmin(admin, 'DELETE', `${base}/${token}`)
      printJsonOr(io, argv.json, result, () => JSON.stringify(result, null, 2) + '\n')
    },
  }
}
