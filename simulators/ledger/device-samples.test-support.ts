/** Device event fields as the harness writes them through ledger.appendEvent: both events, every optional part. */
export function sampleDeviceEvents(): Record<string, unknown>[] {
  const base = { virtualAt: '2026-03-02T09:00:01.250Z', deviceId: 'd1', personId: 'p1', channel: 'apns', deliveryId: 'dl-1', exchange: 1 }
  return [
    { event: 'decision', ...base, decision: { delivered: true, opened: true, converted: false, reason: null }, due: { delivered: '2026-03-02T09:00:02.000Z', opened: '2026-03-02T09:05:00.000Z' } },
    { event: 'decision', ...base, channel: 'webpush-safari', decision: { delivered: false, opened: false, converted: false, reason: 'safari-no-events' }, due: {} },
    { event: 'decision', ...base, channel: 'fcm', deliveryId: null, decision: { delivered: false, opened: false, converted: false, reason: 'untracked' }, due: {} },
    { event: 'report', ...base, report: 'delivered', duplicate: false, status: 202, attempt: 1 },
    { event: 'report', ...base, channel: 'webpush-firefox', report: 'opened', duplicate: true, status: 409, error: 'POST /track answered 409: duplicate' },
    { event: 'report', ...base, report: 'converted', duplicate: false, status: null, attempt: 4, error: 'POST /conversions at http://127.0.0.1:1 failed: connect ECONNREFUSED' },
  ]
}
