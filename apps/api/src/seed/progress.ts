import { Presets, SingleBar } from 'cli-progress';

/** What one table's load did: rows generated, rows actually inserted, and how long it took. */
export interface TableResult {
  table: string;
  total: number;
  inserted: number;
  ms: number;
}

export interface SeedProgress {
  started(table: string, total: number): void;
  advanced(rows: number): void;
  finished(result: TableResult): void;
}

export const silentProgress: SeedProgress = {
  started: () => {},
  advanced: () => {},
  finished: () => {},
};

export const describeResult = (r: TableResult): string =>
  `${r.table}: ${r.inserted} inserted, ${r.total - r.inserted} already present (${r.ms} ms)`;

/** A plain line per finished table, for logs and pipes where a redrawn bar would be noise. */
export function lineProgress(write: (line: string) => void): SeedProgress {
  return { ...silentProgress, finished: (result) => write(`${describeResult(result)}\n`) };
}

/** A live bar per table on a terminal. */
export function barProgress(stream: NodeJS.WritableStream): SeedProgress {
  let bar: SingleBar | null = null;
  return {
    started(table, total) {
      bar = new SingleBar(
        {
          stream,
          format: `${table.padEnd(20)} {bar} {value}/{total} rows  {duration_formatted}`,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    advanced: (rows) => bar?.increment(rows),
    finished() {
      bar?.stop();
      bar = null;
    },
  };
}

/** A bar when the stream is a terminal, otherwise one line per table. */
export function progressFor(stream: NodeJS.WriteStream): SeedProgress {
  return stream.isTTY ? barProgress(stream) : lineProgress((line) => stream.write(line));
}
