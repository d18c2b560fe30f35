/** Decodes `campaigns` and `messages` (transactional), their templates and personalisation. */
import type { CampaignPlan, MessagePlan, TemplatePlan } from '../plan-types.ts'
import { CHANNELS, PROPERTIES, type Channel, type PropertyName } from '../types.ts'
import {
  child,
  isRecord,
  nearest,
  preview,
  problem,
  readArray,
  readDuration,
  readNumber,
  readRecord,
  readText,
  readTimeOfDay,
  rejectDuplicateNames,
  rejectUnknown,
  shareOr,
  type Problems,
} from './read.ts'

/** What templates are checked against, read from the raw audience: the properties it generates, and whether it has Safari devices. */
export interface AudienceFacts {
  properties: readonly string[]
  safari: boolean
}

const TEMPLATE_KEYS = ['title', 'body', 'deepLink']
const CAMPAIGN_KEYS = ['name', 'template', 'targeting', 'channels', 'variants', 'controlGroup', 'frequencyCap', 'dnd', 'ttl', 'cutoff', 'localTime', 'recurringDay', 'test']
const MESSAGE_KEYS = ['name', 'template', 'targeting', 'ttl']
const TARGETING = ['all-devices', 'last-device'] as const
const PLACEHOLDER = /\{\{\s*([^}|]*?)\s*(?:\|([^}]*))?\}\}/g
const DAY_MS = 86_400_000

export function decodeCampaigns(value: unknown, generated: AudienceFacts, problems: Problems): CampaignPlan[] | undefined {
  if (value === undefined) return []
  if (Array.isArray(value)) rejectDuplicateNames(value, 'campaigns', problems)
  return readArray(value, 'campaigns', problems, (item, path) => decodeCampaign(item, path, generated, problems))
}

export function decodeMessages(value: unknown, generated: AudienceFacts, problems: Problems): MessagePlan[] | undefined {
  if (value === undefined) return []
  if (Array.isArray(value)) rejectDuplicateNames(value, 'messages', problems)
  return readArray(value, 'messages', problems, (item, path) => {
    const record = readRecord(item, path, problems)
    if (record === undefined) return undefined
    const before = problems.length
    rejectUnknown(record, MESSAGE_KEYS, path, problems)
    const name = readText(record.name, child(path, 'name'), problems)
    const template = decodeTemplate(record.template, child(path, 'template'), generated, problems)
    const targeting = readTargeting(record.targeting ?? 'last-device', child(path, 'targeting'), problems)
    const ttlMs = record.ttl === undefined ? 3_600_000 : readDuration(record.ttl, child(path, 'ttl'), problems)
    if (problems.length > before) return undefined
    return { name: name!, template: template!, targeting: targeting!, ttlMs: ttlMs! }
  })
}

function decodeCampaign(value: unknown, path: string, generated: AudienceFacts, problems: Problems): CampaignPlan | undefined {
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  const before = problems.length
  rejectUnknown(record, CAMPAIGN_KEYS, path, problems)
  const at = (key: string) => child(path, key)
  const name = readText(record.name, at('name'), problems)
  const template = decodeTemplate(record.template, at('template'), generated, problems)
  const targeting = readTargeting(record.targeting ?? 'all-devices', at('targeting'), problems)
  const channels = record.channels === undefined ? [...CHANNELS] : readArray(record.channels, at('channels'), problems, (item, p) => readChannel(item, p, problems))
  const variants = template === undefined ? undefined : decodeVariants(record.variants, template, at('variants'), generated, problems)
  const controlGroup = shareOr(record, 'controlGroup', path, problems, 0)
  const frequencyCap = decodeFrequencyCap(record.frequencyCap, at('frequencyCap'), problems)
  const dnd = record.dnd === undefined ? undefined : decodeDnd(record.dnd, at('dnd'), problems)
  const ttlMs = record.ttl === undefined ? 28 * DAY_MS : readDuration(record.ttl, at('ttl'), problems)
  const cutoffMs = record.cutoff === undefined ? undefined : readDuration(record.cutoff, at('cutoff'), problems, { positive: true })
  const localTime = record.localTime === undefined ? undefined : readTimeOfDay(record.localTime, at('localTime'), problems)
  const recurringDay = record.recurringDay === undefined ? undefined : readNumber(record.recurringDay, at('recurringDay'), problems, { integer: true, min: 1, max: 31 })
  if (record.test !== undefined && typeof record.test !== 'boolean') problem(problems, at('test'), `expected true or false, got ${preview(record.test)}`)
  if (channels?.includes('webpush-safari') && generated.safari) requireDeepLinks(record, path, problems)
  if (problems.length > before) return undefined
  return {
    name: name!,
    template: template!,
    targeting: targeting!,
    channels: channels!,
    variants: variants!,
    controlGroup: controlGroup!,
    ...(frequencyCap === undefined ? {} : { frequencyCap }),
    ...(dnd === undefined ? {} : { dnd }),
    ttlMs: ttlMs!,
    ...(cutoffMs === undefined ? {} : { cutoffMs }),
    ...(localTime === undefined ? {} : { localTime }),
    ...(recurringDay === undefined ? {} : { recurringDay }),
    test: record.test === true,
  }
}

/**
 * `{{firstName|there}}` → property firstName, fallback "there". An unknown
 * property is a problem, and so is one without a fallback that the audience
 * does not generate (`generated`): every send would fail.
 */
