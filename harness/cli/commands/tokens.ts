import type { Argv } from 'yargs'
import { callAdmin } from '../admin-client.ts'
import { usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'
import { numberOption } from '../number-option.ts'
import { renderTable } from '../table.ts'
import { adminOf, printJsonOr, withAdmin } from './admin-option.ts'

type Action = 'list' | 'register' | 'unregister' | 'remove'
type Provider = 'apns' | 'fcm'

/** A token's registered state, as the admin API answers: APNs tokens carry topic and environment, FCM ones their project. */
interface TokenState {
  token: string
  state: string
  topic?: string | null
  environment?: string | null
  unregisteredAt?: number | null
  project?: string | null
}

export function tokensCommand(io: CliIo) {
  return {
    command: 'tokens <provider> <action> [token]',
    describe: 'Manage device/registration token states on the running simulator (list, register, unregister, remove)',
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .positional('provider', { choices: ['apns', 'fcm'] as const, demandOption: true, describe: 'whose tokens' })
        .positional('action', { choices: ['list', 'register', 'unregister', 'remove'] as const, demandOption: true, describe: 'list the tokens with a state, register one in a state, unregister one (the next push gets 410), or remove one (valid again)' })
        .positional('token', { type: 'string', describe: 'the device token (apns) or registration token (fcm); every action but list' })
        .option('state', { type: 'string', describe: 'register: apns valid|unregistered|expired; fcm valid|unregistered' })
        .option('topic', { type: 'string', describe: 'register (apns): the bundle id the token belongs to' })
        .option('environment', { choices: ['sandbox', 'production'] as const, describe: 'register (apns): the environment the token belongs to' })
        .option('project', { type: 'string', describe: 'register (fcm): the sender project the token belongs to' })
        .option('at', { type: 'string', coerce: numberOption('at', { integer: true, min: 0 }), describe: 'unregister (apns): since when, epoch ms (default now)' })
        .example('$0 tokens apns unregister a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90', 'the next push to this token gets 410 Unregistered')
        .example('$0 tokens fcm list', 'the FCM tokens with a registered state')
        .check((argv) => {
          if (argv.action !== 'list' && !argv.token) throw usageError(`tokens ${String(argv.provider)} ${String(argv.action)} needs a token`)
          return true
        }),
    handler: async (argv: { provider: Provider; action: Action; token?: string; admin: string; 'admin-token'?: string; json: boolean; state?: string; topic?: string; environment?: string; project?: string; at?: number }) => {
      const admin = adminOf(argv, io)
      const base = `/${argv.provider}/tokens`
      const token = encodeURIComponent(argv.token ?? '')
      if (argv.action === 'list') {
        const tokens = (await callAdmin(admin, 'GET', base)) as TokenState[]
        return printJsonOr(io, argv.json, tokens, () => tokenTable(argv.provider, tokens))
      }
      if (argv.action === 'remove') {
        await callAdmin(admin, 'DELETE', `${base}/${token}`)
        return printJsonOr(io, argv.json, { provider: argv.provider, token: argv.token, removed: true }, () => `${argv.provider} token ${argv.token}: removed (valid again)\n`)
      }
      const changed = (
        argv.action === 'register'
          ? await callAdmin(admin, 'POST', base, { token: argv.token, state: argv.state, topic: argv.topic, environment: argv.environment, project: argv.project })
          : await callAdmin(admin, 'POST', `${base}/${token}/unregister`, { at: argv.at })
      ) as TokenState
      printJsonOr(io, argv.json, changed, () => `${argv.provider} token ${changed.token}: ${stateText(changed)}\n`)
    },
  }
}

/** `unregistered since <when>`, or the state with what the token belongs to: `valid (topic com.example.app)`. */
function stateText(token: TokenState): string {
  if (token.unregisteredAt != null) return `${token.state} since ${new Date(token.unregisteredAt).toISOString()}`
  const owners = [token.topic && `topic ${token.topic}`, token.environment && `environment ${token.environment}`, token.project && `project ${token.project}`].filter(Boolean)
  return owners.length === 0 ? token.state : `${token.state} (${owners.join(', ')})`
}

function tokenTable(provider: Provider, tokens: readonly TokenState[]): string {
  if (tokens.length === 0) return `no ${provider} tokens with a registered state\n`
  const cell = (value: string | null | undefined) => value ?? '-'
  const lines =
    provider === 'apns'
      ? renderTable(['TOKEN', 'STATE', 'TOPIC', 'ENVIRONMENT', 'UNREGISTERED AT'], tokens.map((t) => [t.token, t.state, cell(t.topic), cell(t.environment), t.unregisteredAt == null ? '-' : new Date(t.unregisteredAt).toISOString()]))
      : renderTable(['TOKEN', 'STATE', 'PROJECT'], tokens.map((t) => [t.token, t.state, cell(t.project)]))
  return `${lines.join('\n')}\n${tokens.length} token${tokens.length === 1 ? '' : 's'}\n`
}
