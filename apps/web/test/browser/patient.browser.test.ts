// The patient's own journeys: registering and signing in at once, editing the profile and
// changing the password (which signs out everywhere); patient1's bookings (the upcoming one,
// cancelling it after a confirmation, a refusal told in plain words); rating a completed visit;
// the record with its flags explained, a PDF to download and the access log; and a password reset
// through the link the server logs in place of an e-mail. axe-core checks every page and state.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, openContext, signIn, step } from './support/browser.js';
import { DEMO_PASSWORD, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let browser: Browser;

const PATIENT1 = 'patient1@demo.medsync.example';
const PATIENT2 = 'patient2@demo.medsync.example';

beforeAll(async () => {
  // At info, the server logs the password-reset link that stands in for the e-mail.
  [server, browser] = await Promise.all([startServer({ LOG_LEVEL: 'info' }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<Page> {
  const context = await openContext(browser, server.url);
  return context.newPage();
}

/** The reset link the server logged for the account, newest first. */
function resetLinkIn(output: string): string | null {
  const links = [...output.matchAll(/"resetUrl":"(\/reset-password\?token=[A-Za-z0-9_-]+)"/g)];
  return links.at(-1)?.[1] ?? null;
}

describe('a new patient', () => {
  it('registers, signs in at once, edits the profile and changes the password', async () => {
    const page = await newPage();
    const email = `new-patient-${Date.now()}@example.org`;
    await step(page, 'open /register', () => page.goto('/register'));
    await page.getByRole('heading', { level: 1, name: 'Create your patient account' }).waitFor();
    await expectAccessible(page, 'the registration form');

    await page.getByLabel('Full name').fill('Robin Newcomer');
    await page.getByLabel('Date of birth').fill('1990-05-17');
    // The radio inputs are visually hidden inside their labels: people click the label.
    await page.getByText('Prefer not to say', { exact: true }).click();
    await page.getByLabel('E-mail address').fill(email);
    // Long enough for the client's check; the server refuses it as too easy to guess.
    await page.getByLabel('New password', { exact: true }).fill('password1234');
    await page.getByRole('button', { name: 'Create account' }).click();
    await step(page, 'weak password refused on its field', () =>
      page.getByText('too common or too easy to guess').waitFor(),
    );
    await expect(
      page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await expectAccessible(page, 'the registration form with a refused password');

    const password = 'lantern orchard quietly seven';
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await step(page, 'registration received', () =>
      page.getByRole('status').filter({ hasText: 'you can sign in now' }).waitFor(),
    );
    await expectAccessible(page, 'the registration confirmation');

    await step(page, 'sign in right away', () => signIn(page, email, password));
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    await page.getByText('You have no upcoming bookings.').waitFor();
    await page.getByText('You have no past bookings yet.').waitFor();
    await expectAccessible(page, 'My bookings, empty');

    await page.getByRole('link', { name: 'My record' }).click();
    await page.getByText('No results have been released to you yet.').waitFor();
    await page.getByText('You have no current prescriptions.').waitFor();
    await page.getByRole('table', { name: 'Who viewed my record' }).waitFor();
    await expectAccessible(page, 'My record, empty');

    await page.getByRole('link', { name: 'My profile' }).click();
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    await page.getByText('Robin Newcomer').waitFor();
    await expectAccessible(page, 'the profile');
    await page.getByRole('button', { name: 'Edit details' }).click();
    await expectAccessible(page, 'the profile form');
    await page.getByLabel('Full name').fill('Robin Q. Newcomer');
    await page.getByLabel('Phone (optional)').fill('+49 30 1234567');
    await page.getByRole('button', { name: 'Save' }).click();
    await step(page, 'profile saved', () =>
      page.getByRole('status').filter({ hasText: 'Your details were saved.' }).waitFor(),
    );
    await page.getByText('Robin Q. Newcomer').waitFor();
    await page.getByText('+49 30 1234567').waitFor();
    await expectAccessible(page, 'the saved profile');

    // A wrong current password is told on its field.
    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill('copper meadow thunder ninety');
    await page.getByLabel('Repeat the new password').fill('copper meadow thunder ninety');
    await page.getByRole('button', { name: 'Change password' }).click();
    await step(page, 'wrong current password', () =>
      page.getByText('The current password is not correct.').waitFor(),
    );
    await expectAccessible(page, 'the password form with an error');

    await page.getByLabel('Current password').fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await step(page, 'signed out after the change', () =>
      page.getByRole('heading', { level: 1, name: 'Password changed' }).waitFor(),
    );
    await page.getByText('signed out on every device').waitFor();
    await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'the password-changed page');

    await step(page, 'sign in with the new password', () =>
      signIn(page, email, 'copper meadow thunder ninety'),
    );
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    await page.context().close();
  });
});

describe('patient1', () => {
  it('sees the upcoming booking and cancels it after confirming', async () => {
    const page = await newPage();
    await step(page, 'sign in', () => signIn(page, PATIENT1, DEMO_PASSWORD));
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    const upcoming = page.getByRole('region', { name: 'Upcoming' });
    const card = upcoming.getByRole('article').filter({ hasText: 'Booked' }).first();
    await step(page, 'the upcoming booking', () => card.waitFor());
    // In the clinic's zone, labelled with it.
    await card.getByText(/Central European (Standard|Summer) Time/).waitFor();
    await card.getByText('MedSync Berlin Mitte').waitFor();
    await card.getByRole('link', { name: /Reschedule/ }).waitFor();
    expect(await card.getByRole('link', { name: /Reschedule/ }).getAttribute('href')).toMatch(
      /^\/reschedule\/[0-9a-f-]{36}$/,
    );
    await expectAccessible(page, 'My bookings');

    await card.getByRole('button', { name: 'Cancel booking' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Cancel this booking?' });
    await step(page, 'the confirmation dialog', () => dialog.waitFor());
    // The safe choice has the focus.
    await expect(page.evaluate(() => document.activeElement?.textContent ?? '')).resolves.toContain(
      'Keep booking',
    );
    await expectAccessible(page, 'the cancel dialog');

    // Keeping it closes the dialog and changes nothing.
    await dialog.getByRole('button', { name: 'Keep booking' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card.getByText('Booked').waitFor();

    // A refusal by the API's rules is told in plain words inside the dialog.
    await page.route('**/api/v1/bookings/*/cancel', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: '/problems/too-late',
          title: 'Unprocessable Content',
          status: 422,
          detail: 'You can cancel a booking until it starts',
          code: 'too-late',
          requestId: 'test',
        }),
      }),
    );
    await card.getByRole('button', { name: 'Cancel booking' }).click();
    await dialog.getByRole('button', { name: 'Yes, cancel it' }).click();
    await step(page, 'the refusal in words', () =>
      dialog.getByRole('alert').filter({ hasText: 'already started' }).waitFor(),
    );
    await expectAccessible(page, 'the cancel dialog with a refusal');
    await page.unroute('**/api/v1/bookings/*/cancel');

    await dialog.getByRole('button', { name: 'Yes, cancel it' }).click();
    await step(page, 'cancelled', () =>
      page.getByRole('status').filter({ hasText: 'Your booking was cancelled.' }).waitFor(),
    );
    await dialog.waitFor({ state: 'detached' });
    await upcoming.getByRole('article').filter({ hasText: 'Cancelled' }).first().waitFor();
    await expect(upcoming.getByRole('button', { name: 'Cancel booking' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'My bookings after cancelling');
    await page.context().close();
  });

  it('sees released results with their flags explained, downloads the PDF, and the log', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await step(page, 'sign in', () => signIn(page, PATIENT1, DEMO_PASSWORD));
    await page.getByRole('link', { name: 'My record' }).click();
    await page.getByRole('heading', { level: 1, name: 'My record' }).waitFor();

    const blood = page.getByRole('article', { name: 'Complete blood count' });
    await step(page, 'the blood count', () => blood.waitFor());
    await blood.getByText('changed after it was first released').waitFor();
    const haemoglobin = blood.getByRole('row').filter({ hasText: /Ha?emoglobin/ });
    await haemoglobin.getByText('L · Low').waitFor();
    await haemoglobin.getByText('Below the normal range.').waitFor();
    const panel = page.getByRole('article', { name: 'Comprehensive metabolic panel' });
    await panel.getByRole('row').filter({ hasText: 'Alanine' }).getByText('H · High').waitFor();
    // The lipid panel is not released yet: not shown.
    await expect(page.getByRole('article', { name: /Lipid/ }).count()).resolves.toBe(0);

    const prescriptions = page.getByRole('region', { name: 'Current medications' });
    await prescriptions.getByRole('article', { name: /Ferrous sulfate/ }).waitFor();
    // Amoxicillin was completed: not a current medication.
    await expect(prescriptions.getByText(/Amoxicillin/).count()).resolves.toBe(0);

    const log = page.getByRole('table', { name: 'Who viewed my record' });
    await log.getByRole('row').filter({ hasText: 'Read your whole record' }).first().waitFor();
    await expectAccessible(page, 'My record');

    const xray = page.getByRole('article', { name: /Chest X-ray/ });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      xray.getByRole('button', { name: /Download .*\.pdf/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(await download.failure()).toBeNull();
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await xray.getByRole('status').filter({ hasText: 'downloaded' }).waitFor();
    await expectAccessible(page, 'My record after a download');

    // Older entries of the log come with the cursor.
    const rows = await log.getByRole('row').count();
    const more = page.getByRole('button', { name: 'Show older entries' });
    if (await more.isVisible()) {
      await more.click();
      await expect.poll(() => log.getByRole('row').count()).toBeGreaterThan(rows);
    }
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.context().close();
  });
});

describe('patient2', () => {
  it('sees an earlier rating and rates a completed visit', async () => {
    const page = await newPage();
    await step(page, 'sign in', () => signIn(page, PATIENT2, DEMO_PASSWORD));
    const past = page.getByRole('region', { name: 'Past' });
    // His two-star rating, whose comment staff hid.
    await step(page, 'the earlier rating', () =>
      past.getByText('2 of 5 stars', { exact: true }).first().waitFor(),
    );
    await past.getByText('Staff have hidden your comment').waitFor();

    // The review visit six days ago has no rating yet.
    await past.getByRole('button', { name: 'Rate this visit' }).first().click();
    const stars = page.getByRole('radiogroup', { name: /How was your visit/ });
    await stars.waitFor();
    await expectAccessible(page, 'the rating form');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await step(page, 'stars required', () =>
      page.getByText('Please choose from 1 to 5 stars.').waitFor(),
    );
    await expectAccessible(page, 'the rating form with an error');
    await stars.getByText('4 of 5 stars', { exact: true }).click();
    await expect(stars.getByRole('radio', { name: '4 of 5 stars' }).isChecked()).resolves.toBe(
      true,
    );
    await page.getByLabel('Comment (optional)').fill('Clear explanation of the results.');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await step(page, 'rating saved', () =>
      page.getByRole('status').filter({ hasText: 'your rating was saved' }).waitFor(),
    );
    await past.getByText('Clear explanation of the results.').waitFor();
    await expectAccessible(page, 'the saved rating');
    await page.context().close();
  });
});

describe('a forgotten password', () => {
  it('is reset through the link the server sends, and the new one signs in', async () => {
    const page = await newPage();
    await step(page, 'open /forgot-password', () => page.goto('/forgot-password'));
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    await expectAccessible(page, 'the reset request form');
    await page.getByLabel('E-mail address').fill(PATIENT2);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await step(page, 'request received', () =>
      page.getByRole('status').filter({ hasText: 'a link to set a new password' }).waitFor(),
    );
    await expectAccessible(page, 'the reset request confirmation');

    await expect.poll(() => resetLinkIn(server.output()), { timeout: 10_000 }).not.toBeNull();
    const link = resetLinkIn(server.output()) ?? '';

    // A link that does not work says so and offers a new one.
    await page.goto('/reset-password?token=not-a-real-token');
    await page.getByLabel('New password', { exact: true }).fill('harbour violet pencil eleven');
    await page.getByLabel('Repeat the new password').fill('harbour violet pencil eleven');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await step(page, 'an invalid link', () =>
      page.getByRole('alert').filter({ hasText: 'not valid any more' }).waitFor(),
    );
    await page.getByRole('link', { name: 'Request a new link' }).waitFor();
    await expectAccessible(page, 'an invalid reset link');

    await step(page, 'open the link', () => page.goto(link));
    await page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
    // The token leaves the address bar at once.
    await expect.poll(() => page.url()).not.toContain('token');
    await expectAccessible(page, 'the new password form');
    await page.getByLabel('New password', { exact: true }).fill('harbour violet pencil eleven');
    await page.getByLabel('Repeat the new password').fill('harbour violet pencil eleven');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await step(page, 'password set', () =>
      page.getByRole('status').filter({ hasText: 'Your new password is set.' }).waitFor(),
    );
    await expectAccessible(page, 'the reset confirmation');

    await step(page, 'sign in with the new password', () =>
      signIn(page, PATIENT2, 'harbour violet pencil eleven'),
    );
    await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    await page.context().close();
  });
});