export function decodeTemplate(value: unknown, path: string, generated: AudienceFacts, problems: Problems): TemplatePlan | undefined {
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  const before = problems.length
  rejectUnknown(record, TEMPLATE_KEYS, path, problems)
  const title = readText(record.title, child(path, 'title'), problems)
  const body = record.body === undefined ? undefined : readText(record.body, child(path, 'body'), problems)
  const deepLink = record.deepLink === undefined ? undefined : readUrl(record.deepLink, child(path, 'deepLink'), problems)
  const placeholders: { property: PropertyName; fallback?: string }[] = []
  for (const [key, text] of [['title', title], ['body', body]] as const) {
    for (const match of (text ?? '').matchAll(PLACEHOLDER)) {
      const property = match[1]!
      if (!(PROPERTIES as readonly string[]).includes(property)) {
        const near = nearest(property, PROPERTIES)
        problem(problems, child(path, key), `unknown property {{${property}}}${near === undefined ? '' : ` (did you mean ${near}?)`}; expected one of: ${PROPERTIES.join(', ')}`)
        continue
      }
      if (match[2] === undefined && !generated.properties.includes(property)) {
        problem(problems, child(path, key), `{{${property}}} has no fallback and audience.properties does not generate ${property}: every send would fail; add it or write {{${property}|fallback}}`)
      }
      placeholders.push({ property: property as PropertyName, ...(match[2] === undefined ? {} : { fallback: match[2] }) })
    }
  }
  if (problems.length > before) return undefined
  return { title: title!, ...(body === undefined ? {} : { body }), ...(deepLink === undefined ? {} : { deepLink }), placeholders }
}

function decodeVariants(value: unknown, template: TemplatePlan, path: string, generated: AudienceFacts, problems: Problems): CampaignPlan['variants'] | undefined {
  if (value === undefined) return [{ name: 'default', share: 1, template }]
  if (Array.isArray(value)) rejectDuplicateNames(value, path, problems)
  const variants = readArray(value, path, problems, (item, at) => {
    const record = readRecord(item, at, problems)
    if (record === undefined) return undefined
    const before = problems.length
    rejectUnknown(record, ['name', 'share', 'template'], at, problems)
    const name = readText(record.name, child(at, 'name'), problems)
    const share = readNumber(record.share, child(at, 'share'), problems, { min: 0, max: 1 })
    const own = record.template === undefined ? template : decodeTemplate(record.template, child(at, 'template'), generated, problems)
    return problems.length > before ? undefined : { name: name!, share: share!, template: own! }
  })
  if (variants === undefined) return undefined
  const sum = variants.reduce((total, variant) => total + variant.share, 0)
  if (variants.length === 0) return problem(problems, path, 'expected at least one variant')
  if (Math.abs(sum - 1) > 1e-6) return problem(problems, path, `shares must sum to 1 (got ${Number(sum.toFixed(6))})`)
  return variants
}

/** Safari renders nothing without a deep link: the campaign's template and each variant's own need one (read raw, so it is reported beside other template problems). */
function requireDeepLinks(record: Readonly<Record<string, unknown>>, path: string, problems: Problems): void {
  const lacks = (template: unknown) => isRecord(template) && template.deepLink === undefined
  const message = 'required when the campaign reaches webpush-safari (Safari renders nothing without a deep link)'
  const variants = Array.isArray(record.variants) ? record.variants : []
  const inherited = variants.length === 0 || variants.some((variant) => isRecord(variant) && variant.template === undefined)
  if (inherited && lacks(record.template)) problem(problems, child(child(path, 'template'), 'deepLink'), message)
  variants.forEach((variant, i) => {
    if (isRecord(variant) && lacks(variant.template)) problem(problems, child(child(child(child(path, 'variants'), i), 'template'), 'deepLink'), message)
  })
}

function decodeFrequencyCap(value: unknown, path: string, problems: Problems): { perDay: number } | undefined {
  if (value === undefined || value === false) return undefined
  const record = readRecord(value, path, problems, 'an object { perDay } or false')
  if (record === undefined) return undefined
  rejectUnknown(record, ['perDay'], path, problems)
  const perDay = readNumber(record.perDay, child(path, 'perDay'), problems, { integer: true, min: 1 })
  return perDay === undefined ? undefined : { perDay }
}

function decodeDnd(value: unknown, path: string, problems: Problems): CampaignPlan['dnd'] | undefined {
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  rejectUnknown(record, ['from', 'to', 'action'], path, problems)
  const from = readTimeOfDay(record.from, child(path, 'from'), problems)
  const to = readTimeOfDay(record.to, child(path, 'to'), problems)
  const action = record.action === 'discard' || record.action === 'delay' ? record.action : problem(problems, child(path, 'action'), `expected discard or delay, got ${preview(record.action)}`)
  return from === undefined || to === undefined || action === undefined ? undefined : { from, to, action }
}

function readTargeting(value: unknown, path: string, problems: Problems): (typeof TARGETING)[number] | undefined {
  if (typeof value === 'string' && (TARGETING as readonly string[]).includes(value)) return value as (typeof TARGETING)[number]
  return problem(problems, path, `expected all-devices or last-device, got ${preview(value)}`)
}

export function readChannel(value: unknown, path: string, problems: Problems): Channel | undefined {
  if (typeof value === 'string' && (CHANNELS as readonly string[]).includes(value)) return value as Channel
  const near = typeof value === 'string' ? nearest(value, CHANNELS) : undefined
  return problem(problems, path, `unknown channel ${preview(value)}${near === undefined ? '' : ` (did you mean ${near}?)`}; expected one of: ${CHANNELS.join(', ')}`)
}

function readUrl(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'string' && URL.canParse(value)) return value
  return problem(problems, path, `expected an absolute URL, got ${preview(value)}`)
}

