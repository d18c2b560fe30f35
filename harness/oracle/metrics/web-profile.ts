/**
 * The web push profile (§8, web push vendor): Sent (accepted deliveries),
 * Views, Clicks (unique per delivery), CTR = Clicks / Views × 100 with
 * Safari out of both sides (§10), errors by code.
 */
import { isSafari, type MessageFact } from '../aggregation/facts/model.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from '../interpretations.ts'
import { errorsByCode } from './errors.ts'
import type { FigureKinds } from './figure.ts'
import { rate } from './rate.ts'
import { acceptedOf, viewsOf } from './scope.ts'

export interface WebFigures {
  sent: number
  views: number | null
  clicks: number
  ctr: number | null
  errorsByCode: Record<string, number>
  [figure: string]: number | null | Record<string, number>
}

export const WEB_FIGURES: FigureKinds = { sent: 'count', views: 'count', clicks: 'count', ctr: 'rate', errorsByCode: 'record' }

export function webFigures(messages: readonly MessageFact[], interpretations: Interpretations = DEFAULT_INTERPRETATIONS): WebFigures {
  const accepted = acceptedOf(messages)
  const { views } = viewsOf(accepted)
  const clicked = accepted.filter((delivery) => delivery.openedAt !== null)
  const knowableClicks = clicked.filter((delivery) => !isSafari(delivery.channel)).length
  return { sent: accepted.length, views, clicks: clicked.length, ctr: rate(knowableClicks, views), errorsByCode: errorsByCode(messages, interpretations['expired-errors']) }
}
