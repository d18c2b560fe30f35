/**
 * The campaign-rule cases (push-semantics §9, §10) on hand-built runs: each
 * passes on a dispatcher that follows the rule, fails with evidence on one
 * that breaks it, and is skipped when nothing exercises it.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { controlGroupCase } from '../harness/oracle/cases/rules/control-group.ts'
import { cutoffCase } from '../harness/oracle/cases/rules/cutoff.ts'
import { dndDelayCase, dndDiscardCase } from '../harness/oracle/cases/rules/dnd.ts'
import { frequencyCapCase, optOutCase } from '../harness/oracle/cases/rules/frequency-cap.ts'
import { localTimeCase } from '../harness/oracle/cases/rules/local-time.ts'
import { personalisationCase } from '../harness/oracle/cases/rules/personalisation.ts'
import { recurringDayCase } from '../harness/oracle/cases/rules/recurring-day.ts'
import { safariDeepLinkCase } from '../harness/oracle/cases/rules/safari-deep-link.ts'
import { testSendsCase } from '../harness/oracle/cases/rules/test-sends.ts'
import { unsubscribedPersonsCase } from '../harness/oracle/cases/rules/unsubscribed-persons.ts'
import { variantSharesCase } from '../harness/oracle/cases/rules/variant-shares.ts'
import { binomialBand } from '../harness/oracle/rules/binomial.ts'
import { readOwedSends } from '../harness/oracle/rules/read-sends.ts'
import { instantOfLocal, localOf, nextLocalTime, nextMonthDay } from '../harness/oracle/rules/local-clock.ts'
import { at, campaign, message, person, rulesRun, template } from './support/rules-run.ts'
import { tempDir } from './support/temp-dir.ts'

const T0 = at('2026-06-01T08:00:00Z')
const HOUR = 3_600_000

describe('local clock', () => {
  it('reads and builds local times across a DST change', () => {
    // Berlin 2026-03-29: 02:00 CET → 03:00 CEST; 09:00 CEST is 07:00 UTC.
    expect(new Date(nextLocalTime(at('2026-03-28T21:00:00Z'), 'Europe/Berlin', 9 * 60)).toISOString()).toBe('2026-03-29T07:00:00.000Z')
    expect(new Date(instantOfLocal('America/New_York', 2026, 1, 15, 9 * 60)).toISOString()).toBe('2026-01-15T14:00:00.000Z')
    expect(localOf(at('2026-06-01T23:30:00Z'), 'Asia/Tokyo').date).toBe('2026-06-02')
    expect(nextMonthDay(at('2026-01-20T12:00:00Z'), 'UTC', 15)).toBe('2026-02-15')
    expect(nextMonthDay(at('2026-01-31T12:00:00Z'), 'UTC', 30)).toBe('2026-03-30')
  })
})

describe('rules.frequency-cap and rules.opt-out', () => {
  const people = [person('p1'), person('p2')]
  const morning = campaign('morning', { frequencyCap: { perDay: 1 } }, T0, [message('p1', [[T0 + 1000]]), message('p2', [[T0 + 1000]])])
  it('passes when the second capped campaign of the day is stopped and the opted-out one is sent', () => {
    const news = campaign('news', {}, T0 + HOUR, [message('p1', [[T0 + HOUR + 1000]]), message('p2', [[T0 + HOUR + 1000]])])
    const evening = campaign('evening', { frequencyCap: { perDay: 1 } }, T0 + 2 * HOUR, [message('p1', [[]], { code: 'frequency_exceeded' }), message('p2', [[]], { code: 'frequency_exceeded' })])
    const run = rulesRun([morning, news, evening], people)
    expect(frequencyCapCase(run)).toMatchObject({ verdict: 'pass', checked: 4 })
    expect(optOutCase(run)).toMatchObject({ verdict: 'pass', checked: 2 })
  })
  it('fails a capped message sent as the second notification of the local day, and a stop before the cap', () => {
    const evening = campaign('evening', { frequencyCap: { perDay: 1 } }, T0 + 2 * HOUR, [message('p1', [[T0 + 2 * HOUR + 1000]])])
    const failed = frequencyCapCase(rulesRun([morning, evening], people))
    expect(failed.verdict).toBe('fail')
    expect(failed.evidence[0]).toMatchObject({ personId: 'p1', actual: 2 })
    const stoppedEarly = campaign('first', { frequencyCap: { perDay: 2 } }, T0, [message('p1', [[]], { code: 'frequency_exceeded' })])
    expect(frequencyCapCase(rulesRun([stoppedEarly], people)).evidence[0]).toMatchObject({ actual: 0 })
  })
  it('the day is the person’s: Tokyo’s next morning is a new day', () => {
    const tokyo = [person('p1', { timezone: 'Asia/Tokyo' })]
    const late = campaign('late', { frequencyCap: { perDay: 1 } }, at('2026-06-01T14:00:00Z'), [message('p1', [[at('2026-06-01T14:00:01Z')]])])
    const early = campaign('early', { frequencyCap: { perDay: 1 } }, at('2026-06-01T15:30:00Z'), [message('p1', [[at('2026-06-01T15:30:01Z')]])])
    expect(frequencyCapCase(rulesRun([late, early], tokyo)).verdict).toBe('pass')
    expect(frequencyCapCase(rulesRun([late, early], [person('p1', { timezone: 'UTC' })])).verdict).toBe('fail')
  })
  it('opt-out fails when a campaign without a cap is stopped as frequency exceeded; skipped without any cap', () => {
    const news = campaign('news', {}, T0 + HOUR, [message('p1', [[]], { code: 'frequency_exceeded' })])
    expect(optOutCase(rulesRun([morning, news], people))).toMatchObject({ verdict: 'fail', violations: 1 })
    expect(optOutCase(rulesRun([news], people)).verdict).toBe('skipped')
  })
})

describe('rules.dnd.*', () => {
  // 21:00–09:00 in Berlin (CEST, UTC+2 in June): a campaign at 22:00 local, 20:00 UTC.
  const berlin = [person('p1', { timezone: 'Europe/Berlin' }), person('p2', { timezone: 'Europe/Berlin' })]
  const start = at('2026-06-01T20:00:00Z')
  const windowEnd = at('2026-06-02T07:00:00Z')
  it('delay: sent when the window ends passes; sent inside it, or never, fails', () => {
    const plan = { dnd: { from: '21:00', to: '09:00', action: 'delay' as const } }
    expect(dndDelayCase(rulesRun([campaign('c', plan, start, [message('p1', [[windowEnd + 2000]]), message('p2', [[windowEnd + 60_000]])])], berlin))).toMatchObject({ verdict: 'pass', checked: 2 })
    const inside = dndDelayCase(rulesRun([campaign('c', plan, start, [message('p1', [[start + 1000]])])], berlin))
    expect(inside.verdict).toBe('fail')
    expect(inside.evidence[0]!.note).toMatch(/inside DND/)
    expect(dndDelayCase(rulesRun([campaign('c', plan, start, [message('p1', [[]], { state: 'suppressed' })])], berlin)).evidence[0]!.note).toMatch(/never sent/)
    expect(dndDelayCase(rulesRun([campaign('c', plan, start, [message('p1', [[windowEnd + 2 * HOUR]])])], berlin)).verdict).toBe('fail')
  })
  it('a retry that falls due inside the window breaks it in either mode', () => {
    const plan = { dnd: { from: '21:00', to: '09:00', action: 'delay' as const } }
    const before = at('2026-06-01T18:30:00Z')
    expect(dndDelayCase(rulesRun([campaign('c', plan, before, [message('p1', [[before + 1000, at('2026-06-01T19:30:00Z')]])])], berlin)).verdict).toBe('fail')
  })
  it('discard: nothing sent for a message planned inside; sending it later fails', () => {
    const plan = { dnd: { from: '21:00', to: '09:00', action: 'discard' as const } }
    expect(dndDiscardCase(rulesRun([campaign('c', plan, start, [message('p1', [[]], { code: 'dnd_discarded' })])], berlin))).toMatchObject({ verdict: 'pass', checked: 1 })
    const sent = dndDiscardCase(rulesRun([campaign('c', plan, start, [message('p1', [[windowEnd + 1000]])])], berlin))
    expect(sent.verdict).toBe('fail')
    expect(sent.evidence[0]!.note).toMatch(/discard/)
    expect(dndDiscardCase(rulesRun([], berlin)).verdict).toBe('skipped')
  })
})

describe('rules.local-time and rules.recurring-day', () => {
  it('local time: each person at 09:00 of their own zone', () => {
    const people = [person('ny', { timezone: 'America/New_York' }), person('ld', { timezone: 'Europe/London' })]
    const plan = { localTime: '09:00' }
    const start = at('2026-06-01T00:00:00Z')
    const right = campaign('c', plan, start, [message('ny', [[at('2026-06-01T13:00:01Z')]]), message('ld', [[at('2026-06-01T08:00:02Z')]])])
    expect(localTimeCase(rulesRun([right], people))).toMatchObject({ verdict: 'pass', checked: 2 })
    // Everyone at 09:00 UTC: right for nobody here.
    const utc = campaign('c', plan, start, [message('ny', [[at('2026-06-01T09:00:00Z')]]), message('ld', [[at('2026-06-01T09:00:00Z')]])])
    expect(localTimeCase(rulesRun([utc], people))).toMatchObject({ verdict: 'fail', violations: 2 })
  })
  it('recurring day: the next D, never an earlier date', () => {
    const plan = { recurringDay: 15 }
    const start = at('2026-01-20T10:00:00Z')
    expect(recurringDayCase(rulesRun([campaign('c', plan, start, [message('p1', [[at('2026-02-15T09:00:00Z')]])])], [person('p1')])).verdict).toBe('pass')
    const early = recurringDayCase(rulesRun([campaign('c', plan, start, [message('p1', [[at('2026-01-20T10:00:01Z')]])])], [person('p1')]))
    expect(early.verdict).toBe('fail')
    expect(early.evidence[0]!.expected).toMatch(/2026-02-15/)
  })
})

describe('rules.cutoff', () => {
  const plan = { cutoffMs: HOUR }
  it('passes when nothing goes after the cut-off and what it stopped is final', () => {
    const run = rulesRun([campaign('c', plan, T0, [message('p1', [[T0 + 1000]]), message('p2', [[]], { state: 'suppressed', code: 'cutoff_passed' })])], [person('p1'), person('p2')])
    expect(cutoffCase(run)).toMatchObject({ verdict: 'pass', checked: 2 })
  })
  it('fails a retry after the cut-off, and a delivery left pending', () => {
    const late = cutoffCase(rulesRun([campaign('c', plan, T0, [message('p1', [[T0 + 1000, T0 + 2 * HOUR]])])], [person('p1')]))
    expect(late.verdict).toBe('fail')
    expect(late.evidence[0]!.seq).toHaveLength(1)
    expect(cutoffCase(rulesRun([campaign('c', plan, T0, [message('p1', [[]], { state: 'pending' })])], [person('p1')])).verdict).toBe('fail')
  })
})

describe('rules.control-group and rules.variant-shares', () => {
  const persons = Array.from({ length: 400 }, (_, i) => person(`p${i}`))
  const variants = [
    { name: 'A', share: 0.5, template: template('A') },
    { name: 'B', share: 0.5, template: template('B') },
  ]
  /** `control` of 400 held out, then A and B alternately (or all A). */
  const split = (control: number, allA = false) =>
    persons.map((entry, i) => (i < control ? message(entry.id, [], { control: true, variantId: null }) : message(entry.id, [[T0 + i]], { variantId: allA || i % 2 === 0 ? 'A' : 'B' })))
  it('the band is 4 sigma', () => {
    expect(binomialBand(400, 0.2)).toEqual({ low: 80 - 32.5, high: 80 + 32.5 })
  })
  it('passes at the shares, fails off them', () => {
    expect(controlGroupCase(rulesRun([campaign('c', { controlGroup: 0.2, variants }, T0, split(80))], persons))).toMatchObject({ verdict: 'pass' })
    expect(controlGroupCase(rulesRun([campaign('c', { controlGroup: 0.2, variants }, T0, split(0))], persons))).toMatchObject({ verdict: 'fail', violations: 1 })
    expect(variantSharesCase(rulesRun([campaign('c', { controlGroup: 0.2, variants }, T0, split(80))], persons)).verdict).toBe('pass')
    expect(variantSharesCase(rulesRun([campaign('c', { controlGroup: 0.2, variants }, T0, split(80, true))], persons))).toMatchObject({ verdict: 'fail', violations: 2 })
  })
  it('a control person sent the campaign fails', () => {
    const messages = split(80)
    messages[0] = message('p0', [[T0]], { control: true, variantId: null })
    expect(controlGroupCase(rulesRun([campaign('c', { controlGroup: 0.2, variants }, T0, messages)], persons)).evidence[0]!.note).toMatch(/control person was sent/)
  })
})

