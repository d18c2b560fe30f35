/**
 * timeout.connect.apns, timeout.connect.fcm and timeout.connect.webpush
 * (§2 connect timeout): a connection the provider holds before its TLS
 * handshake or first byte (a slow-connect fault) is given up by the client
 * at its connect timeout, within timeoutWindow's tolerance. From the
 * ledger's `connection` lines (one per held connection, docs/ledger.md):
 * `left` after the window's low bound and by its high bound; `released` or
 * still `open` at shutdown only when the hold ended before the high bound
 * (a client that waited longer has no connect timeout). Web push
 * connections carry no browser until their first request: they are judged
 * against the web push channels' timeouts together (all 10 s by §2). On a
 * cleartext listener the TCP connect completes at once and the client's
 * request waits unanswered, so its read timeout may be the one that fires:
 * there either window is right.
 */
import { CaseBuilder, type CaseResult } from '../case.ts'
import { CHANNELS, type Channel, type ChannelLimits } from '../channel-policy.ts'
import { SEMANTICS, timeoutWindow } from '../oracle-context.ts'
import type { VirtualTime } from '../virtual-time.ts'

export type ConnectGroup = 'apns' | 'fcm' | 'webpush'
export const CONNECT_GROUPS: readonly ConnectGroup[] = ['apns', 'fcm', 'webpush']

/** A ledger `connection` line of event `held`, as written. */
export interface HeldLine {
  seq: number
  provider: string
  connection: number
  acceptedAt: string
  heldMs: number
  outcome: 'released' | 'left' | 'open'
  /** Absent in lines written before the ledger said: taken as TLS. */
  tls?: boolean
  /** Real ms from accept to the outcome. */
  afterMs: number
}

const channelsOf = (group: ConnectGroup): Channel[] => CHANNELS.filter((channel) => (group === 'webpush' ? channel.startsWith('webpush-') : channel === group))

/**
 * The window around the group's connect timeout(s) — or its read timeouts,
 * `read` — in virtual ms, at a time scale: timeoutWindow's, with the low side
 * widened to 10 % of T or 200 wall ms. The hold is measured from the
 * server's accept, which a loaded machine runs a few hundred ms after the
 * client started its timer (250 wall ms seen with a load of 11 on 2 CPUs).
 */
export function connectWindow(limits: Record<Channel, ChannelLimits>, group: ConnectGroup, scale: number, read = false): { low: number; high: number; timeouts: number[] } {
  const timeouts = [...new Set(channelsOf(group).map((channel) => (read ? limits[channel].readTimeoutMs : limits[channel].connectTimeoutMs)))].sort((a, b) => a - b)
  const shortest = timeouts[0]!
  return { low: Math.min(timeoutWindow(shortest, scale).low, shortest - Math.max(0.1 * shortest, 200 / scale)), high: timeoutWindow(timeouts.at(-1)!, scale).high, timeouts }
}

export function judgeConnectTimeouts(held: Iterable<HeldLine>, limits: Record<Channel, ChannelLimits>, time: VirtualTime, skipReason?: string): CaseResult[] {
  const builders = new Map(CONNECT_GROUPS.map((group) => [group, new CaseBuilder(`timeout.connect.${group}`, `a stalled ${group} connect is given up at the connect timeout (${connectWindow(limits, group, 1).timeouts.map((ms) => `${ms / 1000} s`).join(', ')})`, { document: SEMANTICS, section: '§2' })]))
  if (skipReason === undefined) {
    for (const line of held) {
      const group = CONNECT_GROUPS.find((candidate) => candidate === line.provider)
      if (group === undefined) continue
      const wall = Date.parse(line.acceptedAt)
      const connect = connectWindow(limits, group, time.scaleAt(wall))
      const windows = line.tls === false ? [connect, connectWindow(limits, group, time.scaleAt(wall), true)] : [connect]
      const high = Math.max(...windows.map((window) => window.high))
      const after = time.duration(line.afterMs, wall)
      const expected = windows.map((window) => `${Math.round(window.low)}–${Math.round(window.high)} ms`).join(' or ')
      const evidence = (note: string) => ({ seq: [line.seq], expected, actual: `${line.outcome} after ${Math.round(after)} ms`, note: `connection ${line.connection}: ${note}` })
      const builder = builders.get(group)!
      if (line.outcome === 'left') builder.check(windows.some((window) => after >= window.low && after <= window.high) ? undefined : evidence(`connect given up after ${Math.round(after)} ms`))
      else builder.check(after <= high ? undefined : evidence(line.outcome === 'open' ? `still waiting to connect after ${Math.round(after)} ms when the run ended` : `waited ${Math.round(after)} ms for a stalled connect`))
    }
  }
  return CONNECT_GROUPS.map((group) => builders.get(group)!.result(skipReason))
}
