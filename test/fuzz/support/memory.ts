/** A full garbage collection for the memory properties, without starting node with --expose-gc. */
import { setTimeout as sleep } from 'node:timers/promises'
import v8 from 'node:v8'
import vm from 'node:vm'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

/** Collects until freed ArrayBuffer backing stores are returned (they are released off the main thread). */
export async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    gc()
    await sleep(5)
  }
  return process.memoryUsage()
}
