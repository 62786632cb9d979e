import { Injectable, OnModuleDestroy } from '@nestjs/common';

/**
 * Whether the app accepts traffic. Shutdown flips it in `onModuleDestroy`, the first hook Nest
 * runs on shutdown (before the gateways wait for requests in flight, before the HTTP server
 * closes, before pools close), so the load balancer stops sending traffic at once.
 */
@Injectable()
export class ReadinessState implements OnModuleDestroy {
  private shuttingDown = false;

  get draining(): boolean {
    return this.shuttingDown;
  }

  onModuleDestroy(): void {
    this.shuttingDown = true;
  }
}
