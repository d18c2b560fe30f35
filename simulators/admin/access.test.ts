import { describe, expect, it } from 'vitest'
import { adminExposureProblem, adminTokenProblem, createTokenCheck, isLoopbackHost } from './access.ts'

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'api.localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
  })
  it.each(['0.0.0.0', '::', '[::]', '192.168.1.20', '10.0.0.1', '128.0.0.1', '::ffff:10.0.0.1', 'example.com', 'localhost.example.com', ''])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
})

describe('adminExposureProblem', () => {
  it('allows loopback without a token and anything with one', () => {
    expect(adminExposureProblem('127.0.0.1', undefined)).toBeUndefined()
    expect(adminExposureProblem('0.0.0.0', 'c2VjcmV0LXRva2Vu')).toBeUndefined()
  })

  it('refuses an admin API beyond loopback without a token, with a stable code and a hint naming the fix', () => {
    const problem = adminExposureProblem('0.0.0.0', undefined)
    expect(problem).toEqual({
      code: 'ADMIN_TOKEN_REQUIRED',
      message: 'Failed to start: the admin API would listen on 0.0.0.0, beyond loopback, with no admin token; anyone who reaches it could read the ledger and register credentials.',
      hint: expect.stringContaining('--admin-token or PUSHSIM_ADMIN_TOKEN'),
    })
  })

  it('refuses a token that cannot travel in a Bearer header, without quoting it', () => {
    expect(adminTokenProblem('')).toBe('the admin token is empty')
    expect(adminTokenProblem('two words')).toContain('no spaces')
    expect(adminExposureProblem('127.0.0.1', 'two words')).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(JSON.stringify(adminExposureProblem('127.0.0.1', 'two words'))).not.toContain('two words')
    expect(adminTokenProblem('abc-DEF_123.~+/==')).toBeUndefined()
  })
})

describe('createTokenCheck', () => {
  const check = createTokenCheck('s3cret-token')

  it('accepts the token with any case of the scheme', () => {
    expect(check('Bearer s3cret-token')).toEqual({ ok: true })
    expect(check('bearer s3cret-token')).toEqual({ ok: true })
  })

  it.each([
    [undefined, 'no Authorization header'],
    ['', 'no Authorization header'],
    ['Basic czNjcmV0LXRva2Vu', 'the Authorization header is not a Bearer token'],
    ['Bearer', 'the Authorization header is not a Bearer token'],
    ['Bearer s3cret-toke', 'the bearer token is not the admin token'],
    ['Bearer s3cret-token-and-more', 'the bearer token is not the admin token'],
    ['Bearer S3CRET-TOKEN', 'the bearer token is not the admin token'],
  ])('refuses %j: %s', (header, reason) => {
    const verdict = check(header)
    expect(verdict).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: `Failed to authenticate the admin request: ${reason}.`, hint: expect.any(String) } })
    expect(JSON.stringify(verdict)).not.toContain('s3cret')
  })
})
