/**
 * Issue 14 §2: a typo in a command, a flag, a provider or an error name
 * exits 2 with the nearest right word, and every usage error names the
 * help of the command it was typed in.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'

// Nothing listens there: a usage error must be found before any call is made.
const NOWHERE = { PUSHSIM_ADMIN: 'http://127.0.0.1:9' }

describe('did you mean', () => {
  it.each([
    [['servee'], 'Unknown argument: servee (did you mean serve?)', 'pushsim --help'],
    [['ledgr', '--json'], 'Unknown argument: ledgr (did you mean ledger?)', 'pushsim --help'],
    [['run', 'x.scenario.ts', '--sead', '1'], 'Unknown argument: --sead (did you mean --seed?)', 'pushsim run --help'],
    [['faults', 'add', 'apns:hang', '--json-fualt', '{}'], 'Unknown argument: --json-fualt (did you mean --json-fault?)', 'pushsim faults add --help'],
    [['faults', 'ad', 'apns:hang'], 'Given: "ad", Choices: "list", "add", "remove", "clear" (did you mean add?)', 'pushsim faults --help'],
    [['tokens', 'apnss', 'list'], 'Given: "apnss", Choices: "apns", "fcm" (did you mean apns?)', 'pushsim tokens --help'],
    [['token', 'fmc'], 'Given: "fmc", Choices: "apns", "fcm" (did you mean fcm?)', 'pushsim token --help'],
    [['errors', '--provider', 'webpsh'], '(did you mean webpush?)', 'pushsim errors --help'],
    [['faults', 'add', 'apns:error=Unregisterd'], 'unknown error "Unregisterd" (did you mean Unregistered?)', 'pushsim faults add --help'],
    [['serve', '--fault', 'apns:error=BadDeviceTokn'], 'unknown error "BadDeviceTokn" (did you mean BadDeviceToken?)', 'pushsim serve --help'],
    [['serve', '--fault', 'apsn:hang'], 'got "apsn" (did you mean apns?)', 'pushsim serve --help'],
    [['report', 'runs/x', '--format', 'mardown'], 'got mardown (did you mean markdown?)', 'pushsim report --help'],
    [['run', 'x.scenario.ts', '--dispatcher', 'chlid'], 'got "chlid" (did you mean child?)', 'pushsim run --help'],
  ])('%j exits 2 with a did-you-mean and the command help', async (args, message, help) => {
    const result = await runCli(args, NOWHERE)
    expect(result.code).toBe(2)
    expect(result.err).toContain(message)
    expect(result.err).toContain(`Run '${help}'`)
  })

  it('suggests nothing for a word near no known one, and still names the help', async () => {
    const result = await runCli(['zzzzzz'], NOWHERE)
    expect(result.code).toBe(2)
    expect(result.err).toContain('Unknown argument: zzzzzz')
    expect(result.err).not.toContain('did you mean')
    expect(result.err).toContain("Run 'pushsim --help'")
  })

  it('a transposition is one typo', async () => {
    const result = await runCli(['serve', '--sede', 'x'], NOWHERE)
    expect(result.err).toContain('Unknown argument: --sede (did you mean --seed?)')
  })
})

describe("usage errors name the subcommand's help", () => {
  it.each([
    [['faults', 'remove'], 'pushsim faults remove --help'],
    [['faults', 'add'], 'pushsim faults add --help'],
    [['tokens', 'apns', 'unregister'], 'pushsim tokens apns unregister --help'],
    [['ledger', '--status', 'abc'], 'pushsim ledger --help'],
    [['serve', '--apns-port', 'abc'], 'pushsim serve --help'],
    [['dispatcher', 'serve', '--clock', 'soon'], 'pushsim dispatcher serve --help'],
    [['credentials'], 'pushsim credentials --help'],
    [['run', 'x.scenario.ts', '--time-scale', '5'], 'pushsim run --help'],
    [['report', 'runs/x', '--format', 'mardown'], 'pushsim report --help'],
    [[], 'pushsim --help'],
  ])('%j exits 2 and names %s', async (args, help) => {
    const result = await runCli(args, NOWHERE)
    expect(result.code).toBe(2)
    expect(result.err).toContain(`Run '${help}'`)
    expect(result.err.match(/Run 'pushsim/g)).toHaveLength(1)
  })
})
