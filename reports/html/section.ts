/**
 * What each part of the HTML report gives the page: its markup and the
 * charts it draws. A chart is a Chart.js configuration as plain JSON (no
 * functions), drawn by the page's one script into the canvas of that id.
 */
import { xmlAttribute } from '../xml-escape.ts'

export interface ChartSpec {
  id: string
  config: { type: string; data: unknown; options?: unknown }
  /** Other data sets the chart can switch to (the trend chart's day / week / month), by name. */
  views?: Record<string, unknown>
}

export interface Section {
  html: string
  charts: ChartSpec[]
}

/** A canvas for a chart, labelled for screen readers and for print. */
export function canvas(id: string, label: string, height = 260): string {
  return `<div class="chart" style="height:${height}px"><canvas id="${xmlAttribute(id)}" role="img" aria-label="${xmlAttribute(label)}"></canvas></div>`
}

export const joinSections = (sections: readonly Section[]): Section => ({ html: sections.map((section) => section.html).join('\n'), charts: sections.flatMap((section) => section.charts) })
