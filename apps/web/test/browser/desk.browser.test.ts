// The front desk as staff of the Berlin clinic use it: a day's bookings (check in, complete, a
// refused stale change, the cancel dialog, an empty day), finding and registering patients,
// a doctor's time off, and releasing Alex's lipid panel; axe on every page and state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, tokenOf as signInToken } from './support/api.js';
import {
  expectAccessible,
  launchBrowser,
  openContext,
  patientProfileReads,
  signIn,
  step,
} from './support/browser.js';
import { DEMO_PASSWORD, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let browser: Browser;

const STAFF = 'staff@demo.medsync.example';
const ALEX = 'patient1@demo.medsync.example';
const ZONE = 'Europe/Berlin';
const ONE_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const api = <T>(method: string, path: string, token?: string, body?: unknown) =>
  callApi<T>(server.url, method, path, token, body);
const tokenOf = (email: string) => signInToken(server.url, email);

function localDate(instant: string | Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, dateStyle: 'short' }).format(
    new Date(instant),
  );
}

function localTime(instant: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(instant));
}

function daysFromToday(days: number): string {
  return localDate(new Date(Date.now() + days * 86_400_000));
}

interface Booking {
  id: string;
  startAt: string;
  version: number;
}

/** Books Alex at the first free slot of a Berlin doctor that does not overlap her bookings. */
async function bookAlex(locationId: string): Promise<Booking> {
  const patient = await tokenOf(ALEX);
  const doctors = await api<{ items: { id: string }[] }>(
    'GET',
    `/doctors?locationId=${locationId}&limit=100`,
  );
  const from = daysFromToday(1);
  const to = daysFromToday(14);
  for (const doctor of doctors.items) {
    const { slots } = await api<{ slots: { startAt: string }[] }>(
      'GET',
      `/doctors/${doctor.id}/availability?from=${from}&to=${to}`,
    );
    for (const slot of slots.slice(0, 5)) {
      try {
        return await api<Booking>('POST', '/bookings', patient, {
          doctorId: doctor.id,
          startAt: slot.startAt,
        });
      } catch {
        // taken, or Alex is booked then: try the next slot
      }
    }
  }
  throw new Error('no free slot for Alex in the next two weeks');
}

async function signInAsStaff(page: Page) {
  await step(page, 'sign in as staff', () => signIn(page, STAFF, DEMO_PASSWORD));
  await page.getByRole('heading', { level: 1, name: 'Front desk' }).waitFor();
}

