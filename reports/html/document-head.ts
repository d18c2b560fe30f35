import { xmlText as esc } from '../xml-escape.ts'

/** The opening of a self-contained pushsim page, to `<body>`: its content policy names all it may load (nothing from the network). */
export function documentHead(title: string, contentPolicy: string, styles: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentPolicy}">
<title>${esc(title)}</title>
<style>${styles}</style>
</head>
<body>
`
}
