// firebase-admin's messaging.send() (HTTP/1.1): resolves a message id, or throws FirebaseMessagingError.
import type { OpenClient } from '../library-adapter.ts'
import { firebaseClient } from './firebase-client.ts'

const open: OpenClient = () =>
  firebaseClient('pushsim-matrix-send', async (messaging, token) => {
    await messaging.send({ token, notification: { title: 'pushsim matrix' } })
    return { ok: true }
  })
export default open
