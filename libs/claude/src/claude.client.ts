import Anthropic from '@anthropic-ai/sdk';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { SkillContext } from '@skillnest/skills';
import { ClaudeMessages } from './claude.messages';
import { CLAUDE_MODULE_OPTIONS } from './claude.module-definition';
import { resolveClaudeOptions, type ClaudeModuleOptions, type ResolvedClaudeOptions } from './claude.options';
import { ClaudeError } from './errors/claude.error';
import { toClaudeError } from './errors/claude-error.mapper';
import type { ClaudeTextEvent, ClaudeTextParams, StreamTextOptions } from './text/claude-text.interface';
import { streamText } from './text/stream-text.util';
import { textEvents } from './text/text-events.util';

/** One Claude request in flight: the SDK client, the signal to pass it, and `end()` when done. */
export interface ClaudeLease {
  readonly sdk: Anthropic;
  /** Fires when the caller's signal does, or when shutdown gives up waiting. */
  readonly signal: AbortSignal;
  end(): void;
}

/**
 * The app's Claude client: the Anthropic SDK client built once from `ClaudeModule` options, the
 * default model, and a lifecycle. Without an API key the app still starts, and every request
 * fails with a `ClaudeError` naming the missing setting. Every failure of a request made through
 * `run`, `textEvents` or `streamText` becomes a `ClaudeError` (a `SkillError`) that says what
 * went wrong without the key or the address. At shutdown, requests in flight get
 * `drainTimeoutMs` to finish and are then aborted.
 */
@Injectable()
export class ClaudeClient implements OnModuleInit, OnApplicationShutdown {
  readonly options: ResolvedClaudeOptions;
  private readonly client?: Anthropic;
  private readonly logger = new Logger('Claude');
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(@Inject(CLAUDE_MODULE_OPTIONS) options: ClaudeModuleOptions) {
    this.options = resolveClaudeOptions(options);
    if (this.options.apiKey) {
      this.client = new Anthropic({
        apiKey: this.options.apiKey,
        // Passed even when unset, so ANTHROPIC_BASE_URL is read only through the options.
        baseURL: this.options.baseURL ?? 'https://api.anthropic.com',
        timeout: this.options.timeoutMs,
        maxRetries: this.options.maxRetries,
        // Failures reach the log once, mapped and redacted, from here; the SDK's own lines could carry URLs.
        logLevel: 'off',
      });
    }
  }

  /** Whether an API key is set. */
  get configured(): boolean {
    return this.client !== undefined;
  }

  /** The model used when a call names none. */
  get model(): string {
    return this.options.model;
  }

  /** Throws the "Claude is not configured: set ANTHROPIC_API_KEY." `ClaudeError` when no key is set. */
  assertConfigured(): void {
    void this.sdk;
  }

  /** The SDK client, for calls this class has no helper for; prefer `run()` to get tracking and clear errors. */
  get sdk(): Anthropic {
    if (!this.client) throw new ClaudeError(ClaudeMessages.notConfigured(this.options.apiKeySetting), 'unconfigured');
    return this.client;
  }

  onModuleInit(): void {
    if (this.client) this.logger.log(ClaudeMessages.ready(this.options.model, this.options.baseURL !== undefined));
    else this.logger.warn(ClaudeMessages.unconfiguredLog(this.options.apiKeySetting));
  }

  /**
   * Runs one SDK call with the caller's signal (pass `ctx.signal`), tracked for shutdown, its
   * failure mapped to a `ClaudeError`.
   *
   * @example
   * ```ts
   * const message = await this.claude.run(ctx.signal, (sdk, signal) =>
   *   sdk.messages.create({ model: this.claude.model, max_tokens: 512, messages }, { signal }));
   * ```
   */
  async run<T>(signal: AbortSignal | undefined, work: (sdk: Anthropic, signal: AbortSignal) => Promise<T>, model?: string): Promise<T> {
    const lease = this.lease(signal);
    try {
      return await work(lease.sdk, lease.signal);
    } catch (error) {
      throw this.failure(error, model);
    } finally {
      lease.end();
    }
  }

  /**
   * Starts tracking one request that outlives a single promise (a stream). Throws a `ClaudeError`
   * when not configured or shutting down. Call `end()` exactly once, in a `finally`.
   */
  lease(signal?: AbortSignal): ClaudeLease {
    const sdk = this.sdk;
    if (this.stopping.signal.aborted) throw new ClaudeError(ClaudeMessages.shuttingDown(), 'shutting_down');
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.inFlight.add(done);
    return {
      sdk,
      signal: signal ? AbortSignal.any([signal, this.stopping.signal]) : this.stopping.signal,
      end: () => {
        this.inFlight.delete(done);
        release();
      },
    };
  }

  /** Maps a failure to a `ClaudeError` (logging it once); anything that is not the SDK's is returned unchanged. */
  failure(error: unknown, model?: string): unknown {
    const mapped = toClaudeError(error, this.options, model);
    if (mapped instanceof ClaudeError && mapped.reason !== 'cancelled') {
      this.logger.warn(ClaudeMessages.callFailedLog(mapped.reason, mapped.status, mapped.data?.requestId as string | undefined));
    }
    return mapped;
  }

  /**
   * The streaming primitive: text deltas of one Claude answer as they arrive, then a `done` event
   * with the whole text. Breaking out of the loop, or `signal` firing, aborts the upstream request.
   * Failures are thrown from the iterator as `ClaudeError`s. Meant for SSE endpoints and skills alike.
   */
  textEvents(params: ClaudeTextParams, signal?: AbortSignal): AsyncGenerator<ClaudeTextEvent, void, undefined> {
    return textEvents(this, params, signal);
  }

  /**
   * Streams one Claude answer inside a skill: the text so far goes to the caller as progress
   * notifications while it arrives, the request is aborted with `ctx.signal`, and the promise
   * resolves with the final text. See `streamText` for what each notification carries.
   */
  streamText(ctx: Pick<SkillContext, 'signal' | 'progress'>, params: ClaudeTextParams, options?: StreamTextOptions): Promise<string> {
    return streamText(this, ctx, params, options);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.options.drainTimeoutMs)));
      const outcome = await Promise.race([Promise.all(this.inFlight).then(() => 'drained' as const), deadline]);
      clearTimeout(timer);
      if (outcome === 'timeout') this.logger.warn(ClaudeMessages.drainTimedOut(this.inFlight.size, this.options.drainTimeoutMs));
    }
    this.stopping.abort();
  }
}
