/** A rate in percent, or null when its denominator is zero (§8). */
export type Rate = number | null

export interface WebPushProfile {
  sent: number
  /** null when unknown: every sent delivery is Safari's (§10). */
  views: number | null
  clicks: number
  ctr: Rate
  errorsByCode: Record<string, number>
}

export interface MobileProfile {
  qualified: number
  sent: number
  /** null when unknown: every sent delivery is Safari's (§10). */
  impressions: number | null
  impressionRate: Rate
  clicks: number
  clickRate: Rate
  ctr: Rate
  convertedUsers: number
  errors: { technical: number; nonTechnical: number; byCode: Record<string, number> }
  controlGroup: number
  viewThroughConversion: Rate
  clickThroughConversion: Rate
  impressionsByOs: Record<string, number>
  impressionsByDevice: Record<string, number>
}

export interface PersonStatusProfile {
  byStatus: Record<import('../model/lifecycle.ts').PersonStatus, number>
  sends: number
  recipients: number
  errorRate: Rate
}

export type Period = 'day' | 'week' | 'month'

export interface Trend {
  /** Period start, `YYYY-MM-DD` (weeks start on Monday, UTC). */
  period: string
  sent: number
  viewed: number
  clicked: number
}
