import { describe, expect, it } from 'vitest';
import { MAX_SCALE, parseSeedArgs, UsageError } from './args.js';

describe('db:seed arguments', () => {
  it('loads the demo network without options', () => {
    expect(parseSeedArgs([])).toEqual({ kind: 'demo' });
  });

  it.each([
    [['--scale', '1'], 1],
    [['--scale', '10'], 10],
    [['--scale=0.1'], 0.1],
    [['--scale', '.5'], 0.5],
    [['--scale', String(MAX_SCALE)], MAX_SCALE],
  ])('accepts %j as scale %d', (argv, scale) => {
    expect(parseSeedArgs(argv)).toEqual({ kind: 'scale', scale });
  });

  it.each([
    [['--scale', 'abc'], /--scale must be a number greater than 0/],
    [['--scale', '0'], /greater than 0/],
    [['--scale', '-1'], /got '-1'/],
    [['--scale=-0.5'], /got '-0.5'/],
    [['--scale', '1e3'], /got '1e3'/],
    [['--scale', '0x10'], /got '0x10'/],
    [['--scale', String(MAX_SCALE + 1)], /at most 1000/],
    [['--scale'], /argument missing/],
    [['--size', '1'], /Unknown option '--size'/],
    [['1'], /Unexpected argument '1'/],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseSeedArgs(argv)).toThrow(UsageError);
    expect(() => parseSeedArgs(argv)).toThrow(message);
  });

  it('asks for help', () => {
    expect(parseSeedArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
