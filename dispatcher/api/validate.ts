import { CHANNELS, type Channel } from '../model/channel.ts'
import type { Campaign, Device, Person } from '../model/entities.ts'
import type { AudienceMember } from '../engine/intake.ts'
import type { ClockChange } from '../engine/virtual-clock.ts'

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] }

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/

/** Collects every problem with its path, like the rest of pushsim. */
class Check {
  readonly problems: string[] = []
  string(value: unknown, path: string, optional = false): void {
    if (value === undefined && optional) return
    if (typeof value !== 'string' || value === '') this.problems.push(`${path}: expected a non-empty string`)
  }
  number(value: unknown, path: string, min: number, max: number, optional = true): void {
    if (value === undefined && optional) return
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) this.problems.push(`${path}: expected a number from ${min} to ${max}`)
  }
  oneOf(value: unknown, allowed: readonly string[], path: string): void {
    if (!allowed.includes(value as string)) this.problems.push(`${path}: expected one of ${allowed.join(', ')}`)
  }
  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.problems.push(`${path}: expected true or false`)
  }
  done<T>(value: unknown): Checked<T> {
    return this.problems.length === 0 ? { ok: true, value: value as T } : { ok: false, problems: this.problems }
  }
}

function checkContent(check: Check, content: unknown, path: string): void {
  if (!isObject(content)) return void check.problems.push(`${path}: expected an object`)
  check.string(content.title, `${path}.title`)
  // A title-only notification is fine: the body may be empty (the contract sets no minLength).
  if (typeof content.body !== 'string') check.problems.push(`${path}.body: expected a string`)
  for (const key of ['deepLink', 'icon', 'image'] as const) check.string(content[key], `${path}.${key}`, true)
  if (content.data !== undefined && (!isObject(content.data) || Object.values(content.data).some((v) => typeof v !== 'string'))) check.problems.push(`${path}.data: expected an object of strings`)
}

export function checkCampaign(input: unknown, now: number): Checked<Campaign> {
  const check = new Check()
  if (!isObject(input)) return { ok: false, problems: ['campaign: expected an object'] }
  check.string(input.id, 'id')
  check.string(input.name, 'name')
  check.oneOf(input.targeting, ['last-device', 'all-devices'], 'targeting')
  check.oneOf(input.profile, ['webpush', 'mobile', 'person-status'], 'profile')
  if (!Array.isArray(input.variants) || input.variants.length === 0) check.problems.push('variants: expected at least one variant')
  else {
    input.variants.forEach((variant: unknown, i) => {
      if (!isObject(variant)) return void check.problems.push(`variants[${i}]: expected an object`)
      check.string(variant.id, `variants[${i}].id`)
      check.number(variant.share, `variants[${i}].share`, 0, 1, false)
      checkContent(check, variant.content, `variants[${i}].content`)
    })
    const total = input.variants.reduce((sum: number, v: unknown) => sum + (isObject(v) && typeof v.share === 'number' ? v.share : 0), 0)
    if (Math.abs(total - 1) > 1e-9) check.problems.push(`variants: shares sum to ${total}, expected 1`)
  }
  const rules = input.rules ?? {}
  if (!isObject(rules)) check.problems.push('rules: expected an object')
  else {
    check.number(rules.frequencyCapPerDay, 'rules.frequencyCapPerDay', 1, 10_000)
    check.number(rules.ttlSeconds, 'rules.ttlSeconds', 0, 2_419_200)
    check.number(rules.controlGroupShare, 'rules.controlGroupShare', 0, 1)
    check.number(rules.cutoffAt, 'rules.cutoffAt', 0, Number.MAX_SAFE_INTEGER)
    if (rules.recurringDay !== undefined && !(Number.isInteger(rules.recurringDay) && (rules.recurringDay as number) >= 1 && (rules.recurringDay as number) <= 31)) check.problems.push('rules.recurringDay: expected a day of the month, 1–31')
    if (rules.localTime !== undefined && !HH_MM.test(String(rules.localTime))) check.problems.push('rules.localTime: expected HH:MM')
    if (rules.dnd !== undefined) {
      const dnd = rules.dnd
      if (!isObject(dnd)) check.problems.push('rules.dnd: expected {start, end, mode}')
      else {
        if (!HH_MM.test(String(dnd.start))) check.problems.push('rules.dnd.start: expected HH:MM')
        if (!HH_MM.test(String(dnd.end))) check.problems.push('rules.dnd.end: expected HH:MM')
        check.oneOf(dnd.mode, ['discard', 'delay'], 'rules.dnd.mode')
      }
    }
  }
  return check.done({ ...input, rules, createdAt: typeof input.createdAt === 'number' ? input.createdAt : now })
}

