// Chromium for the browser tests: Debian's /usr/bin/chromium (or CHROMIUM_PATH) driven by
// playwright-core, no browser download. Each test opens its own context with a locale and time
// zone; `step` takes a screenshot when a step fails; `expectAccessible` runs axe-core.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless, no sandbox (root in CI), no GPU, no calls home: the tests' and the benchmarks' flags. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/** Where failing steps' screenshots go: kept with CI's output. */
export const SCREENSHOT_DIR =
  process.env.SCREENSHOT_DIR ??
  fileURLToPath(new URL('../../../../../.ci/out/screenshots/', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
  });
}

export interface ContextOptions {
  timezoneId?: string;
  locale?: string;
  /** A phone-sized viewport. */
  mobile?: boolean;
}

export async function openContext(
  browser: Browser,
  baseURL: string,
  options: ContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    locale: options.locale ?? 'en-GB',
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(20_000);
  return context;
}

function fileNameOf(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120);
}

/** Runs one step of a journey; if it fails, the page as it was is saved as a PNG. */
export async function step<T>(page: Page, name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const test = expect.getState().currentTestName ?? 'test';
    const path = join(SCREENSHOT_DIR, `${fileNameOf(`${test}--${name}`)}.png`);
    await page.screenshot({ path, fullPage: true }).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`step "${name}" failed (screenshot: ${path}): ${message}`, { cause: error });
  }
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  const summary = blocking.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `accessibility of ${state}`).toEqual([]);
}

/** Signs in through the sign-in page and waits until the role's home has opened. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).last().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * Records the patient profiles (`GET /api/v1/patients/{id}`) the page reads from now on, as
 * paths: a list that names its patients must not read each one.
 */
export function patientProfileReads(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'GET' && /^\/api\/v1\/patients\/[^/]+$/.test(path)) seen.push(path);
  });
  return seen;
}
