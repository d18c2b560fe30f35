import { relative, resolve } from 'node:path'
import { DEFAULT_STATE_DIR, type Simulators } from '../../simulators/serve.ts'
import { DEFAULT_ADMIN_URL } from './admin-client.ts'

/** A demo device token: 64 hex characters, as today's iOS tokens are. */
export const DEMO_APNS_TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90'
export const DEMO_FCM_TOKEN = 'dEmOtOkEn00000000000000:APA91bPushsimDemoRegistrationToken'

export interface BannerOptions {
  /** The admin API wants `Authorization: Bearer <token>`: snippets send $PUSHSIM_ADMIN_TOKEN (the token itself is never printed). */
  tokenRequired?: boolean
}

/**
 * The human start-up screen: endpoints, trust, credentials and snippets that
 * work as pasted. Key material is named by its file, never printed: the
 * screen ends up in terminals, logs and CI output.
 */
export function renderBanner(sims: Simulators, cwd: string, options: BannerOptions = {}): string {
  const e = sims.endpoints
  const c = sims.credentials
  const rel = (path: string) => (relative(cwd, path).startsWith('..') ? path : relative(cwd, path) || '.')
  const ca = rel(sims.tls.caPath)
  const cli = 'npm run -s pushsim --'
  // Snippets must work as pasted on any ports and state directory: name them when they are not the defaults.
  const adminFlag = e.admin === DEFAULT_ADMIN_URL ? '' : ` --admin ${e.admin}`
  const stateFlag = sims.stateDir === resolve(cwd, DEFAULT_STATE_DIR) ? '' : ` --state-dir ${rel(sims.stateDir)}`
  const faults = sims.faults.list()
  const auth = options.tokenRequired ? ' -H "authorization: Bearer $PUSHSIM_ADMIN_TOKEN"' : ''
  const adminNote = options.tokenRequired ? '\n             requires Authorization: Bearer <admin token> (the CLI sends $PUSHSIM_ADMIN_TOKEN or --admin-token)' : ''
  const faultLine = faults.length === 0 ? 'none (pushsim faults add …, or --fault / --faults at start)' : faults.map((fault) => `${fault.id} ${fault.type}`).join(', ')
  return `pushsim: APNs, FCM and Web Push simulators on loopback (seed ${sims.seed})

  APNs       ${e.apns}   HTTP/2 over TLS (ALPN h2)
             ${e.apnsH2c}   HTTP/2 cleartext, prior knowledge
  FCM        ${e.fcm}   HTTP/1.1        ${e.fcmTls}  TLS, HTTP/2 + HTTP/1.1
  OAuth2     ${e.oauthToken}
  Web Push   ${e.webpush}   HTTP/1.1        ${e.webpushTls}  TLS, HTTP/2 + HTTP/1.1
  Admin API  ${e.admin}   (GET / lists every route)${adminNote}

  Trust      export NODE_EXTRA_CA_CERTS=${sims.tls.caPath}
  State      ${rel(sims.stateDir)}  (ledger.ndjson, registry.json, credentials/)
  Faults     ${faultLine}${sims.faults.timeScale === 1 ? '' : `  (time scale ${sims.faults.timeScale})`}

Credentials made for you:
  APNs   key id ${c.apns.keyId}, team id ${c.apns.teamId}, topic ${c.apns.topic}, key ${rel(c.apns.keyPath)}
  FCM    service account ${rel(c.fcm.path)} (project ${c.fcm.projectId})
  VAPID  public ${c.vapid.publicKey}, key pair ${rel(c.vapid.path)}

Try it:
  # APNs over HTTP/2 with curl and a provider token
  curl --http2 --cacert ${ca} -H "authorization: bearer $(${cli} token apns${stateFlag})" \\
    -H 'apns-topic: ${c.apns.topic}' -H 'apns-push-type: alert' -d '{"aps":{"alert":"hello"}}' \\
    ${e.apns}/3/device/${DEMO_APNS_TOKEN}

  # FCM HTTP v1 with curl and an OAuth2 access token from the service account
  curl -H "authorization: Bearer $(${cli} token fcm${stateFlag})" -H 'content-type: application/json' \\
    -d '{"message":{"token":"${DEMO_FCM_TOKEN}","notification":{"title":"hello"}}}' \\
    ${e.fcm}/v1/projects/${c.fcm.projectId}/messages:send

  # Web Push with the web-push library (subscribe as Firefox, then send)
  export SUB=$(${cli} subscribe --browser firefox --application-server-key ${c.vapid.publicKey}${adminFlag})
  NODE_EXTRA_CA_CERTS=${ca} node -e "require('web-push').sendNotification(JSON.parse(process.env.SUB), 'hello', {vapidDetails: require('${c.vapid.path}')}).then(r => console.log(r.statusCode))"

  # A dead token: the next send gets 410 Unregistered with this timestamp
  ${cli} tokens apns unregister ${DEMO_APNS_TOKEN}${adminFlag}

  # What the simulators saw
  curl -s${auth} '${e.admin}/ledger?limit=5'

  apns2 and firebase-admin: see README ("Pointing real clients at pushsim").

Ctrl-C stops; the ledger and registry are flushed to ${rel(sims.stateDir)}.
`
}
