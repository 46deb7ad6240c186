import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Public } from '../../src/http/access.js';
import { createTestApp, type TestApp } from '../support/app.js';

// Graceful shutdown: a request already being served completes; nothing new is accepted.

let t: TestApp;
let entered: () => void;
const handlerEntered = new Promise<void>((resolve) => {
  entered = resolve;
});
let release: () => void;
const released = new Promise<void>((resolve) => {
  release = resolve;
});

beforeAll(async () => {
  t = await createTestApp({
    extend: (app) => {
      app.get('/slow', { config: { access: Public } }, async () => {
        entered();
        await released;
        return { finished: true };
      });
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

describe('graceful shutdown', () => {
  it('lets an in-flight request finish while refusing new ones', async () => {
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await handlerEntered;

    const closing = t.app.close();
    const refused = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.status,
      () => 'connection refused',
    );
    expect([503, 'connection refused']).toContain(refused);

    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await closing;
  });
});

describe('shutdown with an abandoned request', () => {
  it('does not finish closing until a handler whose client has gone is done', async () => {
    let handlerDone = false;
    let entered!: () => void;
    const started = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const app = await createTestApp({
      extend: (instance) => {
        instance.get('/abandoned', { config: { access: Public } }, async () => {
          entered();
          await new Promise((resolve) => setTimeout(resolve, 300));
          handlerDone = true;
          return { finished: true };
        });
      },
    });
    try {
      await app.app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const client = new AbortController();
      const request = fetch(`http://127.0.0.1:${port}/abandoned`, { signal: client.signal });
      await started;
      client.abort();
      await expect(request).rejects.toThrow();
      await app.app.close();
      // The caller closes the database next: the handler must be over by now.
      expect(handlerDone).toBe(true);
    } finally {
      await app.close();
    }
  });
});
