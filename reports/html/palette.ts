/** The report's colours: one per series, the dispatcher's solid and the oracle's dashed in the same hue, so the pairs read together. */
export const COLOURS = { sent: '#2563eb', viewed: '#16a34a', clicked: '#ea580c', errors: '#dc2626', dispatcher: '#2563eb', oracle: '#7c3aed', neutral: '#64748b' } as const

export const dispatcherSeries = (label: string, colour: string, data: readonly (number | null)[]) => ({ label: `${label} (dispatcher)`, data, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 3 })

export const oracleSeries = (label: string, colour: string, data: readonly (number | null)[]) => ({ label: `${label} (oracle)`, data, borderColor: colour, backgroundColor: `${colour}55`, borderDash: [6, 4], borderWidth: 2, pointRadius: 3, pointStyle: 'rectRot' })
