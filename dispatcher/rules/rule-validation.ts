import type { CampaignRules } from '../model/entities.ts'
import { parseClock, type ClockTime } from './local-time.ts'

/** The timing rules in parsed form. */
export interface ParsedTimingRules {
  dnd?: { start: ClockTime; end: ClockTime; mode: 'discard' | 'delay' }
  localTime?: ClockTime
  recurringDay?: number
  cutoffAt?: number
  ttlSeconds?: number
}

export type ParsedRules = { ok: true; timing: ParsedTimingRules } | { ok: false; problems: string[] }

const isShare = (value: number): boolean => Number.isFinite(value) && value >= 0 && value <= 1

/** Reads a campaign's rules without throwing: every unreadable rule is named in `problems`. */
export function parseRules(rules: CampaignRules): ParsedRules {
  const problems: string[] = []
  const timing: ParsedTimingRules = {}
  if (rules.dnd !== undefined) {
    const start = parseClock(rules.dnd.start)
    const end = parseClock(rules.dnd.end)
    if (!start) problems.push(`dnd.start is not HH:MM: ${rules.dnd.start}`)
    if (!end) problems.push(`dnd.end is not HH:MM: ${rules.dnd.end}`)
    if (rules.dnd.mode !== 'discard' && rules.dnd.mode !== 'delay') problems.push(`dnd.mode is not discard or delay: ${String(rules.dnd.mode)}`)
    if (start && end) timing.dnd = { start, end, mode: rules.dnd.mode }
  }
  if (rules.localTime !== undefined) {
    const localTime = parseClock(rules.localTime)
    if (localTime) timing.localTime = localTime
    else problems.push(`localTime is not HH:MM: ${rules.localTime}`)
  }
  if (rules.recurringDay !== undefined) {
    if (Number.isInteger(rules.recurringDay) && rules.recurringDay >= 1 && rules.recurringDay <= 31) timing.recurringDay = rules.recurringDay
    else problems.push(`recurringDay is not a day of the month 1–31: ${String(rules.recurringDay)}`)
  }
  if (rules.cutoffAt !== undefined) {
    if (Number.isFinite(rules.cutoffAt)) timing.cutoffAt = rules.cutoffAt
    else problems.push('cutoffAt is not a finite epoch ms')
  }
  if (rules.ttlSeconds !== undefined) {
    if (Number.isFinite(rules.ttlSeconds) && rules.ttlSeconds >= 0) timing.ttlSeconds = rules.ttlSeconds
    else problems.push('ttlSeconds is not a non-negative number')
  }
  if (rules.frequencyCapPerDay !== undefined && !(Number.isInteger(rules.frequencyCapPerDay) && rules.frequencyCapPerDay >= 0)) {
    problems.push('frequencyCapPerDay is not a non-negative integer')
  }
  if (rules.controlGroupShare !== undefined && !isShare(rules.controlGroupShare)) problems.push('controlGroupShare is not within 0..1')
  return problems.length === 0 ? { ok: true, timing } : { ok: false, problems }
}
