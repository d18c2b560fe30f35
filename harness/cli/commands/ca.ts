import { join, resolve } from 'node:path'
import type { Argv } from 'yargs'
import { DEFAULT_STATE_DIR } from '../../../simulators/serve.ts'
import { ensureTlsMaterial } from '../../../simulators/tls/certificates.ts'
import type { CliIo } from '../io.ts'

export function caCommand(io: CliIo) {
  return {
    command: 'ca',
    describe: 'Print the path of the CA certificate to trust (NODE_EXTRA_CA_CERTS), creating it if needed',
    builder: (yargs: Argv) =>
      yargs
        .option('state-dir', { type: 'string', default: io.env.PUSHSIM_STATE_DIR ?? DEFAULT_STATE_DIR, describe: 'Where serve keeps its TLS material (default: $PUSHSIM_STATE_DIR, else .pushsim)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print {"caPath": …} instead of the bare path' })
        .example('export NODE_EXTRA_CA_CERTS=$($0 ca)', 'make Node trust the simulators\' TLS listeners'),
    handler: async (argv: { 'state-dir': string; json: boolean }) => {
      const tls = await ensureTlsMaterial(join(resolve(argv['state-dir']), 'tls'))
      io.out(argv.json ? JSON.stringify({ caPath: tls.caPath }) + '\n' : `${tls.caPath}\n`)
    },
  }
}
