/** The person's local calendar day (`YYYY-MM-DD`) at an instant: the frequency cap counts per local day (§9). */
export function localDay(timezone: string, at: number): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
  } catch {
    // An unknown timezone counts in UTC rather than failing the person.
    return new Date(at).toISOString().slice(0, 10)
  }
}
