/**
 * Escaping for XML and HTML text and attributes: the five markup
 * characters, and the control characters XML 1.0 cannot carry at all
 * (replaced, since a scenario name or an answer's reason is not ours to trust).
 */
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

export const xmlText = (value: string): string => value.replace(NOT_XML, '\ufffd').replace(/[&<>"']/g, (char) => ESCAPES[char]!)

/** Attributes also keep their line breaks and tabs as character references (a parser would fold them to spaces). */
export const xmlAttribute = (value: string): string => xmlText(value).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
