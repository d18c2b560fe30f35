import { readFileSync } from 'node:fs'

/**
 * CPU time (user + system, ms) a process has used, from /proc on Linux;
 * undefined elsewhere. Per-request CPU is steadier than requests/s on a
 * shared VM, where throughput swings with neighbours.
 */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, 100 per second on Linux; the name field may hold spaces, so count from ')'.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/** Runs `measure` and adds the server's CPU µs per request to its result. */
export async function withCpu<T extends { total: number }>(pid: number | undefined, measure: () => Promise<T>): Promise<T & { cpuMicrosPerRequest: number | null }> {
  const before = cpuMs(pid)
  const result = await measure()
  const after = cpuMs(pid)
  const micros = before === undefined || after === undefined || result.total === 0 ? null : Math.round(((after - before) * 1000) / result.total)
  return { ...result, cpuMicrosPerRequest: micros }
}
