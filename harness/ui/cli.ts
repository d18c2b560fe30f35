/**
 * `--ui` and `--ui-port` for `pushsim serve` and `pushsim run`: starts the
 * dashboard and says where it is and how to pass its token.
 *
 * The token is the admin token when one is set (--admin-token,
 * PUSHSIM_ADMIN_TOKEN), and then never printed. Without one the dashboard
 * makes its own for this process and prints it in the address, as Jupyter
 * does: unlike the admin API's clients, a browser runs other sites' code,
 * which can reach a loopback port, so loopback alone does not guard a page.
 */
import { randomBytes } from 'node:crypto'
import type { Argv } from 'yargs'
import { CliFailure, ExitCode } from '../cli/exit-codes.ts'
import { numberOption } from '../cli/number-option.ts'
import type { RunOptions } from '../run/run.ts'
import { DEFAULT_UI_PORT, startDashboard, type Dashboard } from './server.ts'

export function withUiOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('ui', { type: 'boolean', default: false, describe: 'Serve the live dashboard on loopback: exchanges, faults with controls, the run’s progress and stats' })
    .option('ui-port', { type: 'string', default: String(DEFAULT_UI_PORT), coerce: numberOption('ui-port', { integer: true, min: 0, max: 65_535 }), describe: 'Port of the dashboard, with --ui (0: any free port)' })
}

export interface StartedDashboard {
  dashboard: Dashboard
  /** The line to print: the address, with the token or how to pass it. */
  line: string
  /** The address to open, with the token when it is the dashboard's own. */
  openUrl: string
}

export async function startUi(port: number, adminToken: string | undefined): Promise<StartedDashboard> {
  const token = adminToken ?? randomBytes(24).toString('base64url')
  let dashboard: Dashboard
  try {
    dashboard = await startDashboard({ token, port })
  } catch (error) {
    const err = error as NodeJS.ErrnoException
    throw new CliFailure(ExitCode.START_FAILED, `Failed to start the dashboard on port ${port}: ${err.message}.`, 'Pass another --ui-port (0 picks a free port).')
  }
  const openUrl = adminToken === undefined ? `${dashboard.url}?token=${token}` : dashboard.url
  const line = adminToken === undefined ? `Dashboard  ${openUrl}  (its token lives as long as this process)` : `Dashboard  ${dashboard.url}?token=<admin token>  (the token of --admin-token or $PUSHSIM_ADMIN_TOKEN)`
  return { dashboard, line, openUrl }
}

/** The run's callbacks that feed the dashboard, beside the terminal's progress line when there is one. */
export function dashboardRunHooks(dashboard: Dashboard, onProgress: RunOptions['onProgress']): Pick<RunOptions, 'onProgress' | 'onCampaignStats' | 'onSimulatorsStarted'> {
  return {
    onProgress: (progress) => {
      onProgress?.(progress)
      dashboard.run.progress(progress)
    },
    onCampaignStats: (stats) => dashboard.run.campaigns(stats),
    onSimulatorsStarted: (sims) => dashboard.attach(sims),
  }
}
