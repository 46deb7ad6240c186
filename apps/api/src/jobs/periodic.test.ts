import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PeriodicJob } from './periodic.js';

// The timer's contract, for every periodic job: the jobs' own work is tested where it lives.

const silent = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 400 && !condition(); i++) await sleep(5);
};

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    log: pino({ level: 'debug' }, { write: (line) => lines.push(JSON.parse(line)) }),
  };
}

describe('a periodic job', () => {
  it('runs nothing until started, then a pass every interval', async () => {
    let passes = 0;
    const job = new PeriodicJob({
      name: 'counting',
      intervalMs: 5,
      run: async () => {
        passes++;
      },
      log: silent,
    });
    await sleep(20);
    expect(passes).toBe(0);
    job.start();
    expect(passes).toBe(0); // the first pass waits one interval
    await waitFor(() => passes >= 3);
    await job.stop();
    expect(passes).toBeGreaterThanOrEqual(3);
  });

  it('on stop, aborts the pass in progress, waits for it, and runs no further pass', async () => {
    let passes = 0;
    let signal: AbortSignal | null = null;
    let finishPass = () => {};
    const job = new PeriodicJob({
      name: 'slow',
      intervalMs: 5,
      run: (stopping) => {
        passes++;
        signal = stopping;
        return new Promise<void>((resolve) => {
          finishPass = resolve;
        });
      },
      log: silent,
    });
    job.start();
    await waitFor(() => passes === 1);
    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    await sleep(30);
    expect(signal!.aborted).toBe(true);
    expect(stopped).toBe(false);
    finishPass();
    await stopping;
    expect(stopped).toBe(true);
    await sleep(30);
    expect(passes).toBe(1);
  });

  it('runs one pass at a time: a slow pass delays the next', async () => {
    let running = 0;
    let mostAtOnce = 0;
    let passes = 0;
    const job = new PeriodicJob({
      name: 'overlapping',
      intervalMs: 1,
      run: async () => {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        await sleep(15);
        running--;
        passes++;
      },
      log: silent,
    });
    job.start();
    await waitFor(() => passes >= 3);
    await job.stop();
    expect(mostAtOnce).toBe(1);
  });

  it('keeps running after a pass throws, logging the job and error names only', async () => {
    let passes = 0;
    const { log, lines } = capturingLogger();
    const job = new PeriodicJob({
      name: 'failing',
      intervalMs: 5,
      run: async () => {
        passes++;
        throw new TypeError('insert failed, params: secret');
      },
      log,
    });
    job.start();
    await waitFor(() => passes >= 3);
    await job.stop();
    expect(lines.filter((l) => l.msg === 'job pass failed').length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatchObject({ job: 'failing', error: 'TypeError' });
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('does not hold the process open; a second start and a stop without start are harmless', async () => {
    const job = new PeriodicJob({
      name: 'idle',
      intervalMs: 60_000,
      run: async () => {},
      log: silent,
    });
    await job.stop();
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    job.start();
    job.start();
    expect(timers()).toBe(before);
    await job.stop();
  });
});
