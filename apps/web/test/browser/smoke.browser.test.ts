// The app as a newcomer meets it: the start page at /, its own strict CSP, a client route opened
// directly, signing in with a demo account, staying signed in across a reload (the refresh cookie)
// and signing out.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openContext, signIn, step } from './support/browser.js';
import { DEMO_PASSWORD, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the web app', () => {
  it('serves the start page at / with a strict Content-Security-Policy', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await step(page, 'open /', () => page.goto('/'));
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await step(page, 'heading', () =>
      page.getByRole('heading', { level: 1, name: 'Care across the MedSync network' }).waitFor(),
    );
    await expectAccessible(page, 'the start page');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a client route directly and shows the not-found page for an unknown one', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await step(page, 'open /sign-in', () => page.goto('/sign-in'));
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'the sign-in page');
    await step(page, 'open an unknown page', () => page.goto('/no-such-page'));
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await context.close();
  });

  it('signs a patient in, keeps them signed in across a reload, and signs them out', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await step(page, 'sign in', () => signIn(page, 'patient1@demo.medsync.example', DEMO_PASSWORD));
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'medsync_refresh');
    expect(refresh).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/v1/auth/session',
    });
    // The access token is in memory only: nothing in storage holds a token.
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    expect(stored).not.toMatch(/eyJ/);
    await step(page, 'reload', () => page.reload());
    await step(page, 'still signed in', () =>
      page.getByRole('button', { name: 'Sign out' }).waitFor(),
    );
    await step(page, 'sign out', () => page.getByRole('button', { name: 'Sign out' }).click());
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    const after = await context.cookies();
    expect(after.find((c) => c.name === 'medsync_refresh')).toBeUndefined();
    await context.close();
  });

  it('refuses a wrong password with a message the user can read', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill('patient1@demo.medsync.example');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password-at-all');
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    await step(page, 'error shown', () =>
      page.getByRole('alert').filter({ hasText: 'e-mail address or password is wrong' }).waitFor(),
    );
    await expectAccessible(page, 'the sign-in error');
    await context.close();
  });
});
