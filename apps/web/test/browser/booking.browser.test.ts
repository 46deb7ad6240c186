// Finding care and booking, in a real browser: search by specialty, hold and book a slot; two
// patients racing for one slot; a diagnostic booked through "earliest available"; moving a
// booking; the journey from New York and from Kolkata for the Berlin clinic across its
// daylight-saving change; the whole journey by keyboard; axe on every state on the way.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openContext, step } from './support/browser.js';
import { DEMO_PASSWORD, startServer, type TestServer } from './support/server.js';

const PATIENT1 = 'patient1@demo.medsync.example';
const PATIENT2 = 'patient2@demo.medsync.example';
const BERLIN = 'Europe/Berlin';

/** A local date YYYY-MM-DD in `zone` now, and whole days between two dates. */
const dayIn = (zone: string, at = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(at);
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The next last Sunday of March or October (Europe's daylight-saving changes) after `today`. */
function nextDstSunday(today: string): string {
  const year = Number(today.slice(0, 4));
  const candidates = [year, year + 1].flatMap((y) =>
    [3, 10].map((month) => {
      const last = new Date(Date.UTC(y, month, 0));
      last.setUTCDate(last.getUTCDate() - last.getUTCDay());
      return last.toISOString().slice(0, 10);
    }),
  );
  return candidates.filter((d) => daysBetween(today, d) > 2).sort()[0] ?? '';
}

const TODAY = dayIn(BERLIN);
const DST_SUNDAY = nextDstSunday(TODAY);
// The API books at most BOOKING_HORIZON_DAYS ahead (default 90): open it to just past the change.
const HORIZON_DAYS = Math.min(730, daysBetween(TODAY, DST_SUNDAY) + 14);

let server: TestServer;
let browser: Browser;
let berlinId = '';
const berlinDoctors: { id: string; fullName: string; specialty: { name: string } }[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({
      BOOKING_HORIZON_DAYS: String(HORIZON_DAYS),
      BOOKING_MAX_ACTIVE_PER_PATIENT: '100',
      BOOKING_RATE_LIMIT_PER_MINUTE: '1000',
    }),
    launchBrowser(),
  ]);
  const locations = await (await fetch(`${server.url}/api/v1/locations?limit=100`)).json();
  berlinId = locations.items.find((l: { name: string }) => l.name === 'MedSync Berlin Mitte').id;
  const doctors = await (
    await fetch(`${server.url}/api/v1/doctors?locationId=${berlinId}&limit=100`)
  ).json();
  berlinDoctors.push(...doctors.items);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).last().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Waits until the grid shows its seven days (not loading). */
async function gridLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector('.slot-status .spinner') &&
      document.querySelector('.slot-status')?.textContent?.includes('free time'),
  );
}

async function nextWeeks(page: Page, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const title = await page.locator('.slot-week-title').textContent();
    await page.getByRole('button', { name: 'Next 7 days' }).click();
    await page.waitForFunction(
      (before) => document.querySelector('.slot-week-title')?.textContent !== before,
      title,
    );
    await gridLoaded(page);
  }
}

function slotButtons(page: Page) {
  return page.locator('.slot-list button.slot');
}

async function startOf(page: Page, index: number): Promise<string> {
  return (await slotButtons(page).nth(index).getAttribute('data-start')) ?? '';
}

/** Presses a slot, then Confirm; returns the instant shown and the instant the API booked. */
async function holdAndConfirm(page: Page, index: number) {
  const shown = await startOf(page, index);
  await slotButtons(page).nth(index).click();
  await page.getByRole('heading', { name: 'This time is held for you' }).waitFor();
  const confirmed = page.waitForResponse(
    (r) => r.url().endsWith('/confirm') && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Confirm booking' }).click();
  const booking = await (await confirmed).json();
  await page.getByRole('heading', { name: 'Booked' }).waitFor();
  return { shown, booking };
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      text: el?.textContent?.trim() ?? '',
      start: el?.getAttribute('data-start') ?? '',
    };
  });

