/**
 * `pushsim errors`, driven through its own yargs command module (main.ts
 * registers it; until then this test builds the parser main.ts would).
 */
import yargs from 'yargs'
import { describe, expect, it } from 'vitest'
import { errorsCommand } from '../harness/cli/commands/errors.ts'
import type { CliIo } from '../harness/cli/io.ts'

async function runErrors(args: string[]): Promise<{ out: string; failure?: string }> {
  let out = ''
  const io: CliIo = { out: (text) => void (out += text), err: () => {}, env: {}, untilStopped: () => new Promise(() => {}) }
  const parser = yargs(['errors', ...args])
    .command(errorsCommand(io) as never)
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new Error(message)
    })
  try {
    await parser.parseAsync()
    return { out }
  } catch (error) {
    return { out, failure: (error as Error).message }
  }
}

describe('pushsim errors', () => {
  it('prints an aligned table with a status column per target', async () => {
    const { out } = await runErrors([])
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+PROVIDER\s+CLASS\s+ACTION\s+RETRY\s+APNS\s+FCM\s+CHROME\s+FIREFOX\s+KAIOS\s+SAFARI\s+BASIS$/)
    const row = lines.find((line) => line.startsWith('browser_unsubscribed '))!
    expect(row.split(/\s+/)).toEqual(['browser_unsubscribed', 'webpush', 'dead-address', 'bounce', 'no', '-', '-', '410', '410', '410', '410', 'interp'])
    const classColumn = lines[0]!.indexOf('CLASS')
    for (const line of lines.slice(1, -1)) expect([line[classColumn - 1], line[classColumn] === ' '], line).toEqual([' ', false])
    expect(lines.at(-1)).toMatch(/^\d+ errors$/)
  })

  it('filters by kind and provider', async () => {
    const dashboard = await runErrors(['--kind', 'dashboard', '--json'])
    const names = JSON.parse(dashboard.out).map((e: { name: string }) => e.name)
    expect(names).toHaveLength(26)
    expect(names).toContain('apns_temp_blacklist')

    const fcm = JSON.parse((await runErrors(['--provider', 'fcm', '--kind', 'dashboard', '--json'])).out).map((e: { name: string }) => e.name)
    expect(fcm).toEqual(['push_unreg', 'gcm_others', 'fcm_invalid_argument', 'fcm_sending_rate_exceeded', 'fcm_oauth2_token_expired', 'gcm_msi', 'fcm_internal_server_error'])

    const nonProvider = await runErrors(['--kind', 'non-provider'])
    expect(nonProvider.out).toContain('frequency_exceeded')
    expect(nonProvider.out.trimEnd().split('\n').at(-1)).toBe('5 errors')
  })

  it('prints catalogue JSON with --json', async () => {
    const entries = JSON.parse((await runErrors(['--json', '--provider', 'apns'])).out)
    expect(entries.find((e: { name: string }) => e.name === 'ExpiredProviderToken')).toMatchObject({
      class: 'credentials',
      action: 'refresh-credential-and-retry',
      retry: true,
      wire: { apns: { kind: 'respond', status: 403, body: { reason: 'ExpiredProviderToken' } } },
      basis: 'doc',
    })
  })

  it('refuses an unknown provider or kind', async () => {
    expect((await runErrors(['--provider', 'gcm'])).failure).toContain('Invalid values')
    expect((await runErrors(['--kind', 'other'])).failure).toContain('Invalid values')
  })
})
