// firebase-admin's messaging.sendEach() (HTTP/2), one message per call: resolves a BatchResponse whose one response says how it went.
import type { OpenClient } from '../library-adapter.ts'
import { firebaseClient, firebaseFailure } from './firebase-client.ts'

const open: OpenClient = () =>
  firebaseClient('pushsim-matrix-send-each', async (messaging, token) => {
    const response = (await messaging.sendEach([{ token, notification: { title: 'pushsim matrix' } }])).responses[0]!
    return response.success ? { ok: true } : firebaseFailure(response.error)
  })
export default open