/** One member; problems are prefixed with `where` (an audience line, or the field that holds it). */
export function checkMember(input: unknown, line: number, where = `line ${line}`): Checked<AudienceMember> {
  const check = new Check()
  const at = where
  if (!isObject(input) || !isObject(input.person) || !Array.isArray(input.devices)) return { ok: false, problems: [`${at}: expected {person, devices: []}`] }
  const person = input.person as Json
  check.string(person.id, `${at}: person.id`)
  check.string(person.timezone, `${at}: person.timezone`)
  if (!isObject(person.properties)) check.problems.push(`${at}: person.properties: expected an object`)
  const devices = (input.devices as unknown[]).map((device, i) => {
    const path = `${at}: devices[${i}]`
    if (!isObject(device)) return void check.problems.push(`${path}: expected an object`)
    check.string(device.id, `${path}.id`)
    check.oneOf(device.channel, CHANNELS as readonly Channel[], `${path}.channel`)
    check.oneOf(device.platform, ['ios', 'android', 'web'], `${path}.platform`)
    const address = device.address
    if (!isObject(address)) check.problems.push(`${path}.address: expected {kind, …}`)
    else if (address.kind === 'token') check.string(address.token, `${path}.address.token`)
    else if (address.kind === 'subscription') for (const key of ['endpoint', 'p256dh', 'auth']) check.string(address[key], `${path}.address.${key}`)
    else check.problems.push(`${path}.address.kind: expected token or subscription`)
    return { sdk: true, lastSeenAt: 0, ...device, personId: person.id } as Omit<Device, 'lastStatus' | 'bounceStreak'>
  })
  const normalized: AudienceMember = {
    person: { properties: {}, test: false, unsubscribed: false, ...person } as unknown as Person,
    devices: devices.filter((d): d is Omit<Device, 'lastStatus' | 'bounceStreak'> => d !== undefined),
  }
  return check.done(normalized)
}


/**
 * PUT /clock: `{now?: ISO 8601 or epoch ms, timeScale?}`. The fields that read are kept beside the
 * problems, so the clock can add its own (a backwards jump, a scale out of range) to one answer.
 */
export function checkClockChange(input: unknown): { change: ClockChange; problems: string[] } {
  if (!isObject(input)) return { change: {}, problems: ['clock: expected an object {now?, timeScale?}'] }
  const check = new Check()
  for (const key of Object.keys(input)) if (key !== 'now' && key !== 'timeScale') check.problems.push(`${key}: unknown field (expected now, timeScale)`)
  const change: ClockChange = {}
  const now = input.now
  if (typeof now === 'number' && Number.isFinite(now)) change.now = now
  else if (typeof now === 'string' && ISO_INSTANT.test(now) && !Number.isNaN(Date.parse(now))) change.now = Date.parse(now)
  else if (now !== undefined) check.problems.push('now: expected an ISO 8601 instant with a zone (2026-03-29T01:00:00Z) or epoch ms')
  if (input.timeScale !== undefined) {
    if (typeof input.timeScale === 'number') change.timeScale = input.timeScale
    else check.problems.push('timeScale: expected a number in (0, 1]')
  }
  return { change, problems: check.problems }
}

/** An instant, never a local date-time: Date.parse would read a zone-less one in the process's timezone. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** POST /campaigns/{id}/sends: `{key, member}`. */
export function checkTransactional(input: unknown): Checked<{ key: string; member: AudienceMember }> {
  if (!isObject(input)) return { ok: false, problems: ['send: expected an object {key, member}'] }
  const check = new Check()
  check.string(input.key, 'key')
  for (const key of Object.keys(input)) if (key !== 'key' && key !== 'member') check.problems.push(`${key}: unknown field (expected key, member)`)
  const member = checkMember(input.member, 0, 'member')
  if (!member.ok) check.problems.push(...member.problems)
  return check.done({ key: input.key, member: member.ok ? member.value : undefined })
}
