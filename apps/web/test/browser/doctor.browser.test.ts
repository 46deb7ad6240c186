// The doctor's journeys: their day (times in the clinic's zone), a patient's record with the
// results' flags in words and a document to download, acknowledging a critical result, and a
// visit: checking the patient in, writing the note, writing a prescription (a refused validity
// shown on its field), correcting it and stopping it. axe-core checks every page and state.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  launchBrowser,
  openContext,
  patientProfileReads,
  signIn,
  step,
} from './support/browser.js';
import { DEMO_PASSWORD, startServer, type TestServer } from './support/server.js';

const DOCTOR = 'doctor@demo.medsync.example';

let server: TestServer;
let browser: Browser;
/** Each signed-in page's patient profile reads (`GET /patients/{id}`), from before sign-in. */
const profileReads = new WeakMap<Page, string[]>();

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedInDoctor(): Promise<Page> {
  const context = await openContext(browser, server.url);
  const page = await context.newPage();
  profileReads.set(page, patientProfileReads(page));
  await step(page, 'sign in as the doctor', () => signIn(page, DOCTOR, DEMO_PASSWORD));
  await step(page, 'my day', () =>
    page.getByRole('heading', { level: 1, name: 'My day' }).waitFor(),
  );
  return page;
}

/** Opens a path as an in-app link would: no reload, the session in memory stays. */
async function openInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => window.history.pushState(null, '', to), path);
}

/** From the day shown, the next days until one has bookings (the demo books this week). */
async function dayWithBookings(page: Page): Promise<void> {
  for (let i = 0; i < 9; i++) {
    const count = page.locator('.day-count');
    await count.waitFor();
    const shown = await count.textContent();
    if (!shown?.startsWith('No bookings')) return;
    await page.getByRole('link', { name: /^Next day/ }).click();
    await page.waitForFunction(
      (before) => document.querySelector('.day-count')?.textContent !== before,
      shown,
    );
  }
  throw new Error('no day with bookings in the next nine days');
}

