/**
 * Another process's CPU time and peak RSS, read from /proc while it lives
 * (Linux): what the bench compares when wall-clock rates are noisy on a
 * shared machine. CPU seconds are user + system, at the kernel's 100 ticks/s.
 */
import { readFileSync } from 'node:fs'

export interface ProcSample {
  wallMs: number
  cpuSeconds: number
  peakRssMb: number
}

const TICKS_PER_SECOND = 100

/** Undefined once the process is gone (or off Linux). */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    // Fields after the command name `(…)`: state is 3rd, utime 14th and stime 15th of the whole line.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return { wallMs: Date.now(), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, peakRssMb: kb === undefined ? 0 : Math.round(Number(kb) / 1024) }
  } catch {
    return undefined
  }
}

/** The last sample taken at or before `wallMs` (the first one when none was). */
export const sampleAt = (samples: readonly ProcSample[], wallMs: number): ProcSample | undefined => samples.filter((sample) => sample.wallMs <= wallMs).at(-1) ?? samples[0]

/** CPU ms per item, two decimals. */
export const cpuMsPer = (cpuSeconds: number, items: number): number => (items > 0 ? Math.round((cpuSeconds * 100_000) / items) / 100 : 0)
