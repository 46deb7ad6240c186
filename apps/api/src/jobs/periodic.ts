import type { FastifyBaseLogger } from 'fastify';

export interface PeriodicJobOptions {
  /** Names the job in logs. */
  name: string;
  /** Pause between the end of one pass and the start of the next. */
  intervalMs: number;
  /** One pass. `stopping` aborts when the job stops: a long pass should end early on it. */
  run: (stopping: AbortSignal) => Promise<void>;
  log: FastifyBaseLogger;
}

/**
 * Runs `run` every `intervalMs` until stopped, one pass at a time. A job must be safe to run in
 * several processes at once: every API instance with jobs in process, and every worker, runs it.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping: AbortController | null = null;

  constructor(readonly options: PeriodicJobOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** The first pass runs one interval from now. */
  start(): void {
    if (this.stopping) return;
    this.stopping = new AbortController();
    this.schedule();
  }

  /** Stops the timer and waits for a pass in progress, so the database can close after it. */
  async stop(): Promise<void> {
    this.stopping?.abort();
    this.stopping = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  // A timeout chain rather than setInterval: a slow pass delays the next instead of overlapping.
  private schedule(): void {
    const stopping = this.stopping;
    if (!stopping || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass(stopping.signal).finally(() => {
        this.running = null;
        this.schedule();
      });
    }, this.options.intervalMs);
    // Never what keeps a process alive: the API's server or the worker's own lifetime does.
    this.timer.unref();
  }

  /** A pass that throws is logged by name only (its message may hold query parameters). */
  private async pass(stopping: AbortSignal): Promise<void> {
    try {
      await this.options.run(stopping);
    } catch (err) {
      const error = err instanceof Error ? err.name : typeof err;
      this.options.log.error({ job: this.name, error }, 'job pass failed');
    }
  }
}