describe('the doctor', () => {
  it('sees their day in the clinic’s zone and reads a patient’s record', async () => {
    const page = await signedInDoctor();
    await step(page, 'the clinic’s zone', () =>
      page.getByText(/Times in .* \(Europe\/Berlin\)/).waitFor(),
    );
    await page.locator('.day-count').waitFor();
    await expectAccessible(page, 'today');
    await step(page, 'the day list', () => dayWithBookings(page));
    await expectAccessible(page, 'a day with bookings');
    const row = page.getByRole('row').filter({ hasText: 'Alex Sample' });
    await expect(row.getByText('Booked').isVisible()).resolves.toBe(true);
    // The day and the critical results name their patients: no profile read per patient.
    await page
      .getByRole('region', { name: 'Critical results to acknowledge' })
      .getByRole('article')
      .first()
      .waitFor();
    expect(profileReads.get(page)).toEqual([]);
    await step(page, 'open Alex’s record', () =>
      row.getByRole('link', { name: 'Alex Sample (patient record)' }).click(),
    );
    await page.getByRole('heading', { level: 1, name: 'Record of Alex Sample' }).waitFor();
    await expectAccessible(page, 'the record');

    // The flags are words with what they mean, not only a colour or a letter.
    const bloodCount = page.getByRole('article', { name: 'Complete blood count' });
    const haemoglobin = bloodCount.getByRole('row').filter({ hasText: /Ha?emoglobin/ });
    await expect(haemoglobin.textContent()).resolves.toMatch(
      /Low \(L\).*Below the reference range/,
    );
    const panel = page.getByRole('article', { name: 'Comprehensive metabolic panel' });
    const alt = panel.getByRole('row').filter({ hasText: /ALT|Alanine/ });
    await expect(alt.textContent()).resolves.toMatch(/High \(H\).*Above the reference range/);
    await expect(bloodCount.textContent()).resolves.toContain('Changed after its release');

    // The chest X-ray's PDF comes through the API client as a download.
    const xray = page.getByRole('article', { name: /Chest X-ray/ });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      xray.getByRole('button', { name: /Download .*\.pdf/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);

    // The revised vitamin D prescription shows its history.
    const vitaminD = page.getByRole('article', { name: /Colecalciferol/ });
    await step(page, 'prescription history', async () => {
      await vitaminD.getByRole('button', { name: /Show history/ }).click();
      await vitaminD.getByText(/Revision 2/).waitFor();
    });
    await expect(vitaminD.textContent()).resolves.toMatch(/corrected/);
    await expectAccessible(page, 'the record with a prescription’s history open');
    await page.context().close();
  });

  it('acknowledges Sam’s critical potassium', async () => {
    const page = await signedInDoctor();
    const panel = page.getByRole('region', { name: 'Critical results to acknowledge' });
    const item = panel.getByRole('article', { name: /Sam Example/ });
    await step(page, 'the critical result', () => item.waitFor());
    expect(profileReads.get(page)).toEqual([]);
    await expect(item.textContent()).resolves.toMatch(
      /Potassium.*6\.8 mmol\/L.*Critically high \(HH\).*critical limit of 6 mmol\/L/,
    );
    await expectAccessible(page, 'a critical result waiting');
    await step(page, 'acknowledge', () =>
      item.getByRole('button', { name: /Acknowledge the critical result/ }).click(),
    );
    const confirmation = panel.getByRole('status').filter({ hasText: 'You acknowledged' });
    await step(page, 'confirmation', () => confirmation.waitFor());
    await expect(confirmation.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await panel.getByText('No critical results are waiting for you.').waitFor();
    await expectAccessible(page, 'the critical result acknowledged');
    await page.context().close();
  });

  it('checks a patient in, writes the note and a prescription, corrects it and stops it', async () => {
    const page = await signedInDoctor();
    await step(page, 'the day list', () => dayWithBookings(page));
    const row = page.getByRole('row').filter({ hasText: 'Sam Example' });
    await step(page, 'open the visit', () => row.getByRole('link', { name: /Open visit/ }).click());
    await page.getByRole('heading', { level: 1, name: 'Visit of Sam Example' }).waitFor();
    await page.getByText(/Central European .*Time, Europe\/Berlin/).waitFor();
    await expectAccessible(page, 'a booked visit');

    await step(page, 'check in', () =>
      page.getByRole('button', { name: 'Check the patient in' }).click(),
    );
    await page.getByRole('status').filter({ hasText: 'The patient is checked in.' }).waitFor();

    // The note, with a diagnosis and its ICD-10 code.
    await page.getByRole('button', { name: 'Write the visit note' }).click();
    const note = page.getByLabel('Clinical note');
    await expect(note.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await note.fill('Sore throat for three days, no fever. Pharynx red, no exudate.');
    await page.getByLabel('Diagnosis 1', { exact: true }).fill('Acute pharyngitis');
    await page.getByLabel('ICD-10 code of diagnosis 1 (optional)').fill('j02.9');
    await expectAccessible(page, 'the note form');
    await page.getByRole('button', { name: 'Save the note' }).click();
    const saved = page.getByRole('status').filter({ hasText: 'The visit note is saved.' });
    await step(page, 'note saved', () => saved.waitFor());
    await expect(saved.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.getByText('ICD-10 J02.9').waitFor();
    await expectAccessible(page, 'the note saved');

    // Corrected with a reason: a new revision, the first one kept in the history.
    await page.getByRole('button', { name: 'Correct the note' }).click();
    await page
      .getByLabel('Clinical note')
      .fill('Sore throat for three days, no fever. Tonsils red.');
    await page.getByLabel('Reason for the correction').fill('Examination finding corrected');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await step(page, 'note revised', () =>
      page.getByRole('status').filter({ hasText: 'saved as revision 2' }).waitFor(),
    );
    await page.getByRole('button', { name: 'Show the note’s history' }).click();
    await step(page, 'note history', () => page.getByText(/^Revision 1, /).waitFor());
    await expectAccessible(page, 'the note revised, with its history');

    // A prescription whose validity the server refuses: the message is on the field.
    await page.getByRole('button', { name: 'Add a prescription' }).click();
    const form = page.getByRole('form', { name: 'New prescription' });
    await form.getByLabel('Medicine name').fill('Amoxicillin');
    await form.getByLabel('Strength').fill('500 mg');
    await form.getByLabel('Form', { exact: true }).fill('capsule');
    await form.getByLabel('Dose per administration').fill('1 capsule');
    await form.getByLabel('Frequency').fill('three times a day');
    await form.getByLabel('Duration in days').fill('7');
    await form.getByLabel('Quantity per fill').fill('21');
    await form.getByLabel('Unit of the quantity').fill('capsule');
    await form.getByLabel('Instructions for the patient').fill('Finish the course.');
    await form.getByLabel('Valid from').fill('2030-01-02');
    await form.getByLabel('Valid until').fill('2030-01-01');
    await form.getByRole('button', { name: 'Save the prescription' }).click();
    const validUntil = form.getByLabel('Valid until');
    await step(page, 'refused on the field', () =>
      page.waitForFunction(
        () =>
          document.querySelector('input[name="validUntil"]')?.getAttribute('aria-invalid') ===
          'true',
      ),
    );
    await expect(form.textContent()).resolves.toContain('must not be before validFrom');
    await expect(validUntil.getAttribute('aria-describedby')).resolves.toBeTruthy();
    await expectAccessible(page, 'a refused prescription');
    await form.getByLabel('Valid from').fill('');
    await form.getByLabel('Valid until').fill('');
    await form.getByRole('button', { name: 'Save the prescription' }).click();
    const created = page
      .getByRole('status')
      .filter({ hasText: 'The prescription for Amoxicillin is saved.' });
    await step(page, 'prescription saved', () => created.waitFor());
    await expect(created.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const item = page.getByRole('article', { name: 'Amoxicillin 500 mg' });
    await item.getByText('Active', { exact: true }).waitFor();
    await expectAccessible(page, 'the prescription saved');

    // Corrected: a new revision with a reason.
    await item.getByRole('button', { name: /^Correct/ }).click();
    const revise = page.getByRole('form', { name: /Correct Amoxicillin/ });
    await revise.getByLabel('Dose per administration').fill('2 capsules');
    await revise.getByLabel('Quantity per fill').fill('42');
    await revise.getByLabel('Reason for the change').fill('Dose doubled for a severe infection');
    await expectAccessible(page, 'the correction form');
    await revise.getByRole('button', { name: 'Save the correction' }).click();
    // The note's own confirmation ("The correction is saved as revision 2") is still shown.
    await step(page, 'revised', () =>
      page
        .getByRole('status')
        .filter({ hasText: 'The correction of Amoxicillin is saved as revision 2' })
        .waitFor(),
    );
    await item.getByText(/2 capsules, oral/).waitFor();

    // Stopped, with a reason.
    await item.getByRole('button', { name: /Change status/ }).click();
    await item.getByLabel('New status').selectOption('stopped');
    await item.getByLabel('Reason for the change').fill('Rash after the second dose');
    await expectAccessible(page, 'the status form');
    await item.getByRole('button', { name: 'Change the status' }).click();
    const stopped = page.getByRole('status').filter({ hasText: 'Amoxicillin is now: Stopped.' });
    await step(page, 'stopped', () => stopped.waitFor());
    await expect(stopped.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await item.getByText('Stopped', { exact: true }).waitFor();
    await expect(item.getByRole('button', { name: /^Correct/ }).count()).resolves.toBe(0);

    await item.getByRole('button', { name: /Show history/ }).click();
    await step(page, 'history', () => item.getByText(/Revision 3, /).waitFor());
    await expect(item.textContent()).resolves.toMatch(/Rash after the second dose/);
    await expectAccessible(page, 'the stopped prescription with its history');
    await page.context().close();
  });

  it('says so when a record or a visit is not among theirs', async () => {
    const page = await signedInDoctor();
    const unknown = '01a24d2f-0000-7000-8000-000000000000';
    await openInApp(page, `/doctor/patients/${unknown}`);
    await step(page, 'record refused', () =>
      page.getByRole('alert').filter({ hasText: 'not among your patients' }).waitFor(),
    );
    await expectAccessible(page, 'a record that is not theirs');
    await openInApp(page, `/doctor/visits/${unknown}`);
    await step(page, 'visit refused', () =>
      page.getByRole('alert').filter({ hasText: 'not among your patients' }).waitFor(),
    );
    await expectAccessible(page, 'a visit that is not theirs');
    await page.context().close();
  });
});
