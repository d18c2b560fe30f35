import type { Argv } from 'yargs'
import { callAdmin } from '../admin-client.ts'
import type { CliIo } from '../io.ts'
import { adminOf, printJsonOr, withAdmin } from './admin-option.ts'

export function credentialsCommand(io: CliIo) {
  return {
    command: 'credentials <provider>',
    describe: 'Create test credentials the running simulator accepts: an APNs signing key (.p8) or an FCM service-account JSON',
    builder: (yargs: Argv) =>
      withAdmin(yargs, io)
        .positional('provider', { choices: ['apns', 'fcm'] as const, demandOption: true, describe: 'apns: a .p8 signing key with its key id and team id; fcm: a service-account JSON' })
        .option('topic', { type: 'string', describe: 'APNs: bundle id to use as apns-topic (default com.example.pushsim)' })
        .option('project', { type: 'string', describe: 'FCM: project id (default pushsim-demo)' })
        .option('token-uri', { choices: ['simulator', 'google'] as const, default: 'simulator' as const, describe: "FCM: the service account's token_uri: this simulator's /token, or Google's (for programs run through `pushsim exec`, which keep Google's hosts)" })
        .example('$0 credentials apns --topic com.example.app', 'a signing key the APNs simulator accepts for that bundle id')
        .example('$0 credentials fcm --project my-project', 'a service account whose OAuth2 tokens the FCM simulator accepts')
        .example('$0 credentials fcm --token-uri google', 'the same with token_uri https://oauth2.googleapis.com/token, for `pushsim exec`'),
    handler: async (argv: { provider: 'apns' | 'fcm'; admin: string; 'admin-token'?: string; json: boolean; topic?: string; project?: string; 'token-uri': 'simulator' | 'google' }) => {
      const body = argv.provider === 'apns' ? { topic: argv.topic } : { projectId: argv.project, tokenUri: argv['token-uri'] }
      const made = (await callAdmin(adminOf(argv, io), 'POST', `/${argv.provider}/credentials`, body)) as Record<string, string>
      printJsonOr(io, argv.json, made, () =>
        argv.provider === 'apns'
          ? `key id   ${made.keyId}\nteam id  ${made.teamId}\ntopic    ${made.topic}\nkey      ${made.keyPath}\n`
          : `service account  ${made.path}\nproject          ${made.projectId}\nclient email     ${made.clientEmail}\n`,
      )
    },
  }
}
