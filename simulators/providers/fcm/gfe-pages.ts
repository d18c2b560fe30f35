import type { SimResponse } from '../../kernel/index.ts'

/**
 * HTML pages Google's front end (GFE) answers with before any API sees the
 * request: unknown URLs, wrong methods, oversized bodies. The wording is
 * Google's standard error page; its long <style> block and logo are left
 * out [interp]: no client parses them, they only need to be non-JSON.
 */
const HTML_HEADERS = { 'content-type': 'text/html; charset=UTF-8' } as const

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function page(status: number, title: string, sentence: string): SimResponse {
  const body =
    '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n' +
    '  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">\n' +
    `  <title>Error ${status} (${title})!!1</title>\n` +
    '  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n' +
    `  <p><b>${status}.</b> <ins>That\u2019s an error.</ins>\n` +
    `  <p>${sentence}  <ins>That\u2019s all we know.</ins>\n`
  return { status, headers: { ...HTML_HEADERS }, body }
}

/** Path without its query, as GFE quotes it. */
const urlPath = (path: string): string => escapeHtml(path.split('?', 1)[0] ?? '')

export const notFoundPage = (path: string): SimResponse =>
  page(404, 'Not Found', `The requested URL <code>${urlPath(path)}</code> was not found on this server.`)

export const methodNotAllowedPage = (method: string, path: string): SimResponse =>
  page(
    405,
    'Method Not Allowed',
    `The request method <code>${escapeHtml(method)}</code> is inappropriate for the URL <code>${urlPath(path)}</code>.`,
  )

export const tooLargePage = (): SimResponse =>
  page(413, 'Request Entity Too Large', 'Your client issued a request that was too large.\n')

/** Legacy `/fcm/send` without a valid `Authorization: key=…` (§2.8) [obs, exact bytes]. */
export const invalidKeyPage = (): SimResponse => ({
  status: 401,
  headers: { ...HTML_HEADERS },
  body:
    '<HTML>\n<HEAD>\n<TITLE>INVALID_KEY</TITLE>\n</HEAD>\n<BODY BGCOLOR="#FFFFFF" TEXT="#000000">\n' +
    '<H1>INVALID_KEY</H1>\n<H2>Error 401</H2>\n</BODY>\n</HTML>\n',
})

/** What `/fcm/send` answered once fully shut down [obs 2025-02: decision-labs/fcm#136]. */
export const legacyGonePage = (): SimResponse => ({
  status: 404,
  headers: { ...HTML_HEADERS },
  body:
    '<HTML>\n<HEAD>\n<TITLE>Not Found</TITLE>\n</HEAD>\n<BODY BGCOLOR="#FFFFFF" TEXT="#000000">\n\n' +
    '<H1>Not Found</H1>\n<H2>Error 404</H2>\n</BODY>\n</HTML>\n',
})