describe('the front desk', () => {
  it('checks a patient in and completes the visit on the Berlin clinic’s day', async () => {
    const staff = await tokenOf(STAFF);
    const me = await api<{ locationIds: string[] }>('GET', '/me', staff);
    const berlin = me.locationIds[0] as string;
    const booking = await bookAlex(berlin);
    const day = localDate(booking.startAt);
    const time = localTime(booking.startAt);

    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    const profileReads = patientProfileReads(page);
    await signInAsStaff(page);
    await expectAccessible(page, 'the front desk today');

    // The day cannot be read (the server is unavailable): the desk says so and offers a retry.
    const unavailable = '**/api/v1/locations/*/bookings?*';
    await page.route(unavailable, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: '/problems/unavailable',
          title: 'Service unavailable',
          status: 503,
          detail: 'The service is unavailable; try again shortly.',
          code: 'unavailable',
          requestId: 'browser-test',
        }),
      }),
    );
    await step(page, 'the day cannot be read', async () => {
      await page.getByLabel('Day', { exact: true }).fill(daysFromToday(200));
      await page.getByRole('alert').filter({ hasText: 'try again shortly' }).waitFor();
      await page.getByRole('button', { name: 'Try again' }).waitFor();
    });
    await expectAccessible(page, 'a day that cannot be read');
    await page.unroute(unavailable);

    await step(page, 'an empty day', async () => {
      await page.getByLabel('Day', { exact: true }).fill(daysFromToday(300));
      await page.getByText('No bookings on this day.').waitFor();
    });
    await expectAccessible(page, 'an empty day');

    await step(page, 'the day of the booking', async () => {
      await page.getByLabel('Day', { exact: true }).fill(day);
      await page.getByRole('heading', { level: 2, name: /^MedSync Berlin Mitte: / }).waitFor();
      await page.getByText('(Europe/Berlin)').waitFor();
    });
    const checkIn = page.getByRole('button', { name: `Check in Alex Sample at ${time}` });
    await step(page, 'the booking is listed', () => checkIn.waitFor());
    await expectAccessible(page, 'a day with bookings');

    await step(page, 'the cancel dialog opens and keeps the booking', async () => {
      await page.getByRole('button', { name: `Cancel booking of Alex Sample at ${time}` }).click();
      await page.getByRole('alertdialog', { name: 'Cancel this booking?' }).waitFor();
    });
    await expectAccessible(page, 'the cancel dialog');
    await page.getByRole('button', { name: 'Keep it' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });

    // Someone else checks the patient in meanwhile: the desk's change is refused and the day reloads.
    await api('POST', `/bookings/${booking.id}/check-in`, staff, { version: booking.version });
    await step(page, 'a stale check-in is refused', async () => {
      await checkIn.click();
      await page.getByRole('alert').filter({ hasText: 'changed this booking' }).waitFor();
    });
    await expectAccessible(page, 'a refused change');

    const complete = page.getByRole('button', {
      name: `Complete the visit of Alex Sample at ${time}`,
    });
    await step(page, 'complete the visit', async () => {
      await complete.click();
      await page
        .getByRole('status')
        .filter({ hasText: `The visit of Alex Sample (${time}) is completed.` })
        .waitFor();
    });
    const row = page.locator(`tr[data-booking-id="${booking.id}"]`);
    expect(await row.getByText('Completed', { exact: true }).count()).toBe(1);
    await expectAccessible(page, 'a completed visit');
    // The day's list names its patients: no profile read per patient.
    expect(profileReads).toEqual([]);
    await context.close();

    // The same day on a phone: one column under the other, still accessible.
    const phone = await openContext(browser, server.url, { mobile: true });
    const small = await phone.newPage();
    await signInAsStaff(small);
    await small.getByLabel('Day', { exact: true }).fill(day);
    await step(small, 'the day on a phone', () =>
      small.locator(`tr[data-booking-id="${booking.id}"]`).getByText('Completed').waitFor(),
    );
    await expectAccessible(small, 'the day on a phone');
    await phone.close();
  });

  it('checks a booked patient in, completes the visit and writes its report', async () => {
    const staff = await tokenOf(STAFF);
    const me = await api<{ locationIds: string[] }>('GET', '/me', staff);
    const booking = await bookAlex(me.locationIds[0] as string);
    const time = localTime(booking.startAt);
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page);
    await page.getByLabel('Day', { exact: true }).fill(localDate(booking.startAt));
    await step(page, 'check in', async () => {
      await page.getByRole('button', { name: `Check in Alex Sample at ${time}` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Alex Sample (${time}) is checked in.` })
        .waitFor();
    });
    const row = page.locator(`tr[data-booking-id="${booking.id}"]`);
    await row.getByText('Checked in', { exact: true }).waitFor();
    await step(page, 'then complete', async () => {
      await page
        .getByRole('button', { name: `Complete the visit of Alex Sample at ${time}` })
        .click();
      await row.getByText('Completed', { exact: true }).waitFor();
    });

    // The visit took place: the desk writes its report.
    await page.getByRole('link', { name: 'Results' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Alex Sample');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Show results of Alex Sample' }).click();
    const form = page.getByRole('region', { name: 'Write a report for a visit' });
    await step(page, 'write a report for the visit', async () => {
      await form.getByLabel('Visit').selectOption(booking.id);
      await form.getByLabel('Title').fill('Vitamin D level');
      await form.getByLabel('Test').fill('25-OH vitamin D');
      await form.getByLabel('Value').fill('42');
      await form.getByLabel('Unit').fill('ng/mL');
      await form.getByLabel('Normal from').fill('30');
      await form.getByLabel('Normal up to').fill('100');
      await form.getByRole('button', { name: 'Save report' }).click();
      await page.getByRole('status').filter({ hasText: 'Vitamin D level is saved.' }).waitFor();
    });
    const report = page.getByRole('article', { name: 'Vitamin D level' });
    await report.getByText('Normal', { exact: true }).waitFor();
    await report.getByText('Not released').waitFor();
    await expectAccessible(page, 'a report written');
    await context.close();
  });

  it('registers a walk-in patient and opens the booking search for them', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page);
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
    await expectAccessible(page, 'the patients page');

    await step(page, 'find Alex', async () => {
      await page.getByLabel('Name', { exact: true }).fill('Alex');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: 'Book for this patient: Alex Sample' }).waitFor();
    });
    await expectAccessible(page, 'a patient found');

    await step(page, 'nobody found', async () => {
      await page.getByLabel('Name', { exact: true }).fill('Nobody Atall');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('No patient at your locations matches').waitFor();
    });

    const form = page.getByRole('region', { name: 'Register a walk-in patient' });
    await step(page, 'a date of birth in the future is refused', async () => {
      await form.getByLabel('Full name').fill('Wanda Walkin');
      await form.getByLabel('Date of birth').fill('2099-01-01');
      await form.getByRole('button', { name: 'Register patient' }).click();
      await form.getByRole('alert').waitFor();
    });
    await expectAccessible(page, 'a refused registration');

    await step(page, 'register the walk-in', async () => {
      await form.getByLabel('Date of birth').fill('1990-05-17');
      await form.getByLabel('Sex').selectOption('female');
      await form.getByRole('button', { name: 'Register patient' }).click();
      await page.getByRole('status').filter({ hasText: 'Wanda Walkin is registered.' }).waitFor();
    });
    await expectAccessible(page, 'a registered walk-in');

    await step(page, 'book for the walk-in', async () => {
      await form.getByRole('link', { name: 'Book for this patient: Wanda Walkin' }).click();
      await page.waitForURL((url) => url.pathname === '/find');
    });
    const patientId = new URL(page.url()).searchParams.get('forPatient');
    expect(patientId).toMatch(/^[0-9a-f-]{36}$/);
    await context.close();
  });

  it('adds time off for a doctor and removes it', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page);
    await page.getByRole('link', { name: 'Schedules' }).click();
    await step(page, 'the schedule', () =>
      page.getByRole('heading', { name: 'Weekly working hours' }).waitFor(),
    );
    await page.getByText('Monday').waitFor();
    await expectAccessible(page, 'a doctor’s schedule');

    const first = daysFromToday(40);
    await step(page, 'add time off', async () => {
      await page.getByLabel('First day off').fill(first);
      await page.getByLabel('Note', { exact: false }).fill('Conference');
      await page.getByRole('button', { name: 'Add time off' }).last().click();
      await page.getByRole('status').filter({ hasText: 'Time off added' }).waitFor();
    });
    const remove = page.getByRole('button', { name: /^Remove time off / });
    await remove.waitFor();
    await expectAccessible(page, 'time off added');

    await step(page, 'remove it', async () => {
      await remove.click();
      await page.getByRole('alertdialog', { name: 'Remove this time off?' }).waitFor();
    });
    await expectAccessible(page, 'the remove dialog');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await step(page, 'removed', async () => {
      await page.getByRole('status').filter({ hasText: 'Time off removed' }).waitFor();
      await page.getByText('No time off from today on.').waitFor();
    });
    await context.close();
  });

  it('revises Alex’s lipid panel to final and releases it', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await signInAsStaff(page);
    await page.getByRole('link', { name: 'Results' }).click();
    await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await expectAccessible(page, 'the results page');
    await step(page, 'Alex’s results', async () => {
      await page.getByLabel('Name', { exact: true }).fill('Alex Sample');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('button', { name: 'Show results of Alex Sample' }).click();
    });
    const panel = page.getByRole('article', { name: 'Lipid panel' });
    await step(page, 'the unreleased lipid panel', async () => {
      await panel.getByText('Not released').waitFor();
      await panel.getByText('Preliminary').waitFor();
    });
    await expectAccessible(page, 'a patient’s results');

    await step(page, 'revise to final', async () => {
      await panel.getByLabel('Reason for the revision').fill('Verified by the lab');
      await panel.getByRole('button', { name: 'Revise to final' }).click();
      await page.getByRole('status').filter({ hasText: 'Lipid panel is now final.' }).waitFor();
      await panel.getByText('Final', { exact: true }).waitFor();
    });
    await step(page, 'attach a scan', async () => {
      await panel.getByLabel('Attach a file (PDF, PNG or JPEG)').setInputFiles({
        name: 'lipid-scan.png',
        mimeType: 'image/png',
        buffer: Buffer.from(ONE_PIXEL_PNG, 'base64'),
      });
      await panel.getByRole('button', { name: 'Upload file' }).click();
      await page.getByRole('status').filter({ hasText: 'lipid-scan.png is attached.' }).waitFor();
      await panel.getByText('lipid-scan.png').waitFor();
    });
    await step(page, 'release', async () => {
      await panel.getByRole('button', { name: 'Release to the patient' }).click();
      await page.getByRole('alertdialog', { name: 'Release this report?' }).waitFor();
    });
    await expectAccessible(page, 'the release dialog');
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Release to the patient' })
      .click();
    await step(page, 'released', async () => {
      await page
        .getByRole('status')
        .filter({ hasText: 'Lipid panel is released to the patient.' })
        .waitFor();
      await panel.getByText('Released to the patient').waitFor();
    });
    await expectAccessible(page, 'a released report');

    // Alex now sees it.
    const alex = await tokenOf(ALEX);
    const me = await api<{ patientId: string }>('GET', '/me', alex);
    const results = await api<{ items: { title: string; releasedAt: string | null }[] }>(
      'GET',
      `/patients/${me.patientId}/results`,
      alex,
    );
    expect(results.items.find((r) => r.title === 'Lipid panel')?.releasedAt).not.toBeNull();
    await context.close();
  });
});
