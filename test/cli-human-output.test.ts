/**
 * Issue 14 §2: commands print for a person by default and JSON only with
 * --json (tokens and faults printed raw JSON, and removals printed `null`).
 */
import { describe, expect, it } from 'vitest'
import { runCli } from './support/cli.ts'
import { cliSimulators } from './support/cli-simulators.ts'

const live = cliSimulators()

const isJson = (text: string) => {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Runs a command, expecting exit 0 and text that is not JSON (nor `null`). */
async function human(args: string[]): Promise<string> {
  const result = await runCli(args, live.env)
  expect(result.code, result.err).toBe(0)
  expect(isJson(result.out), result.out).toBe(false)
  return result.out
}

describe('pushsim tokens', () => {
  const apns = 'ef'.repeat(32)
  it('register, unregister, list and remove print sentences and a table; --json the API answer', async () => {
    expect(await human(['tokens', 'apns', 'register', apns, '--state', 'valid', '--topic', 'com.example.human'])).toBe(`apns token ${apns}: valid (topic com.example.human)\n`)
    expect(await human(['tokens', 'apns', 'unregister', apns, '--at', '1700000000000'])).toBe(`apns token ${apns}: unregistered since 2023-11-14T22:13:20.000Z\n`)
    expect(await human(['tokens', 'fcm', 'register', 'abc:APA91bHuman', '--project', 'demo'])).toBe('fcm token abc:APA91bHuman: valid (project demo)\n')

    const table = (await human(['tokens', 'apns', 'list'])).split('\n')
    expect(table[0]).toMatch(/^TOKEN\s+STATE\s+TOPIC\s+ENVIRONMENT\s+UNREGISTERED AT$/)
    expect(table).toContainEqual(expect.stringMatching(new RegExp(`^${apns}\\s+unregistered\\s+com\\.example\\.human\\s+-\\s+2023-11-14T22:13:20\\.000Z$`)))
    expect(table.at(-2)).toBe('1 token')

    expect(await human(['tokens', 'apns', 'remove', apns])).toBe(`apns token ${apns}: removed (valid again)\n`)
    expect(await human(['tokens', 'apns', 'list'])).toBe('no apns tokens with a registered state\n')

    const listed = await runCli(['tokens', 'fcm', 'list', '--json'], live.env)
    expect(JSON.parse(listed.out)).toEqual([{ token: 'abc:APA91bHuman', project: 'demo', state: 'valid' }])
    const removed = await runCli(['tokens', 'fcm', 'remove', 'abc:APA91bHuman', '--json'], live.env)
    expect(JSON.parse(removed.out)).toEqual({ provider: 'fcm', token: 'abc:APA91bHuman', removed: true })
  })
})

describe('pushsim faults', () => {
  it('add, list, remove and clear print one line a fault; --json the API answer', async () => {
    expect(await human(['faults', 'list'])).toBe('no faults\n')
    expect(await human(['faults', 'add', 'apns:error=Unregistered:p=0.5', 'fcm:hang:first=2'])).toBe('added f1  error  apns  code=Unregistered  p=0.5\nadded f2  hang  fcm  first=2\n')
    const list = await human(['faults', 'list'])
    expect(list).toBe('f1  error  apns  code=Unregistered  p=0.5\nf2  hang  fcm  first=2\n2 faults\n')
    expect(await human(['faults', 'remove', 'f1'])).toBe('removed f1\n')
    expect(await human(['faults', 'clear'])).toBe('removed every fault\n')

    const added = await runCli(['faults', 'add', '*:outage:window=10s-20s:retry-after=30', '--json'], live.env)
    const [outage] = JSON.parse(added.out) as { id: string }[]
    expect(outage).toMatchObject({ id: expect.any(String), type: 'outage', schedule: { kind: 'window' } })
    const text = await human(['faults', 'list'])
    expect(text).toBe(`${outage!.id}  outage  *  retryAfterSeconds=30  window=10000-20000ms\n1 fault\n`)
    const removed = await runCli(['faults', 'remove', outage!.id, '--json'], live.env)
    expect(JSON.parse(removed.out)).toEqual({ removed: [outage!.id] })
  })
})
