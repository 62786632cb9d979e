import type { TracingSdkSettings } from './tracing-sdk-env.util';

// Where startTracing() keeps the SDK it registered, apart from the SDK itself: the gateway's
// module (its shutdown flush, its bootstrap line) reads it without loading any OpenTelemetry SDK
// package, which an app that does not trace need not install (they are optional peers).

/** The SDK `startTracing()` registered: its settings, and how to flush it and shut it down. */
export interface TracingSdk {
  readonly settings: TracingSdkSettings;
  /**
   * Exports the spans still queued and shuts the provider down (once; later calls wait for the
   * first). Resolves false when that took longer than `timeoutMs` or failed: those spans are lost.
   */
  shutdown(timeoutMs?: number): Promise<boolean>;
}

// On globalThis, so that the app's shutdown finds the SDK whichever copy of this file registered it.
export const SDK = Symbol.for('skillnest.tracing.sdk');
export type WithSdk = typeof globalThis & { [SDK]?: TracingSdk };

/** Most time the drain's end waits for the last spans to be exported (a collector that does not answer must not hold the exit). */
export const DEFAULT_TRACING_FLUSH_MS = 5_000;

/** The SDK `startTracing()` set up in this process, if it did. */
export function tracingSdk(): TracingSdk | undefined {
  return (globalThis as WithSdk)[SDK];
}
