// One visit across every role, each in their own browser: the patient books with the GP in the
// app, the front desk checks her in and completes the visit, the doctor writes a prescription,
// the desk writes the visit's result and the doctor releases it, and the patient reads both in
// her record and rates the visit. axe on the pages each role sees on the way.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, tokenOf as signInToken } from './support/api.js';
import { expectAccessible, launchBrowser, openContext, signIn, step } from './support/browser.js';
import { DEMO_PASSWORD, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let browser: Browser;

const PATIENT = 'patient1@demo.medsync.example';
const ZONE = 'Europe/Berlin';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const api = <T>(path: string, token?: string) => callApi<T>(server.url, 'GET', path, token);
const tokenOf = (email: string) => signInToken(server.url, email);

async function pageAs(email: string): Promise<Page> {
  const context = await openContext(browser, server.url, { timezoneId: ZONE });
  const page = await context.newPage();
  await step(page, `sign in as ${email}`, () => signIn(page, email, DEMO_PASSWORD));
  return page;
}

const localDate = (instant: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, dateStyle: 'short' }).format(
    new Date(instant),
  );
const localTime = (instant: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' }).format(
    new Date(instant),
  );

describe('a visit from booking to the patient’s record', () => {
  it('is booked, served, prescribed, reported, released, read and rated', async () => {
    const doctorMe = await api<{ doctorId: string }>(
      '/me',
      await tokenOf('doctor@demo.medsync.example'),
    );
    const gp = await api<{ fullName: string }>(`/doctors/${doctorMe.doctorId}`);

    // The patient books the GP's first free slot in the app.
    const patient = await pageAs(PATIENT);
    await step(patient, 'the GP’s page', () => patient.goto(`/doctors/${doctorMe.doctorId}`));
    await patient.getByRole('heading', { level: 1, name: gp.fullName }).waitFor();
    const slot = patient.getByRole('button', { name: /, Berlin time/ }).first();
    await step(patient, 'hold a slot', async () => {
      await slot.click();
      await patient.getByRole('button', { name: /^Confirm/ }).waitFor();
    });
    await patient.getByRole('button', { name: /^Confirm/ }).click();
    await step(patient, 'booked', () =>
      patient
        .getByRole('heading', { name: /booked/i })
        .first()
        .waitFor(),
    );
    const patientToken = await tokenOf(PATIENT);
    const me = await api<{ patientId: string }>('/me', patientToken);
    const bookings = await api<{
      items: { id: string; doctorId: string | null; startAt: string; status: string }[];
    }>(`/patients/${me.patientId}/bookings?status=booked&limit=100`, patientToken);
    const booking = bookings.items
      .filter((b) => b.doctorId === doctorMe.doctorId)
      .sort((a, b) => Date.parse(b.startAt) - Date.parse(a.startAt))
      .find(() => true);
    expect(booking).toBeDefined();
    const { id, startAt } = booking!;
    const time = localTime(startAt);

    // The front desk checks her in and completes the visit.
    const desk = await pageAs('staff@demo.medsync.example');
    await desk.getByRole('heading', { level: 1, name: 'Front desk' }).waitFor();
    await desk.getByLabel('Day', { exact: true }).fill(localDate(startAt));
    const row = desk.locator(`tr[data-booking-id="${id}"]`);
    await step(desk, 'check in', async () => {
      await desk.getByRole('button', { name: `Check in Alex Sample at ${time}` }).click();
      await row.getByText('Checked in', { exact: true }).waitFor();
    });
    await step(desk, 'complete', async () => {
      await desk
        .getByRole('button', { name: `Complete the visit of Alex Sample at ${time}` })
        .click();
      await row.getByText('Completed', { exact: true }).waitFor();
    });
    await expectAccessible(desk, 'the desk after the visit');

    // The doctor writes a prescription in the visit.
    const doctor = await pageAs('doctor@demo.medsync.example');
    await step(doctor, 'the visit', () => doctor.goto(`/doctor/visits/${id}`));
    await doctor.getByRole('heading', { level: 1, name: 'Visit of Alex Sample' }).waitFor();
    await doctor.getByRole('button', { name: 'Add a prescription' }).click();
    const form = doctor.getByRole('form', { name: 'New prescription' });
    await form.getByLabel('Medicine name').fill('Ibuprofen');
    await form.getByLabel('Strength').fill('400 mg');
    await form.getByLabel('Form', { exact: true }).fill('tablet');
    await form.getByLabel('Dose per administration').fill('1 tablet');
    await form.getByLabel('Frequency').fill('up to three times a day');
    await form.getByLabel('Duration in days').fill('5');
    await form.getByLabel('Quantity per fill').fill('15');
    await form.getByLabel('Unit of the quantity').fill('tablet');
    await form.getByLabel('Instructions for the patient').fill('Take with food.');
    await form.getByRole('button', { name: 'Save the prescription' }).click();
    await step(doctor, 'prescribed', () =>
      doctor
        .getByRole('status')
        .filter({ hasText: 'The prescription for Ibuprofen is saved.' })
        .waitFor(),
    );
    await expectAccessible(doctor, 'the visit with its prescription');

    // The desk writes the visit's result as final; the visit's doctor reviews and releases it.
    await desk.getByRole('link', { name: 'Results' }).click();
    await desk.getByLabel('Name', { exact: true }).fill('Alex Sample');
    await desk.getByRole('button', { name: 'Search' }).click();
    await desk.getByRole('button', { name: 'Show results of Alex Sample' }).click();
    const report = desk.getByRole('region', { name: 'Write a report for a visit' });
    await step(desk, 'write the report', async () => {
      await report.getByLabel('Visit').selectOption(id);
      await report.getByLabel('Title').fill('C-reactive protein');
      await report.getByLabel('Status').selectOption('final');
      await report.getByLabel('Test').fill('CRP');
      await report.getByLabel('Value').fill('24');
      await report.getByLabel('Unit').fill('mg/L');
      await report.getByLabel('Normal from').fill('0');
      await report.getByLabel('Normal up to').fill('5');
      await report.getByRole('button', { name: 'Save report' }).click();
      await desk.getByRole('status').filter({ hasText: 'C-reactive protein is saved.' }).waitFor();
    });
    await desk
      .getByRole('article', { name: 'C-reactive protein' })
      .getByText('Not released')
      .waitFor();

    await step(doctor, 'the visit’s result', () => doctor.reload());
    const results = doctor.getByRole('region', { name: 'Results of this visit' });
    const card = results.getByRole('article', { name: 'C-reactive protein' });
    await step(doctor, 'the result to review', () =>
      card.getByText('Above the reference range.').waitFor(),
    );
    await expectAccessible(doctor, 'the visit with its result to release');
    await step(doctor, 'release it', async () => {
      await results
        .getByRole('button', { name: 'Release C-reactive protein to the patient' })
        .click();
      await doctor
        .getByRole('status')
        .filter({ hasText: 'C-reactive protein is released to the patient.' })
        .waitFor();
    });
    await expectAccessible(doctor, 'the released result');

    // The patient reads the result and the prescription, then rates the visit.
    await patient.goto('/my-record');
    await patient.getByRole('heading', { level: 1, name: 'My record' }).waitFor();
    const result = patient.getByRole('article', { name: 'C-reactive protein' });
    await step(patient, 'the released result', async () => {
      await result.getByText('H · High').waitFor();
      await result.getByText('Above the normal range.').waitFor();
    });
    const medications = patient.getByRole('region', { name: 'Current medications' });
    await step(patient, 'the new prescription', () =>
      medications.getByRole('article', { name: /Ibuprofen/ }).waitFor(),
    );
    await expectAccessible(patient, 'the record with the new result and prescription');

    await patient.goto('/my-bookings');
    // Completed ahead of its time (the desk served her early), it may still list as upcoming.
    await patient.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
    const visit = patient
      .getByRole('article')
      .filter({ hasText: gp.fullName })
      .filter({ has: patient.getByRole('button', { name: 'Rate this visit' }) })
      .filter({ hasText: time })
      .first();
    await step(patient, 'rate the visit', async () => {
      await visit.getByRole('button', { name: 'Rate this visit' }).click();
      await patient
        .getByRole('radiogroup', { name: /How was your visit/ })
        .getByText('5 of 5 stars', { exact: true })
        .click();
      await patient.getByRole('button', { name: 'Send rating' }).click();
      await patient.getByRole('status').filter({ hasText: 'your rating was saved' }).waitFor();
    });
    const rating = await api<{ stars: number }>(`/bookings/${id}/rating`, patientToken);
    expect(rating.stars).toBe(5);
    await expectAccessible(patient, 'the rated visit');
  });
});
