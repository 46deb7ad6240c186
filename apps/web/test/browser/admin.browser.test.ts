// The administrator's journey: a new clinic with its opening hours, a doctor there with weekly
// hours of their own, who then appears in the public doctor search, and a front-desk account for
// the clinic. On the way the refusals a user meets are shown on the fields they concern: a name or
// e-mail already taken (409), overlapping hours (422), a malformed price (400). axe checks every
// page and state.
import type { Browser, Page } from 'playwright-core';
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

const CLINIC = 'MedSync Harbour Test Clinic';
const DOCTOR = 'Dr. Ada Testwell';
const SPECIALTY = 'Sports medicine';
const STAFF_EMAIL = 'harbour.desk@demo.medsync.example';

/** The element that has the focus: its accessible label or text, for asserting where focus went. */
async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return labelled ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
  });
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

describe('the administrator', () => {
  it('builds a clinic with a doctor and a front-desk account', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await step(page, 'sign in', () => signIn(page, 'admin@demo.medsync.example', DEMO_PASSWORD));

    // The directory: its specialties. A taken name is refused on the field, a new one created.
    await step(page, 'directory', () =>
      page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor(),
    );
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByRole('heading', { name: 'All specialties' }).waitFor();
    await page.locator('.list h4').first().waitFor();
    await expectAccessible(page, 'the specialties');
    const existing = (await page.locator('.list h4').first().textContent()) ?? '';
    const newSpecialty = page.getByRole('form', { name: 'New specialty' });
    await newSpecialty.getByLabel('Name').fill(existing);
    await newSpecialty.getByRole('button', { name: 'Create specialty' }).click();
    await step(page, 'taken name shown', () =>
      newSpecialty.getByText('This name is already used by another specialty.').waitFor(),
    );
    await expect
      .poll(() => newSpecialty.getByLabel('Name').getAttribute('aria-invalid'))
      .toBe('true');
    expect(await focusedText(page)).toContain('Name');
    await expectAccessible(page, 'a taken specialty name');
    await newSpecialty.getByLabel('Name').fill(SPECIALTY);
    await newSpecialty.getByRole('button', { name: 'Create specialty' }).click();
    await step(page, 'specialty created', () =>
      page
        .getByRole('status')
        .filter({ hasText: `${SPECIALTY} was created.` })
        .waitFor(),
    );
    expect(await focusedText(page)).toContain(`${SPECIALTY} was created.`);

    // A clinic: overlapping hours are refused on the row, then it is created.
    await page
      .getByRole('navigation', { name: 'Directory sections' })
      .getByRole('link', { name: 'Clinics' })
      .click();
    await step(page, 'clinics', () =>
      page.getByRole('heading', { level: 1, name: 'Clinics' }).waitFor(),
    );
    await page.getByRole('link', { name: 'MedSync Berlin Mitte' }).waitFor();
    await expectAccessible(page, 'the clinics');
    const newClinic = page.getByRole('form', { name: 'New clinic' });
    await newClinic.getByLabel('Name').fill(CLINIC);
    await newClinic.getByLabel('Address').fill('1 Harbour Street, Boston');
    await newClinic.getByLabel('Phone').fill('+1 617 555 0100');
    await newClinic.getByLabel('Time zone').selectOption('America/New_York');
    await newClinic.getByLabel('Currency').selectOption('USD');
    await newClinic.getByText('Local times in America/New_York').waitFor();
    const saturday = newClinic.getByRole('group', { name: 'Saturday' });
    await saturday.getByRole('button', { name: 'Add hours on Saturday' }).click();
    const monday = newClinic.getByRole('group', { name: 'Monday' });
    await monday.getByRole('button', { name: 'Add hours on Monday' }).click();
    await monday.getByLabel('Opens').nth(1).fill('09:00');
    await monday.getByLabel('Closes').nth(1).fill('10:00');
    await newClinic.getByRole('button', { name: 'Create clinic' }).click();
    await step(page, 'overlap shown', () =>
      page.getByRole('alert').filter({ hasText: 'Some hours overlap on the same day.' }).waitFor(),
    );
    await monday.getByText('These hours overlap others on the same day.').first().waitFor();
    expect(await focusedText(page)).toContain('Opens');
    await expectAccessible(page, 'overlapping clinic hours');
    await monday.getByRole('button', { name: 'Remove hours 2 on Monday' }).click();
    await newClinic.getByRole('button', { name: 'Create clinic' }).click();
    await step(page, 'clinic created', () =>
      page
        .getByRole('status')
        .filter({ hasText: `${CLINIC} was created.` })
        .waitFor(),
    );
    await expectAccessible(page, 'a clinic created');

    // The same name again: 409, on the name field.
    await newClinic.getByLabel('Name').fill(CLINIC);
    await newClinic.getByLabel('Address').fill('2 Harbour Street, Boston');
    await newClinic.getByLabel('Phone').fill('+1 617 555 0101');
    await newClinic.getByRole('button', { name: 'Create clinic' }).click();
    await step(page, 'taken clinic name', () =>
      newClinic.getByText('This name is already used by another clinic.').waitFor(),
    );
    expect(await focusedText(page)).toContain('Name');

    // The clinic's page: its hours, in its zone; no doctors yet.
    await page.getByRole('link', { name: `Open ${CLINIC}` }).click();
    await step(page, 'clinic page', () =>
      page.getByRole('heading', { level: 1, name: CLINIC }).waitFor(),
    );
    await page.getByText('No doctors work here yet.').waitFor();
    const clinicId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const clinic = await api<{ timeZone: string; workingHours: unknown[] }>(
      `/api/v1/locations/${clinicId}`,
    );
    expect(clinic.timeZone).toBe('America/New_York');
    expect(clinic.workingHours).toHaveLength(6);
    await expectAccessible(page, 'the clinic page');

    // A doctor there: a malformed price is refused on the field (400), then the profile is made.
    await page.getByRole('link', { name: 'Add a doctor here' }).click();
    await step(page, 'doctors', () =>
      page.getByRole('heading', { level: 1, name: 'Doctors' }).waitFor(),
    );
    const newDoctor = page.getByRole('form', { name: 'New doctor' });
    await expect.poll(() => newDoctor.getByLabel('Clinic').inputValue()).toBe(clinicId);
    await newDoctor.getByLabel('Full name').fill(DOCTOR);
    await newDoctor.getByLabel('Specialty').selectOption({ label: SPECIALTY });
    await newDoctor.getByLabel('Price in USD').fill('95.999');
    await newDoctor.getByLabel('Experience').fill('Twelve years in sports medicine.');
    await newDoctor.getByLabel('Certificates').fill('Board certified');
    await newDoctor.getByLabel('Services').fill('Knee injuries, running analysis');
    await newDoctor.getByRole('button', { name: 'Create doctor' }).click();
    await step(page, 'bad price shown', () =>
      page.getByRole('alert').filter({ hasText: 'Some fields are not valid' }).waitFor(),
    );
    await expect
      .poll(() => newDoctor.getByLabel('Price in USD').getAttribute('aria-invalid'))
      .toBe('true');
    expect(await focusedText(page)).toContain('Price');
    await expectAccessible(page, 'a malformed price');
    await newDoctor.getByLabel('Price in USD').fill('95.50');
    await newDoctor.getByRole('button', { name: 'Create doctor' }).click();
    await step(page, 'doctor page', () =>
      page.getByRole('heading', { level: 1, name: DOCTOR }).waitFor(),
    );
    await page
      .getByRole('status')
      .filter({ hasText: `${DOCTOR} was created.` })
      .waitFor();
    await page.getByText("works the clinic's opening hours").waitFor();
    await expectAccessible(page, 'the new doctor');

    // Weekly hours of their own: Tuesday to Thursday only.
    const hours = page.getByRole('group', { name: 'Weekly hours' });
    for (const day of ['Monday', 'Friday', 'Saturday']) {
      await hours.getByRole('button', { name: `Remove hours 1 on ${day}` }).click();
    }
    await hours.getByRole('group', { name: 'Wednesday' }).getByLabel('Closes').fill('13:00');
    await page.getByRole('button', { name: 'Save hours' }).click();
    await step(page, 'hours saved', () =>
      page.getByRole('status').filter({ hasText: 'The hours are saved.' }).waitFor(),
    );
    const doctorId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const own = await api<{
      locationDefault: boolean;
      workingHours: { weekday: number; closesAt: string }[];
    }>(`/api/v1/doctors/${doctorId}/working-hours`);
    expect(own.locationDefault).toBe(false);
    expect(own.workingHours.map((h) => h.weekday)).toEqual([2, 3, 4]);
    expect(own.workingHours[1]?.closesAt).toBe('13:00');
    await expectAccessible(page, 'the doctor’s hours saved');

    // The public search finds the doctor, by clinic and by name.
    const byClinic = await api<{ items: { id: string; fullName: string }[] }>(
      `/api/v1/doctors?locationId=${clinicId}`,
    );
    expect(byClinic.items.map((d) => d.fullName)).toEqual([DOCTOR]);
    const byName = await api<{ items: { id: string }[] }>(
      `/api/v1/doctors?q=${encodeURIComponent('Testwell')}`,
    );
    expect(byName.items.map((d) => d.id)).toContain(doctorId);
    // And so does /find: a visitor who is not signed in searches by name.
    const visitor = await openContext(browser, server.url);
    const visitorPage = await visitor.newPage();
    await step(visitorPage, 'the new doctor on the find page', async () => {
      await visitorPage.goto('/find?q=Testwell');
      await visitorPage.getByRole('heading', { level: 1, name: 'Find a doctor' }).waitFor();
      await visitorPage.getByRole('link', { name: DOCTOR }).first().waitFor();
    });
    await visitor.close();

    // The specialty now has a doctor: deleting it is refused (409), in words.
    const main = page.getByRole('navigation', { name: 'Main' });
    await main.getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
    const sports = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: SPECIALTY }) });
    await sports.getByRole('button', { name: `Delete ${SPECIALTY}` }).click();
    await sports.getByRole('button', { name: 'Yes, delete' }).click();
    await step(page, 'specialty still in use', () =>
      sports.getByRole('alert').filter({ hasText: 'It is still in use' }).waitFor(),
    );
    await expectAccessible(page, 'a specialty still in use');

    // Diagnostics: a new one, offered at the clinic; offering it twice is refused (409).
    const sections = page.getByRole('navigation', { name: 'Directory sections' });
    await sections.getByRole('link', { name: 'Diagnostics' }).click();
    await step(page, 'diagnostics', () =>
      page.getByRole('heading', { level: 1, name: 'Diagnostics' }).waitFor(),
    );
    await page.getByRole('table', { name: 'Where diagnostics are offered' }).waitFor();
    await expectAccessible(page, 'the diagnostics');
    const newDiagnostic = page.getByRole('form', { name: 'New diagnostic' });
    await newDiagnostic.getByLabel('Name').fill('Gait analysis');
    await newDiagnostic.getByLabel('Duration (minutes)').fill('45');
    await newDiagnostic.getByRole('button', { name: 'Create diagnostic' }).click();
    await page.getByRole('status').filter({ hasText: 'Gait analysis was created.' }).waitFor();
    const offer = page.getByRole('form', { name: 'Offer a diagnostic at a clinic' });
    for (const attempt of ['first', 'again']) {
      await expect.poll(() => offer.getByRole('option', { name: 'Gait analysis' }).count()).toBe(1);
      await offer.getByLabel('Diagnostic').selectOption({ label: 'Gait analysis' });
      await offer.getByLabel('Clinic').selectOption({ label: CLINIC });
      await offer.getByLabel('Price in USD').fill('120');
      await offer.getByRole('button', { name: 'Offer it' }).click();
      if (attempt === 'first') {
        await step(page, 'offered', () =>
          page
            .getByRole('status')
            .filter({ hasText: `${CLINIC} now offers Gait analysis.` })
            .waitFor(),
        );
      }
    }
    await step(page, 'offered twice', () =>
      offer.getByRole('alert').filter({ hasText: 'already offers this diagnostic' }).waitFor(),
    );
    await expectAccessible(page, 'an offering that exists');

    // A front-desk account for the clinic: a taken e-mail first (409), then the new one.
    // Through the navigation: the session lives in this page (a reload would renew it).
    await main.getByRole('link', { name: 'Accounts' }).click();
    await step(page, 'accounts', () =>
      page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor(),
    );
    await page.getByRole('heading', { name: 'admin@demo.medsync.example' }).waitFor();
    await expectAccessible(page, 'the accounts');
    const newAccount = page.getByRole('form', { name: 'New account' });
    await newAccount.getByLabel('E-mail address').fill('staff@demo.medsync.example');
    await newAccount.getByLabel('Password', { exact: true }).fill('a-long-harbour-password-2026');
    await newAccount.getByLabel('Role').selectOption('staff');
    await newAccount.getByRole('checkbox', { name: CLINIC }).check();
    await newAccount.getByRole('button', { name: 'Create account' }).click();
    await step(page, 'taken e-mail', () =>
      newAccount.getByText('This e-mail address already has an account.').waitFor(),
    );
    await newAccount.getByText('An account with this e-mail address already exists.').waitFor();
    expect(await focusedText(page)).toContain('E-mail address');
    await expectAccessible(page, 'a taken e-mail address');
    await newAccount.getByLabel('E-mail address').fill(STAFF_EMAIL);
    await newAccount.getByRole('button', { name: 'Create account' }).click();
    await step(page, 'account created', () =>
      page
        .getByRole('status')
        .filter({ hasText: `The Front desk account ${STAFF_EMAIL} was created.` })
        .waitFor(),
    );
    await page.getByLabel('Show accounts with the role').selectOption('staff');
    const row = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: STAFF_EMAIL }) });
    await step(page, 'staff listed with the clinic', () => row.getByText(CLINIC).waitFor());
    await expectAccessible(page, 'the staff accounts');

    // Disable and enable it again.
    await row.getByRole('button', { name: `Disable ${STAFF_EMAIL}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${STAFF_EMAIL} is disabled` })
      .waitFor();
    await row.getByRole('button', { name: `Enable ${STAFF_EMAIL}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${STAFF_EMAIL} is enabled.` })
      .waitFor();
    await context.close();

    // The new account works: the front desk signs in.
    const desk = await openContext(browser, server.url);
    const deskPage = await desk.newPage();
    await step(deskPage, 'staff signs in', () =>
      signIn(deskPage, STAFF_EMAIL, 'a-long-harbour-password-2026'),
    );
    await desk.close();
  });

  it('keeps the directory from other roles', async () => {
    const context = await openContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/admin/accounts');
    await step(page, 'sent to sign in', () => page.waitForURL(/\/sign-in\?next=/));
    await page.getByLabel('E-mail address').fill('patient1@demo.medsync.example');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).last().click();
    await step(page, 'not available', () =>
      page.getByRole('heading', { level: 1, name: 'Not available' }).waitFor(),
    );
    await expect(page.getByRole('link', { name: 'Accounts' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'the admin page for a patient');
    await context.close();
  });
});
