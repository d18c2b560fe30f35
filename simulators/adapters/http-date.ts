// The Date header changes once a second; render it once a second.
let dateSecond = -1
let dateText = ''

/** The current time as an IMF-fixdate (RFC 9110 §5.6.7), as node's servers send it in `Date`. */
export function httpDate(): string {
  const now = Date.now()
  const second = Math.floor(now / 1000)
  if (second !== dateSecond) {
    dateSecond = second
    dateText = new Date(now).toUTCString()
  }
  return dateText
}