describe('rules.personalisation, rules.safari-deep-link, rules.test-sends, rules.unsubscribed-persons', () => {
  const named = person('p1', { properties: { firstName: 'Ada' } })
  const nameless = person('p2')
  it('personalisation: missing without fallback fails the message; with a fallback it is sent', () => {
    const strict = { variants: [{ name: 'default', share: 1, template: template('{{firstName}}, hi') }] }
    const right = campaign('c', strict, T0, [message('p1', [[T0]]), message('p2', [[]], { state: 'failed', code: 'missing_template_variable' })])
    expect(personalisationCase(rulesRun([right], [named, nameless]))).toMatchObject({ verdict: 'pass', checked: 2 })
    expect(personalisationCase(rulesRun([campaign('c', strict, T0, [message('p2', [[T0]])])], [nameless])).verdict).toBe('fail')
    const lenient = { variants: [{ name: 'default', share: 1, template: template('{{firstName|there}}, hi') }] }
    expect(personalisationCase(rulesRun([campaign('c', lenient, T0, [message('p2', [[T0]])])], [nameless])).verdict).toBe('pass')
    expect(personalisationCase(rulesRun([campaign('c', lenient, T0, [message('p2', [[]], { state: 'failed', failure: 'missing_template_variable' })])], [nameless])).verdict).toBe('fail')
  })
  it('personalisation reads what was sent: a title or body other than the template rendered for the person fails, with its seq', () => {
    const lenient = { variants: [{ name: 'default', share: 1, template: template('{{firstName|there}}, hi', { body: 'Sale for {{firstName|you}}' }) }] }
    const sent = (personId: string, shown: { title: string; body: string }, channel = 'apns') => {
      const sentMessage = message(personId, [[T0]], { channel })
      sentMessage.deliveries[0]!.attempts[0]!.shown = shown
      return sentMessage
    }
    // Ada has her name; p2 has none and gets the fallbacks; a web push delivery no device decrypted shows nothing and is judged by its status only.
    const right = [sent('p1', { title: 'Ada, hi', body: 'Sale for Ada' }), sent('p2', { title: 'there, hi', body: 'Sale for you' }, 'fcm'), sent('p1', { title: 'Ada, hi', body: 'Sale for Ada' }, 'webpush-chrome'), message('p1', [[T0]], { channel: 'webpush-firefox' })]
    expect(personalisationCase(rulesRun([campaign('c', lenient, T0, right)], [named, nameless]))).toMatchObject({ verdict: 'pass', checked: 7 })
    const fallbackForAda = sent('p1', { title: 'there, hi', body: 'Sale for Ada' })
    const wrong = personalisationCase(rulesRun([campaign('c', lenient, T0, [fallbackForAda])], [named]))
    expect(wrong).toMatchObject({ verdict: 'fail', checked: 2, violations: 1 })
    expect(wrong.evidence[0]).toMatchObject({ personId: 'p1', deliveryId: fallbackForAda.deliveries[0]!.id, seq: [fallbackForAda.deliveries[0]!.attempts[0]!.seq], expected: { title: 'Ada, hi', body: 'Sale for Ada' }, actual: { title: 'there, hi', body: 'Sale for Ada' } })
    expect(personalisationCase(rulesRun([campaign('c', lenient, T0, [sent('p2', { title: 'there, hi', body: '' }, 'fcm')])], [nameless])).verdict).toBe('fail')
    expect(personalisationCase(rulesRun([campaign('c', lenient, T0, [sent('p2', { title: 'Ada, hi', body: 'Sale for you' }, 'webpush-safari')])], [nameless])).verdict).toBe('fail')
  })
  it('safari deep link: sent only with one', () => {
    const linked = { variants: [{ name: 'default', share: 1, template: template('Hi', { deepLink: 'https://shop.example/' }) }] }
    const unlinked = { variants: [{ name: 'default', share: 1, template: template('Hi') }] }
    expect(safariDeepLinkCase(rulesRun([campaign('c', linked, T0, [message('p1', [[T0]], { channel: 'webpush-safari' })])], [named])).verdict).toBe('pass')
    expect(safariDeepLinkCase(rulesRun([campaign('c', unlinked, T0, [message('p1', [[]], { channel: 'webpush-safari', state: 'failed' })])], [named])).verdict).toBe('pass')
    expect(safariDeepLinkCase(rulesRun([campaign('c', unlinked, T0, [message('p1', [[T0]], { channel: 'webpush-safari' })])], [named])).verdict).toBe('fail')
    expect(safariDeepLinkCase(rulesRun([campaign('c', unlinked, T0, [message('p1', [[T0]])])], [named])).verdict).toBe('skipped')
  })
  it('test sends: the test profiles only', () => {
    const tester = person('t1', { test: true })
    const right = campaign('c', { test: true }, T0, [message('t1', [[T0]]), message('p1', [], { failure: 'not_a_test_profile' })])
    expect(testSendsCase(rulesRun([right], [tester, named]))).toMatchObject({ verdict: 'pass', checked: 2 })
    expect(testSendsCase(rulesRun([campaign('c', { test: true }, T0, [message('t1', [[T0]]), message('p1', [[T0]])])], [tester, named])).verdict).toBe('fail')
    expect(testSendsCase(rulesRun([campaign('c', { test: true }, T0, [message('t1', [[]], { state: 'suppressed' })])], [tester])).verdict).toBe('fail')
  })
  it('unsubscribed persons: never attempted, never held out, deliveries suppressed (at least one with a live device)', () => {
    const gone = person('p3', { unsubscribed: true, liveChannels: ['apns'] })
    const judge = (...messages: ReturnType<typeof message>[]) => unsubscribedPersonsCase(rulesRun([campaign('c', {}, T0, messages)], [gone, named]))
    expect(judge(message('p3', [[], []], { state: 'suppressed', code: 'person_unsubscribed' }), message('p1', [[T0]]))).toMatchObject({ verdict: 'pass', checked: 1 })
    expect(judge(message('p3', [[T0]])).evidence[0]).toMatchObject({ personId: 'p3', expected: 'no attempt', actual: 'sent' })
    expect(judge(message('p3', [[]], { state: 'suppressed', control: true })).evidence[0]).toMatchObject({ expected: 'not held out', actual: 'control' })
    expect(judge(message('p3', [[]], { state: 'failed' })).evidence[0]).toMatchObject({ expected: 'suppressed', actual: 'failed' })
    expect(judge(message('p3', [], { failure: 'person_unsubscribed' })).evidence[0]).toMatchObject({ expected: 'suppressed deliveries', actual: 'none' })
    // Without a live device on the campaign's channels, no delivery is right.
    const deviceless = person('p3', { unsubscribed: true, liveChannels: ['fcm'] })
    expect(unsubscribedPersonsCase(rulesRun([campaign('c', {}, T0, [message('p3', [], { failure: 'person_unsubscribed' })])], [deviceless])).verdict).toBe('pass')
    expect(unsubscribedPersonsCase(rulesRun([campaign('c', {}, T0, [message('p1', [[T0]])])], [named])).verdict).toBe('skipped')
  })
  it('unsubscribed persons get a message: a campaign given the whole audience that has none for one with a device fails, naming person and campaign', () => {
    const gone = person('p3', { unsubscribed: true, liveChannels: [], channels: ['apns'] })
    const whole = (messages: ReturnType<typeof message>[], plan: Parameters<typeof campaign>[1] = {}) => ({ ...campaign('c', plan, T0, messages), wholeAudience: true })
    const dropped = unsubscribedPersonsCase(rulesRun([whole([message('p1', [[T0]])])], [gone, named]))
    expect(dropped).toMatchObject({ verdict: 'fail', violations: 1 })
    expect(dropped.evidence[0]).toMatchObject({ campaignId: 'campaign-c', personId: 'p3', expected: 'a message, its deliveries suppressed', actual: 'no message' })
    // Kept: a suppressed message (its dead device gives it none). Not owed: a campaign not given everyone, a device on no campaign channel, a test send to a non-test profile.
    expect(unsubscribedPersonsCase(rulesRun([whole([message('p3', [], { failure: 'person_unsubscribed' }), message('p1', [[T0]])])], [gone, named])).verdict).toBe('pass')
    expect(unsubscribedPersonsCase(rulesRun([campaign('c', {}, T0, [message('p1', [[T0]])])], [gone, named])).verdict).toBe('skipped')
    expect(unsubscribedPersonsCase(rulesRun([whole([message('p1', [[T0]])], { channels: ['fcm'] })], [gone, named])).verdict).toBe('skipped')
    expect(unsubscribedPersonsCase(rulesRun([whole([message('p1', [[T0]])], { test: true })], [gone, named])).verdict).toBe('skipped')
  })
  it('unsubscribed persons get a transactional message: a send the run made for one that got none fails, naming person and send', async () => {
    const dir = tempDir('owed-sends-')
    const line = (key: string, personId: string, messageId: string | null) => JSON.stringify({ message: 'receipt', key, personId, messageId })
    writeFileSync(join(dir, 'sends.ndjson'), [line('k1', 'p3', 'm1'), line('k2', 'p3', null), line('k3', 'p4', 'm3'), line('k4', 'p1', 'm4')].join('\n') + '\n')
    const people = [person('p3', { unsubscribed: true, channels: ['fcm'] }), person('p4', { unsubscribed: true, channels: [] }), named]
    // Kept: the unsubscribed person with a device (p3), both sends; not the deviceless one (p4) nor the subscribed one (p1).
    const owed = await readOwedSends(join(dir, 'sends.ndjson'), (id) => people.find((entry) => entry.id === id))
    expect(owed.map((send) => [send.campaignId, send.key, send.personId, send.messageId])).toEqual([['message-receipt', 'k1', 'p3', 'm1'], ['message-receipt', 'k2', 'p3', null]])
    owed[0]!.reported = true
    const judged = unsubscribedPersonsCase({ ...rulesRun([], people), owedSends: owed })
    expect(judged).toMatchObject({ verdict: 'fail', checked: 2, violations: 1 })
    expect(judged.evidence[0]).toMatchObject({ campaignId: 'message-receipt', personId: 'p3', expected: 'a message, its deliveries suppressed', actual: 'no message' })
    expect(judged.evidence[0]!.note).toMatch(/send k2.*answered no message id/)
    owed[1]!.reported = true
    expect(unsubscribedPersonsCase({ ...rulesRun([], people), owedSends: owed })).toMatchObject({ verdict: 'pass', checked: 2 })
  })
  it('a transactional message to an unsubscribed person is judged as a campaign’s: attempted, unsuppressed, held out or without deliveries fails', () => {
    const gone = person('p3', { unsubscribed: true, liveChannels: ['fcm'], channels: ['fcm'] })
    const owed = (found: ReturnType<typeof message>) => ({ campaignId: 'message-receipt', message: 'receipt', key: 'k1', personId: 'p3', messageId: found.messageId, reported: true, found })
    const judge = (found: ReturnType<typeof message>) => unsubscribedPersonsCase({ ...rulesRun([], [gone]), owedSends: [owed(found)] })
    expect(judge(message('p3', [[]], { channel: 'fcm', code: 'person_unsubscribed' }))).toMatchObject({ verdict: 'pass', checked: 1 })
    const sent = message('p3', [[T0]], { channel: 'fcm' })
    const attempted = judge(sent)
    expect(attempted).toMatchObject({ verdict: 'fail', violations: 1 })
    expect(attempted.evidence[0]).toMatchObject({ campaignId: 'message-receipt', personId: 'p3', seq: [sent.deliveries[0]!.attempts[0]!.seq], expected: 'no attempt', actual: 'sent' })
    expect(attempted.evidence[0]!.note).toMatch(/^receipt \(send k1\), p3:/)
    expect(judge(message('p3', [[]], { channel: 'fcm', state: 'pending' })).evidence[0]).toMatchObject({ expected: 'suppressed', actual: 'pending' })
    expect(judge(message('p3', [[]], { channel: 'fcm', control: true })).evidence[0]).toMatchObject({ expected: 'not held out', actual: 'control' })
    expect(judge(message('p3', [], { failure: 'person_unsubscribed' })).evidence[0]).toMatchObject({ expected: 'suppressed deliveries', actual: 'none' })
    // Any live device is targeted by a transactional message; with none, no delivery is right.
    expect(unsubscribedPersonsCase({ ...rulesRun([], [person('p3', { unsubscribed: true, liveChannels: [], channels: ['fcm'] })]), owedSends: [owed(message('p3', [], { failure: 'person_unsubscribed' }))] }).verdict).toBe('pass')
  })
})
