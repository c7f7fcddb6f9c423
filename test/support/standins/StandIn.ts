/** An emulator of one AWS service, running on loopback for the whole test run. */
export interface StandIn {
  readonly endpoint: string
  readonly stop: () => Promise<void>
}

export const loopbackUrl = (port: number) => `http://127.0.0.1:${port}`
