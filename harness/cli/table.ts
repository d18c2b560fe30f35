/** Rows under a header, each column padded to its widest cell, two spaces apart. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const table = [header, ...rows]
  const widths = header.map((_, column) => Math.max(...table.map((row) => row[column]!.length)))
  return table.map((row) => row.map((value, column) => value.padEnd(widths[column]!)).join('  ').trimEnd())
}
