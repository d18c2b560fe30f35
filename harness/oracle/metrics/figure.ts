/** How a figure compares (§8): counts exactly, rates within the tolerance (null ⇔ null), records key by key (a missing key is 0). */
export type FigureKind = 'count' | 'rate' | 'record'

export type Figures = Record<string, number | null | Record<string, number>>

export type FigureKinds = Record<string, FigureKind>
