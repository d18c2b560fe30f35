import { describe, expect, it } from 'vitest'
import type { Channel } from '../model/channel.ts'
import type { Device, DeviceStatus } from '../model/entities.ts'
import { selectTargets } from './targeting.ts'

const device = (id: string, lastSeenAt: number, lastStatus: DeviceStatus = 'sent', channel: Channel = 'fcm'): Device => ({
  id, personId: 'p', channel, platform: 'android', address: { kind: 'token', token: id },
  sdk: true, lastStatus, bounceStreak: lastStatus === 'suppressed' ? 2 : 0, lastSeenAt,
})
const ids = (devices: Device[]) => devices.map(each => each.id)

describe('last-device targeting', () => {
  it('picks the eligible device seen last', () => {
    const targets = selectTargets('last-device', [device('old', 100), device('new', 300), device('mid', 200, 'bounced')])
    expect(ids(targets.send)).toEqual(['new'])
    expect(targets.suppressed).toEqual([])
  })

  it('skips a suppressed device even when it was seen last', () => {
    const targets = selectTargets('last-device', [device('old', 100, 'unused'), device('newest', 900, 'suppressed')])
    expect(ids(targets.send)).toEqual(['old'])
    expect(targets.suppressed).toEqual([])
  })

  it('breaks a tie on lastSeenAt by the smaller id, whatever the input order', () => {
    expect(ids(selectTargets('last-device', [device('b', 5), device('a', 5)]).send)).toEqual(['a'])
    expect(ids(selectTargets('last-device', [device('a', 5), device('b', 5)]).send)).toEqual(['a'])
  })
})

describe('all-devices targeting', () => {
  it('sends to every eligible device, most recent first, and lists suppressed devices apart', () => {
    const targets = selectTargets('all-devices', [device('x', 1), device('s', 50, 'suppressed'), device('y', 30), device('z', 20, 'bounced')])
    expect(ids(targets.send)).toEqual(['y', 'z', 'x'])
    expect(ids(targets.suppressed)).toEqual(['s'])
  })

  it('has nothing to send when every device is suppressed or there is none', () => {
    expect(selectTargets('all-devices', [device('s', 1, 'suppressed')]).send).toEqual([])
    expect(selectTargets('all-devices', []).send).toEqual([])
    expect(selectTargets('last-device', []).send).toEqual([])
  })

  it('keeps only the channels asked for', () => {
    const devices = [device('a', 1, 'sent', 'apns'), device('f', 2, 'sent', 'fcm'), device('s', 3, 'suppressed', 'apns')]
    expect(ids(selectTargets('all-devices', devices, ['fcm']).send)).toEqual(['f'])
    expect(selectTargets('all-devices', devices, ['fcm']).suppressed).toEqual([])
    expect(ids(selectTargets('all-devices', devices, ['apns']).suppressed)).toEqual(['s'])
  })
})
