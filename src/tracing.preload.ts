// Imported first by main.ts (and the spawned test apps): the OpenTelemetry SDK is set up before
// anything loads `pg`, so that its instrumentation can patch it (see startTracing()).
import { TracingMessages, startTracing } from '@skillnest/gateway/tracing';

try {
  startTracing(process.env);
} catch (error) {
  // One line and exit 1, as bootstrap() does for any other setting that is not valid.
  process.stderr.write(`${TracingMessages.startupFailed(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}