describe('finding care and booking', () => {
  it('a patient finds a doctor by specialty, holds and books a slot, and sees the confirmation', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await step(page, 'sign in', () => signInAs(page, PATIENT1));
    await step(page, 'start page search', async () => {
      await page.goto('/');
      await page
        .getByRole('heading', { level: 1, name: 'Care across the MedSync network' })
        .waitFor();
      await page
        .locator('#home-specialty option', { hasText: 'Dermatology' })
        .waitFor({ state: 'attached' });
      await page.locator('#home-specialty').selectOption({ label: 'Dermatology' });
      await page.locator('#home-clinic').selectOption({ label: 'MedSync Berlin Mitte' });
      await page.getByRole('button', { name: 'Search doctors' }).click();
      await page.waitForURL(/\/find\?/);
      await page.getByRole('status').filter({ hasText: /found/ }).waitFor();
    });
    await expectAccessible(page, 'the search results');
    const results = page.locator('.result-list > li');
    expect(await results.count()).toBe(1);
    await expect(results.first().textContent()).resolves.toMatch(/€\d+\.\d\d/);

    await step(page, 'empty results', async () => {
      await page.goto('/find?q=no-such-doctor-anywhere');
      await page.getByText('No doctor matches').waitFor();
    });
    await expectAccessible(page, 'empty search results');
    await page.goBack();
    await page.locator('.result-list a').first().waitFor();

    // The grid while its slots load: held back for a moment so that the state can be seen.
    await page.route('**/availability?*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // Unrouted meanwhile: the request has gone on already.
      await route.continue().catch(() => undefined);
    });
    await step(page, 'open the doctor', async () => {
      await page.locator('.result-list a').first().click();
      await page.getByRole('status').filter({ hasText: 'Loading free times' }).waitFor();
    });
    await expectAccessible(page, 'the grid loading');
    await page.unroute('**/availability?*');
    await gridLoaded(page);
    await nextWeeks(page, 1);
    let confirms = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/confirm')) confirms++;
    });
    const { shown, booking } = await step(page, 'hold and confirm', async () => {
      const slot = slotButtons(page).first();
      await slot.click();
      await page.getByRole('heading', { name: 'This time is held for you' }).waitFor();
      expect((await focused(page)).id).toBe('hold-title');
      await expect(page.locator('.hold-clock').textContent()).resolves.toMatch(/Held for \d:\d\d/);
      await expectAccessible(page, 'the hold');
      const start =
        (await page.locator('.slot[aria-pressed="true"]').getAttribute('data-start')) ?? '';
      const confirmed = page.waitForResponse((r) => r.url().endsWith('/confirm'));
      await page.getByRole('button', { name: 'Confirm booking' }).dblclick();
      const body = await (await confirmed).json();
      await page.getByRole('heading', { name: 'Booked' }).waitFor();
      return { shown: start, booking: body };
    });
    expect(booking.status).toBe('booked');
    // A double click sends one confirmation.
    expect(confirms).toBe(1);
    expect(Date.parse(booking.startAt)).toBe(Date.parse(shown));
    expect((await focused(page)).id).toBe('booked-title');
    await expect(
      page.getByRole('link', { name: 'My bookings' }).first().getAttribute('href'),
    ).resolves.toBe('/my-bookings');
    await expectAccessible(page, 'the confirmation');
    await context.close();
  });

  it('sends a signed-out visitor who picks a time to sign in, and back to that time', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    const doctor = berlinDoctors[1];
    await page.goto(`/doctors/${doctor?.id}`);
    await gridLoaded(page);
    await nextWeeks(page, 6);
    const start = await startOf(page, 2);
    await step(page, 'pick a time signed out', async () => {
      await slotButtons(page).nth(2).click();
      await page.waitForURL(/\/sign-in\?next=/);
    });
    const next = new URL(page.url()).searchParams.get('next') ?? '';
    expect(next.startsWith(`/doctors/${doctor?.id}?`)).toBe(true);
    expect(new URLSearchParams(next.split('?')[1]).get('at')).toBe(start);
    await page.getByLabel('E-mail address').fill(PATIENT2);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    await page.waitForURL(new RegExp(`/doctors/${doctor?.id}\\?at=`));
    await step(page, 'back on that time, focused', () =>
      page.waitForFunction(
        (want) =>
          Date.parse(document.activeElement?.getAttribute('data-start') ?? '') === Date.parse(want),
        start,
      ),
    );
    await context.close();
  });

  it('two patients race for one slot: one books it, the other is told and sees the grid refreshed', async () => {
    const doctor = berlinDoctors[2];
    const [a, b] = await Promise.all([
      openContext(browser, server.url),
      openContext(browser, server.url),
    ]);
    const pageA = await a.newPage();
    const pageB = await b.newPage();
    await Promise.all([signInAs(pageA, PATIENT1), signInAs(pageB, PATIENT2)]);
    for (const page of [pageA, pageB]) {
      await page.goto(`/doctors/${doctor?.id}`);
      await gridLoaded(page);
      await nextWeeks(page, 2);
    }
    const start = await startOf(pageA, 3);
    expect(await startOf(pageB, 3)).toBe(start);
    await step(pageA, 'A holds it', async () => {
      await slotButtons(pageA).nth(3).click();
      await pageA.getByRole('heading', { name: 'This time is held for you' }).waitFor();
    });
    await step(pageB, 'B is told it was taken', async () => {
      await pageB.locator(`button.slot[data-start="${start}"]`).click();
      await pageB
        .getByRole('alert')
        .filter({ hasText: 'someone else has just taken this time' })
        .waitFor();
    });
    expect((await focused(pageB)).tag).toBe('div');
    await step(pageB, 'the grid is refreshed', () =>
      pageB.locator(`button.slot[data-start="${start}"]`).waitFor({ state: 'detached' }),
    );
    await expectAccessible(pageB, 'the slot-taken error');
    await pageA.getByRole('button', { name: 'Confirm booking' }).click();
    await pageA.getByRole('heading', { name: 'Booked' }).waitFor();
    await Promise.all([a.close(), b.close()]);
  });

  it('books a diagnostic through "earliest available"', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAs(page, PATIENT2);
    await step(page, 'earliest for a chest X-ray', async () => {
      await page.goto('/earliest');
      await page
        .locator('#earliest-subject option', { hasText: 'Chest X-ray' })
        .waitFor({ state: 'attached' });
      await page.locator('#earliest-subject').selectOption({ label: 'Chest X-ray' });
      await page.locator('#earliest-clinic').selectOption({ label: 'MedSync Berlin Mitte' });
      await page.getByRole('button', { name: 'Find the earliest time' }).click();
      await page.locator('.result-list > li').first().waitFor();
    });
    await expectAccessible(page, 'earliest available');
    await step(page, 'the diagnostics page', async () => {
      await page.goto('/diagnostics');
      await page.locator('.result-list > li').first().waitFor();
    });
    await expectAccessible(page, 'the diagnostics and where they are offered');
    await page.goBack();
    await page.locator('.result-list > li').first().waitFor();
    const first = page.locator('.result-list > li').first();
    await expect(first.textContent()).resolves.toContain('MedSync Berlin Mitte');
    await first.getByRole('link', { name: /^Book Chest X-ray/ }).click();
    await page.waitForURL(/\/diagnostic-locations\/.+\?at=/);
    const at = new URL(page.url()).searchParams.get('at') ?? '';
    // The grid opens on that time, with the focus on it.
    await step(page, 'focus on the chosen time', () =>
      page.waitForFunction(
        (want) =>
          Date.parse(document.activeElement?.getAttribute('data-start') ?? '') === Date.parse(want),
        at,
      ),
    );
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'This time is held for you' }).waitFor();
    const confirmed = page.waitForResponse((r) => r.url().endsWith('/confirm'));
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    const booking = await (await confirmed).json();
    expect(Date.parse(booking.startAt)).toBe(Date.parse(at));
    expect(booking.diagnosticLocationId).not.toBeNull();
    await page.getByRole('heading', { name: 'Booked' }).waitFor();
    await context.close();
  });

  it('moves a booking to another time of the same doctor', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAs(page, PATIENT1);
    await page.goto(`/doctors/${berlinDoctors[3]?.id}`);
    await gridLoaded(page);
    await nextWeeks(page, 3);
    const { booking } = await holdAndConfirm(page, 0);
    await step(page, 'open the move page', async () => {
      await page.goto(`/reschedule/${booking.id}`);
      await page.getByRole('heading', { level: 1, name: 'Move a booking' }).waitFor();
      await gridLoaded(page);
    });
    const target = await startOf(page, 2);
    await slotButtons(page).nth(2).click();
    await page.getByRole('heading', { name: 'Move the booking to this time?' }).waitFor();
    expect((await focused(page)).id).toBe('move-title');
    const moved = page.waitForResponse((r) => r.url().endsWith('/reschedule'));
    await page.getByRole('button', { name: 'Move booking' }).click();
    const after = await (await moved).json();
    expect(Date.parse(after.startAt)).toBe(Date.parse(target));
    await page.getByRole('heading', { name: 'Booking moved' }).waitFor();
    expect((await focused(page)).id).toBe('booked-title');
    await expectAccessible(page, 'the moved booking');
    await context.close();
  });

  for (const [zone, email, doctorIndex] of [
    ['America/New_York', PATIENT1, 4],
    ['Asia/Kolkata', PATIENT2, 5],
  ] as const) {
    it(`books the Berlin clinic from ${zone} across its daylight-saving change (${DST_SUNDAY})`, async () => {
      const context = await openContext(browser, server.url, { timezoneId: zone });
      const page = await context.newPage();
      await signInAs(page, email);
      await page.goto(`/doctors/${berlinDoctors[doctorIndex]?.id}`);
      await gridLoaded(page);
      const local = (instant: string, tz: string) =>
        new Intl.DateTimeFormat('en-GB', {
          timeZone: tz,
          hour: '2-digit',
          minute: '2-digit',
        }).format(new Date(instant));
      const longDate = (date: string) =>
        new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'full' }).format(
          new Date(`${date}T12:00:00Z`),
        );
      const pageOf = (date: string) => Math.floor(daysBetween(TODAY, date) / 7);
      const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
      const gap = (instant: string) =>
        (minutes(local(instant, zone)) - minutes(local(instant, BERLIN)) + 1440) % 1440;
      // Saturday before the change and Monday after it, each on its seven-day page.
      const before = addDays(DST_SUNDAY, -1);
      const after = addDays(DST_SUNDAY, 1);
      let onPage = 0;
      const seen: { date: string; start: string }[] = [];
      for (const date of [before, after]) {
        const wanted = pageOf(date);
        await step(page, `page to ${date}`, () => nextWeeks(page, wanted - onPage));
        onPage = wanted;
        await page.getByRole('button', { name: new RegExp(`^${longDate(date)}:`) }).click();
        const start = await startOf(page, 0);
        const name = (await slotButtons(page).first().textContent()) ?? '';
        // The clinic's wall-clock time, the zone named, and the patient's own time beside it.
        expect(name).toContain(`${longDate(date)} at ${local(start, BERLIN)}, Berlin time`);
        expect(name).toContain(`${local(start, zone)} your time`);
        expect(dayIn(BERLIN, new Date(start))).toBe(date);
        seen.push({ date, start });
      }
      // Berlin's clock moved by an hour against the patient's between the two days.
      const [sat, mon] = seen;
      expect(Math.abs(gap(sat?.start ?? '') - gap(mon?.start ?? ''))).toBe(60);
      const { shown, booking } = await holdAndConfirm(page, 0);
      expect(shown).toBe(mon?.start);
      expect(Date.parse(booking.startAt)).toBe(Date.parse(shown));
      await expect(page.getByTestId('booked-time').textContent()).resolves.toContain(
        `${local(shown, zone)} your time`,
      );
      await context.close();
    });
  }

  it('front-desk staff book a walk-in for the patient named in ?forPatient', async () => {
    const session = await (
      await fetch(`${server.url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: PATIENT2, password: DEMO_PASSWORD }),
      })
    ).json();
    const me = await (
      await fetch(`${server.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${session.accessToken}` },
      })
    ).json();
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAs(page, 'staff@demo.medsync.example');
    await step(page, 'search for the walk-in', async () => {
      await page.goto(`/find?forPatient=${me.patientId}`);
      await page.getByText(`Booking for ${me.patient.fullName}.`).waitFor();
      await page
        .locator('#find-clinic option', { hasText: 'MedSync Berlin Mitte' })
        .waitFor({ state: 'attached' });
      await page.locator('#find-clinic').selectOption({ label: 'MedSync Berlin Mitte' });
      await page.getByRole('button', { name: 'Search doctors' }).click();
      await page.waitForURL(/location=.*forPatient=/);
      await page.locator('.result-list a').first().waitFor();
    });
    await page.locator('.result-list a').nth(7).click();
    await page.waitForURL(new RegExp(`/doctors/.+\\?forPatient=${me.patientId}`));
    await gridLoaded(page);
    await nextWeeks(page, 5);
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST',
    );
    const { shown, booking } = await holdAndConfirm(page, 1);
    const held = await created;
    expect(held.status()).toBe(201);
    expect((await held.json()).patientId).toBe(me.patientId);
    expect(held.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(booking.patientId).toBe(me.patientId);
    expect(Date.parse(booking.startAt)).toBe(Date.parse(shown));
    await page.getByRole('link', { name: 'Back to the front desk' }).waitFor();
    await context.close();
  });

  it('books with the keyboard only, the focus landing on the right element at each step', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').focus();
    await page.keyboard.type(PATIENT1);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`/doctors/${berlinDoctors[6]?.id}`);
    await gridLoaded(page);
    expect((await focused(page)).tag).toBe('h1');
    const tabTo = async (match: (f: Awaited<ReturnType<typeof focused>>) => boolean) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (match(await focused(page))) return;
      }
      throw new Error('never reached by Tab');
    };
    await step(page, 'tab to the next week', () => tabTo((f) => f.text.includes('Next 7 days')));
    for (let i = 0; i < 4; i++) {
      const title = await page.locator('.slot-week-title').textContent();
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (t) => document.querySelector('.slot-week-title')?.textContent !== t,
        title,
      );
      await gridLoaded(page);
      expect((await focused(page)).text).toContain('Next 7 days');
    }
    await step(page, 'tab to a slot', () => tabTo((f) => f.start !== ''));
    const start = (await focused(page)).start;
    await page.keyboard.press('Space');
    await page.getByRole('heading', { name: 'This time is held for you' }).waitFor();
    expect((await focused(page)).id).toBe('hold-title');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Confirm booking');
    const confirmed = page.waitForResponse((r) => r.url().endsWith('/confirm'));
    await page.keyboard.press('Enter');
    const booking = await (await confirmed).json();
    expect(Date.parse(booking.startAt)).toBe(Date.parse(start));
    await page.getByRole('heading', { name: 'Booked' }).waitFor();
    expect((await focused(page)).id).toBe('booked-title');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('My bookings');
    await context.close();
  });
});
