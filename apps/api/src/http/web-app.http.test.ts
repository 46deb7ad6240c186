import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from '../../test/support/app.js';
import { WEB_APP_CSP } from './web-app.js';

// The built web app at `/`: hashed assets cached for good, index.html never without asking, the
// app's own routes answered with index.html, the API's unknown paths still its problems, and a
// strict CSP for the app's pages only.

const INDEX =
  '<!doctype html><title>MedSync</title><script type="module" src="/assets/app-abc123.js"></script>';
const BUNDLE = 'console.log("medsync");';

let dist: string;
let t: TestApp;
beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'medsync-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), BUNDLE);
  writeFileSync(join(dist, 'assets', 'app-abc123.js.br'), brotliCompressSync(BUNDLE));
  writeFileSync(join(dist, 'assets', 'app-abc123.js.gz'), gzipSync(BUNDLE));
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, '.env'), 'SECRET=1');
  t = await createTestApp({ env: { WEB_DIST_DIR: dist } });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the web app’s files', () => {
  it('serves a hashed asset with a year-long immutable cache and the app’s CSP', async () => {
    const response = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(BUNDLE);
    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
  });

  it('sends the build’s Brotli or gzip copy to a browser that accepts it, varying on it', async () => {
    const br = await t.app.inject({
      url: '/assets/app-abc123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BUNDLE);
    const gzip = await t.app.inject({
      url: '/assets/app-abc123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BUNDLE);
  });

  it('serves index.html at / with no-cache, and the same for other root files', async () => {
    const index = await t.app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body).toBe(INDEX);
    expect(index.headers['cache-control']).toBe('no-cache');
    const favicon = await t.app.inject({ url: '/favicon.svg' });
    expect(favicon.statusCode).toBe(200);
    expect(favicon.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await t.app.inject({ method: 'HEAD', url: '/assets/app-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body).toBe('');
  });
});

describe('the app’s own routes', () => {
  it.each([
    '/reset-password?token=abc_DEF-123',
    '/doctors/123',
    '/bookings/new/',
    '/assets/missing-000.js',
    '/.env',
    '/assets/..%2F..%2Fpackage.json',
  ])('answer %s with index.html', async (url) => {
    const response = await t.app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
  });

  it('leaves other methods to the API’s problems', async () => {
    expectProblem(await t.app.inject({ method: 'POST', url: '/doctors/123' }), 404, 'no-route');
  });
});

describe('the API beside the app', () => {
  it('keeps its 404 and 405 problems and its own CSP', async () => {
    for (const url of [
      '/api/v1/no-such-resource',
      '/api',
      '/docs/no-such-page',
      '/healthz/../api/x',
    ]) {
      const response = await t.app.inject({ url });
      expectProblem(response, 404, 'no-route');
      expect(response.headers['content-security-policy']).not.toBe(WEB_APP_CSP);
    }
    const wrongMethod = await t.app.inject({ url: '/api/v1/auth/sign-in' });
    expectProblem(wrongMethod, 405, 'method-not-allowed');
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('gives the app, the API and /docs each their own CSP', async () => {
    const app = await t.app.inject({ url: '/doctors/123' });
    const api = await t.app.inject({ url: '/api/v1/specialties' });
    const docs = await t.app.inject({ url: '/docs/' });
    expect(api.statusCode).toBe(200);
    expect(docs.statusCode).toBe(200);
    expect(app.headers['content-security-policy']).toBe(WEB_APP_CSP);
    expect(api.headers['content-security-policy']).toMatch(/^default-src 'none'/);
    const docsPolicy = String(docs.headers['content-security-policy']);
    expect(docsPolicy).toMatch(/script-src 'self' 'unsafe-inline'/);
    expect(new Set([WEB_APP_CSP, api.headers['content-security-policy'], docsPolicy]).size).toBe(3);
    expect(WEB_APP_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('serves the OpenAPI document and the probes as before', async () => {
    expect((await t.app.inject({ url: '/openapi.json' })).headers['content-type']).toMatch(
      /^application\/json/,
    );
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
  });
});

describe('before the web app is built', () => {
  let empty: string;
  let bare: TestApp;
  beforeAll(async () => {
    empty = mkdtempSync(join(tmpdir(), 'medsync-web-empty-'));
    bare = await createTestApp({ env: { WEB_DIST_DIR: join(empty, 'dist') } });
  });
  afterAll(async () => {
    await bare.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('answers / and the app’s routes 503 web-app-not-built, saying how to build it', async () => {
    for (const url of ['/', '/doctors/123']) {
      const response = await bare.app.inject({ url });
      const problem = expectProblem(response, 503, 'web-app-not-built');
      expect((problem as unknown as { detail: string }).detail).toMatch(/npm run build/);
      expect(response.headers['retry-after']).toBeDefined();
    }
  });

  it('serves the API normally', async () => {
    expect((await bare.app.inject({ url: '/api/v1/specialties' })).statusCode).toBe(200);
    expectProblem(await bare.app.inject({ url: '/api/v1/no-such-resource' }), 404, 'no-route');
  });
});
