export { aggregationCases } from './cases.ts'
export { personStatusOf, PERSON_STATUSES, type PersonStatus } from './person-status.ts'
export { readCampaignRecords, type RunRead } from './facts/read-run.ts'
export type * from './facts/model.ts'
