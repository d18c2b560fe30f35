// Libraries that ship no type declarations: their adapters read what they return as their READMEs describe it.
declare module 'node-pushnotifications' {
  const PushNotifications: new (settings: unknown) => { send(registrationIds: unknown[], data: unknown): Promise<{ method: string; message: { error?: unknown; errorMsg?: string }[] }[]> }
  export default PushNotifications
}
declare module '@parse/push-adapter'
