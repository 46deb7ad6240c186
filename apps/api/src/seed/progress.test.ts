import { describe, expect, it } from 'vitest';
import { lineProgress, progressFor } from './progress.js';

const result = { table: 'doctors', total: 1000, inserted: 400, ms: 120 };

describe('seed progress', () => {
  it('writes one plain line per finished table', () => {
    const lines: string[] = [];
    const progress = lineProgress((line) => lines.push(line));
    progress.started('doctors', 1000);
    progress.advanced(500);
    progress.advanced(500);
    progress.finished(result);
    expect(lines).toEqual(['doctors: 400 inserted, 600 already present (120 ms)\n']);
  });

  it('falls back to plain lines when the stream is not a terminal', () => {
    const written: string[] = [];
    const write = (chunk: string) => written.push(chunk) > 0;
    const stream = { isTTY: false, write } as unknown as NodeJS.WriteStream;
    progressFor(stream).finished(result);
    expect(written.join('')).toBe('doctors: 400 inserted, 600 already present (120 ms)\n');
  });
});
