/**
 * Usage errors exit 2 and quote what was typed (issue 14 §1): numeric flags
 * used to reach the admin API as NaN and come back as a rejection (exit 4,
 * "got NaN"); an error name with a typo reached it too, without a
 * did-you-mean or a pointer to `pushsim errors`.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'

// Nothing listens there: a usage error must be found before any call is made.
const NOWHERE = { PUSHSIM_ADMIN: 'http://127.0.0.1:9' }

describe('usage errors', () => {
  it.each([
    [['ledger', '--status', 'abc'], '--status must be an integer ≥ 100 ≤ 599, got "abc"'],
    [['ledger', '--limit', '0'], '--limit must be an integer ≥ 1, got "0"'],
    [['serve', '--apns-port', 'abc'], '--apns-port must be an integer ≥ 0 ≤ 65535, got "abc"'],
    [['serve', '--time-scale', '2'], '--time-scale must be a number > 0 ≤ 1, got "2"'],
    [['dispatcher', 'serve', '--port', '99999'], '--port must be an integer ≥ 0 ≤ 65535, got "99999"'],
    [['tokens', 'apns', 'unregister', 'ab', '--at', 'yesterday'], '--at must be an integer ≥ 0, got "yesterday"'],
  ])('%j exits 2 quoting the value', async (args, message) => {
    const result = await runCli(args, NOWHERE)
    expect(result.code).toBe(2)
    expect(result.err).toContain(message)
    expect(result.err).not.toContain('NaN')
  })

  it('an error name with a typo exits 2 with a did-you-mean and points to pushsim errors', async () => {
    const result = await runCli(['faults', 'add', 'apns:error=Unregisterd'], NOWHERE)
    expect(result.code).toBe(2)
    expect(result.err).toContain('unknown error "Unregisterd" (did you mean Unregistered?)')
    expect(result.err).toContain("'pushsim errors'")
  })
})
