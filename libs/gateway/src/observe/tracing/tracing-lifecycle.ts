import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TracingMessages } from './tracing.messages';
import { tracingSdk } from './tracing-sdk.registry';

/**
 * Says at bootstrap where the spans of `startTracing()`'s SDK go, and flushes and shuts that SDK
 * down at the end of the app's shutdown (after the drain, once the HTTP server has closed and
 * every request's span has ended), so that a SIGTERM loses no span that was still queued. Waits
 * at most `flushTimeoutMs` for the collector. Nothing to do when `startTracing()` set nothing up.
 */
export class TracingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Tracing');

  constructor(private readonly flushTimeoutMs: number) {}

  onApplicationBootstrap(): void {
    const settings = tracingSdk()?.settings;
    if (!settings) return;
    const target = settings.export.kind;
    this.logger.log(target === 'none' ? TracingMessages.notExporting(settings.serviceName) : TracingMessages.exporting(target, settings.serviceName));
  }

  async onApplicationShutdown(): Promise<void> {
    const sdk = tracingSdk();
    if (sdk && !(await sdk.shutdown(this.flushTimeoutMs))) this.logger.warn(TracingMessages.lastSpansLost(this.flushTimeoutMs));
  }
}
