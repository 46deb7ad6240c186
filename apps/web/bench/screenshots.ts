// `npm run screenshots`: PNGs of the web app's main pages for the documentation, at a desktop and
// a phone size, into docs/screenshots/ (`<name>-desktop.png`, `<name>-phone.png`). The server is
// the benchmarks' (a fresh embedded database with the demo data); the pages behind a sign-in are
// taken as the demo account of their role, signed in through the sign-in page.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { type AppServer, DEMO_PASSWORD, launchBrowser, startAppServer } from './app-server.js';

type Account = 'patient1' | 'staff' | 'doctor' | 'admin';

/** The pages taken, in order; `account`: whom to sign in as first (absent: signed out). */
export const SHOTS: {
  name: string;
  path: (demo: AppServer['demo']) => string;
  account?: Account;
}[] = [
  { name: 'home', path: () => '/' },
  { name: 'find', path: () => '/find' },
  { name: 'doctor-profile', path: (demo) => `/doctors/${demo.doctorId}` },
  { name: 'my-bookings', path: () => '/my-bookings', account: 'patient1' },
  { name: 'my-record', path: () => '/my-record', account: 'patient1' },
  { name: 'desk', path: () => `/desk?date=${nextWorkingDay()}`, account: 'staff' },
  { name: 'doctor', path: () => `/doctor?date=${nextWorkingDay()}`, account: 'doctor' },
  { name: 'admin', path: () => '/admin', account: 'admin' },
];

/** The next Monday–Friday after today in Berlin, as YYYY-MM-DD: a day the demo has bookings on. */
function nextWorkingDay(): string {
  for (let days = 1; days < 8; days += 1) {
    const at = new Date(Date.now() + days * 86_400_000);
    const weekday = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'short',
    }).format(at);
    if (weekday !== 'Sat' && weekday !== 'Sun') {
      return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(at);
    }
  }
  throw new Error('no working day in the coming week');
}

const SIZES = {
  desktop: { viewport: { width: 1280, height: 900 }, isMobile: false },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true },
} as const;

const OUT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/** Signs in through the sign-in page; fails at once with the page's message if it shows one. */
async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(`${account}@demo.medsync.example`);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).last().click();
  const alert = page.getByRole('alert').first();
  await Promise.race([
    page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
    alert.waitFor().then(async () => {
      throw new Error(`the sign-in page says: ${(await alert.innerText()).trim()}`);
    }),
  ]);
}

/** Waits until the page has its heading and has stopped loading. */
async function settle(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.evaluate(async () => {
    await document.fonts.ready;
    // The page focuses its heading on arrival; its focus ring does not belong in the picture.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0];

async function takeAll(
  browser: Browser,
  server: AppServer,
  size: keyof typeof SIZES,
): Promise<string[]> {
  const failures: string[] = [];
  const accounts = [...new Set(SHOTS.map((s) => s.account))];
  for (const account of accounts) {
    const context = await browser.newContext({
      ...SIZES[size],
      baseURL: server.url,
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    try {
      if (account) {
        try {
          await signIn(page, account);
        } catch (error) {
          failures.push(`${size}: signing in as ${account} failed: ${firstLine(error)}`);
          continue;
        }
      }
      for (const shot of SHOTS.filter((s) => s.account === account)) {
        const path = shot.path(server.demo);
        const file = join(OUT_DIR, `${shot.name}-${size}.png`);
        try {
          await page.goto(path);
          await settle(page);
          await page.screenshot({ path: file, fullPage: true });
          console.log(
            `${path} (${account ?? 'signed out'}) → docs/screenshots/${shot.name}-${size}.png`,
          );
        } catch (error) {
          failures.push(`${size} ${path}: ${firstLine(error)}`);
        }
      }
    } finally {
      await context.close();
    }
  }
  return failures;
}

async function main(): Promise<number> {
  mkdirSync(OUT_DIR, { recursive: true });
  const server = await startAppServer();
  const browser = await launchBrowser();
  try {
    const failures = [
      ...(await takeAll(browser, server, 'desktop')),
      ...(await takeAll(browser, server, 'phone')),
    ];
    for (const f of failures) console.error(`FAILED ${f}`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server.stop();
  }
}

process.exitCode = await main();
