import { rootCertificates } from 'node:tls'

/** The system roots plus the configured CA: `ca` alone would replace the roots (node:tls). */
export function trustedCas(ca: string | undefined): string[] | undefined {
  return ca === undefined ? undefined : [...rootCertificates, ca]
}
