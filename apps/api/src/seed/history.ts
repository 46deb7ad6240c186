import type {
  CreatePrescriptionInput,
  ObservationInput,
  PrescriptionView,
} from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import type { Database, Executor } from '../db/client.js';
import { bookings } from '../db/schema/index.js';
import { AuditLog } from '../modules/audit/index.js';
import { DocumentService, type DocumentStorage } from '../modules/documents/index.js';
import { PatientScope } from '../modules/patients/index.js';
import { PrescriptionService } from '../modules/prescriptions/index.js';
import { RatingImports, RatingService } from '../modules/ratings/index.js';
import { ResultService, ResultWrites } from '../modules/results/index.js';
import { VisitNoteService } from '../modules/visits/index.js';
import type { Actor, Identity } from '../shared/actor.js';
import { tinyReportPdf } from './pdf.js';
import { diagnosticId, type NewDoctor, type SeedSet } from './rows.js';

// The demo's clinical past: completed visits with notes and diagnoses, prescriptions, diagnostic
// reports with observations, a PDF, ratings and an imported rating batch. Everything after the
// booking rows is written through the modules' services as the person who would write it, with
// the clock set to when they would have, so every rule holds: interpretations are the server's,
// revisions form lineages, ratings move the doctors' aggregates. Dates are counted back from the
// day of seeding, so the same story comes out on every run, always "recent".

export interface HistoryCast {
  /** The demo doctor (General Practice) and a colleague (Cardiology) at the flagship clinic. */
  gp: { accountId: string; doctor: NewDoctor };
  cardiologist: { accountId: string; doctor: NewDoctor };
  staff: { accountId: string; locationId: string };
  admin: { accountId: string };
  /** The two demo patient accounts first, then profiles without an account. */
  patients: { id: string; accountId: string | null }[];
}

const ip = 'local';
const requestId = 'startup';
const as = (identity: Identity): Actor => ({ identity, ip, requestId });
const minutes = (n: number) => n * 60_000;

type Step = { days: number; at: string };

/** Seeds the history in the caller's transaction; returns how many bookings it wrote. */
export async function seedDemoHistory(
  tx: Executor,
  set: SeedSet,
  cast: HistoryCast,
  storage: DocumentStorage,
  now: Date = new Date(),
): Promise<number> {
  // The services open their own transactions: on the caller's they become savepoints.
  const db = tx as unknown as Database;
  let clock = now;
  const deps = { db, audit: new AuditLog(), scope: new PatientScope(), clock: () => clock };
  const notes = new VisitNoteService(deps);
  const prescriptions = new PrescriptionService(deps);
  const results = new ResultWrites(deps);
  const reads = new ResultService(deps);
  const reports = {
    reportAccess: reads.reportAccess.bind(reads),
    importReport: results.importReport.bind(results),
  };
  const documents = new DocumentService({ ...deps, storage, reports });
  const ratings = new RatingService(deps);
  const imports = new RatingImports(deps);

  const location = [...set.locations.rows()].find((l) => l.id === cast.staff.locationId)!;
  const zone = location.timeZone;
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(zone)
    .toPlainDate();
  /** A weekday `days` before today at local time `at`. */
  const instant = ({ days, at }: Step): Date => {
    let day = today.subtract({ days });
    while (day.dayOfWeek > 5) day = day.subtract({ days: 1 });
    const zoned = day.toPlainDateTime(Temporal.PlainTime.from(at)).toZonedDateTime(zone);
    return new Date(zoned.epochMilliseconds);
  };
  const offered = [...set.diagnosticLocations.rows()].filter((d) => d.locationId === location.id);
  const diagnosticAt = (catalogIndex: number) =>
    offered.find((d) => d.diagnosticId === diagnosticId(catalogIndex))!;

  const doctorIdentity = (who: HistoryCast['gp']): Identity => ({
    accountId: who.accountId,
    role: 'doctor',
    patientId: null,
    doctorId: who.doctor.id!,
    locationIds: [],
  });
  const gp = as(doctorIdentity(cast.gp));
  const cardiologist = as(doctorIdentity(cast.cardiologist));
  const staff = as({
    accountId: cast.staff.accountId,
    role: 'staff',
    patientId: null,
    doctorId: null,
    locationIds: [cast.staff.locationId],
  });
  const admin = as({
    accountId: cast.admin.accountId,
    role: 'admin',
    patientId: null,
    doctorId: null,
    locationIds: [],
  });
  const patientActor = (index: number): Actor => {
    const patient = cast.patients[index]!;
    return as({
      accountId: patient.accountId!,
      role: 'patient',
      patientId: patient.id,
      doctorId: null,
      locationIds: [],
    });
  };

  let booked = 0;
  /** A completed booking in the past, inserted as the booking module stores one. */
  async function completed(
    patient: number,
    when: Step,
    what: { doctor: NewDoctor; reason: string } | { diagnostic: number },
  ): Promise<{ id: string; startAt: Date; endAt: Date }> {
    const startAt = instant(when);
    const isVisit = 'doctor' in what;
    const offer = isVisit ? null : diagnosticAt(what.diagnostic);
    const length = isVisit ? (what.doctor.appointmentMinutes ?? 30) : 20;
    const endAt = new Date(startAt.getTime() + minutes(length));
    const [row] = await tx
      .insert(bookings)
      .values({
        patientId: cast.patients[patient]!.id,
        locationId: location.id!,
        doctorId: isVisit ? what.doctor.id! : null,
        diagnosticLocationId: offer?.id ?? null,
        capacityUnit: offer ? 1 : null,
        startAt,
        endAt,
        status: 'completed',
        price: isVisit ? what.doctor.price : offer!.price!,
        currency: location.currency,
        reason: isVisit ? what.reason : null,
      })
      .returning({ id: bookings.id });
    booked++;
    return { id: row!.id, startAt, endAt };
  }
  const after = (from: Date, mins: number) => {
    clock = new Date(from.getTime() + minutes(mins));
  };

  /** A visit: the booking, its note with diagnoses, its prescriptions; returns the booking. */
  async function visit(
    patient: number,
    when: Step,
    doctor: Actor,
    plan: {
      reason: string;
      note: string;
      diagnoses: { text: string; code: string }[];
      prescriptions?: CreatePrescriptionInput[];
    },
  ) {
    const who = doctor === gp ? cast.gp : cast.cardiologist;
    const booking = await completed(patient, when, { doctor: who.doctor, reason: plan.reason });
    after(booking.endAt, 5);
    const note = await notes.create(doctor, booking.id, {
      note: plan.note,
      diagnoses: plan.diagnoses,
    });
    const written: PrescriptionView[] = [];
    for (const p of plan.prescriptions ?? []) {
      written.push(await prescriptions.create(doctor, booking.id, p));
    }
    return { booking, note, prescriptions: written };
  }

  /** A report on a booking by `writer`, final; released `releaseAfter` minutes later, or never. */
  async function report(
    writer: Actor,
    booking: { id: string; endAt: Date },
    content: { title: string; summary: string; observations: ObservationInput[] },
    release: boolean,
  ) {
    after(booking.endAt, 90);
    const created = await results.create(writer, booking.id, {
      status: release ? 'final' : 'preliminary',
      ...content,
    });
    if (!release) return created;
    after(booking.endAt, 180);
    return results.release(writer, created.id, created.revision);
  }

  // Alex Sample (patient1): bronchitis in the summer, then tiredness and iron deficiency.
  const bronchitis = await visit(0, { days: 120, at: '09:30' }, gp, {
    reason: 'Cough for two weeks, mild fever',
    note:
      'Productive cough for 14 days, temperature up to 38.2 °C for three days, no shortness of breath. ' +
      'Scattered rhonchi on both sides, SpO2 98 %. Chest X-ray to rule out pneumonia; amoxicillin for seven days. ' +
      'Return if breathless or the fever persists after three days.',
    diagnoses: [{ text: 'Acute bronchitis, unspecified', code: 'J20.9' }],
    prescriptions: [
      course('Amoxicillin', '500 mg', 'capsule', '1 capsule', 'three times a day', 7, '21'),
    ],
  });
  const xray = await completed(0, { days: 120, at: '11:00' }, { diagnostic: 5 });
  const xrayReport = await report(
    staff,
    xray,
    {
      title: 'Chest X-ray, two views',
      summary: 'No focal consolidation, effusion or pneumothorax. Heart size normal.',
      observations: [
        {
          name: 'Chest X-ray impression',
          loincCode: '36643-5',
          valueText: 'no acute findings',
          referenceRanges: [{ text: 'no acute findings' }],
        },
      ],
    },
    true,
  );
  after(xray.endAt, 200);
  await documents.uploadToReport(staff, xrayReport.id, {
    bytes: tinyReportPdf('Chest X-ray, two views: no acute findings'),
    fileName: 'chest-x-ray-report.pdf',
  });
  // The course is over: completed a week after the visit.
  after(bronchitis.booking.endAt, 7 * 24 * 60);
  const [amoxicillin] = bronchitis.prescriptions;
  await prescriptions.changeStatus(gp, amoxicillin!.id, {
    revision: amoxicillin!.revision,
    status: 'completed',
    reason: 'Seven-day course finished, symptoms resolved',
  });
  after(bronchitis.booking.endAt, 24 * 60);
  await ratings.create(patientActor(0), bronchitis.booking.id, {
    stars: 5,
    comment: 'Thorough and kind; explained why the X-ray was needed.',
  });

  const fatigue = await visit(0, { days: 40, at: '10:00' }, gp, {
    reason: 'Tiredness for two months',
    note:
      'Tired for two months, heavy periods, no weight loss. Pale conjunctivae, otherwise unremarkable. ' +
      'Blood count and metabolic panel ordered; iron started; vitamin D for the winter.',
    diagnoses: [
      { text: 'Iron deficiency anaemia, unspecified', code: 'D50.9' },
      { text: 'Fatigue', code: 'R53' },
    ],
    prescriptions: [
      {
        ...course('Ferrous sulfate', '200 mg', 'tablet', '1 tablet', 'once a day', 90, '90'),
        instructions: 'Take before breakfast with water or orange juice, not with tea or milk',
      },
      course(
        'Colecalciferol (vitamin D3)',
        '1000 IU',
        'tablet',
        '1 tablet',
        'once a day',
        90,
        '90',
      ),
    ],
  });
  const bloodCount = await completed(0, { days: 39, at: '08:00' }, { diagnostic: 0 });
  const cbcReport = await report(
    staff,
    bloodCount,
    {
      title: 'Complete blood count',
      summary: 'Microcytic anaemia.',
      observations: bloodCountOf({ hemoglobin: '10.8', mcv: '76', platelets: '148' }),
    },
    true,
  );
  // Amended after release: the low platelet count was a clumped sample.
  after(bloodCount.endAt, 2 * 24 * 60);
  await results.revise(staff, cbcReport.id, {
    revision: cbcReport.revision,
    status: 'amended',
    reason: 'Platelet count repeated on a citrate sample: the first was clumped',
    title: 'Complete blood count',
    summary: 'Microcytic anaemia; platelets normal on repeat.',
    observations: bloodCountOf({ hemoglobin: '10.8', mcv: '76', platelets: '231' }),
  });
  const panel = await completed(0, { days: 39, at: '08:20' }, { diagnostic: 1 });
  await report(
    staff,
    panel,
    {
      title: 'Comprehensive metabolic panel',
      summary: 'ALT mildly raised; otherwise normal.',
      observations: [
        quantity('Glucose, fasting', '1558-6', '5.1', 'mmol/L', { low: '3.9', high: '5.5' }),
        quantity('Sodium', '2951-2', '139', 'mmol/L', { low: '135', high: '145' }),
        quantity('Potassium', '2823-3', '4.2', 'mmol/L', { low: '3.5', high: '5.1' }),
        quantity('Creatinine', '2160-0', '68', 'umol/L', { low: '45', high: '90' }),
        quantity('Alanine aminotransferase', '1742-6', '52', 'U/L', { low: '7', high: '35' }),
      ],
    },
    true,
  );
  // The vitamin D dose is raised a week later: a content revision with its reason.
  const [, vitaminD] = fatigue.prescriptions;
  after(fatigue.booking.endAt, 7 * 24 * 60);
  await prescriptions.revise(gp, vitaminD!.id, {
    revision: vitaminD!.revision,
    reason: 'Dose raised: 25-OH vitamin D 38 nmol/L in the outside lab result',
    validFrom: vitaminD!.validFrom,
    validUntil: vitaminD!.validUntil,
    ...course(
      'Colecalciferol (vitamin D3)',
      '2000 IU',
      'tablet',
      '1 tablet',
      'once a day',
      90,
      '90',
    ),
  });
  after(fatigue.booking.endAt, 2 * 24 * 60);
  await ratings.create(patientActor(0), fatigue.booking.id, { stars: 4 });
  // Taken three days ago, still in review: staff see it, the patient does not yet.
  const lipids = await completed(0, { days: 3, at: '08:10' }, { diagnostic: 2 });
  await report(
    staff,
    lipids,
    {
      title: 'Lipid panel',
      summary: 'Awaiting review.',
      observations: [
        quantity('Cholesterol, total', '2093-3', '5.9', 'mmol/L', { high: '5.2' }),
        quantity('LDL cholesterol', '13457-7', '3.9', 'mmol/L', { high: '3.0' }),
        quantity('HDL cholesterol', '2085-9', '1.4', 'mmol/L', { low: '1.2' }),
      ],
    },
    false,
  );

  // Sam Example (patient2): atrial fibrillation with the cardiologist, diabetes with the GP,
  // and a potassium this week that nobody has acknowledged yet.
  const palpitations = await visit(1, { days: 200, at: '14:00' }, cardiologist, {
    reason: 'Palpitations and breathlessness on stairs',
    note:
      'Irregularly irregular pulse 96/min, BP 148/88. ECG: atrial fibrillation, no ischaemic changes. ' +
      'CHA2DS2-VASc 3: anticoagulation started. Echo and follow-up in six months.',
    diagnoses: [
      { text: 'Atrial fibrillation and flutter, unspecified', code: 'I48.9' },
      { text: 'Essential (primary) hypertension', code: 'I10' },
    ],
    prescriptions: [
      {
        ...course('Apixaban', '5 mg', 'tablet', '1 tablet', 'twice a day', 366, '60'),
        repeats: 5,
        validUntil: today.add({ days: 150 }).toString(),
      },
    ],
  });
  after(palpitations.booking.endAt, 24 * 60);
  await ratings.create(patientActor(1), palpitations.booking.id, {
    stars: 5,
    comment: 'Took my worries seriously and found the problem the same day.',
  });
  const hba1c = await completed(1, { days: 31, at: '08:30' }, { diagnostic: 3 });
  await report(
    staff,
    hba1c,
    {
      title: 'HbA1c',
      summary: 'Above target.',
      observations: [quantity('Hemoglobin A1c', '4548-4', '8.1', '%', { low: '4.0', high: '5.6' })],
    },
    true,
  );
  const diabetes = await visit(1, { days: 28, at: '11:30' }, gp, {
    reason: 'Diabetes check-up',
    note:
      'Type 2 diabetes for six years. HbA1c 8.1 % (target below 7 %). No hypoglycaemia. Feet: pulses ' +
      'present, sensation intact. Metformin increased; kidney function and potassium in three weeks.',
    diagnoses: [{ text: 'Type 2 diabetes mellitus without complications', code: 'E11.9' }],
    prescriptions: [course('Metformin', '500 mg', 'tablet', '1 tablet', 'twice a day', 90, '180')],
  });
  // Corrected the same afternoon: the dose agreed in the visit was higher.
  const [metformin] = diabetes.prescriptions;
  after(diabetes.booking.endAt, 120);
  await prescriptions.revise(gp, metformin!.id, {
    revision: metformin!.revision,
    reason: 'Dose agreed in the visit was 1000 mg twice a day; entered as 500 mg',
    validFrom: metformin!.validFrom,
    validUntil: metformin!.validUntil,
    ...course('Metformin', '1000 mg', 'tablet', '1 tablet', 'twice a day', 90, '180'),
  });
  after(diabetes.booking.endAt, 24 * 60);
  const grumble = await ratings.create(patientActor(1), diabetes.booking.id, {
    stars: 2,
    comment: 'Waited 40 minutes past my time and the receptionist Mrs K. was rude to me.',
  });
  // Names a member of staff: hidden from the public list by staff; the stars still count.
  after(diabetes.booking.endAt, 3 * 24 * 60);
  await ratings.setCommentHidden(staff, grumble.id, true);
  const review = await visit(1, { days: 6, at: '09:00' }, gp, {
    reason: 'Blood test review after the metformin increase',
    note:
      'Feels well, no muscle weakness or palpitations beyond his usual. Potassium taken in the ' +
      'visit; ramipril started by the outside cardiologist last month is a possible cause if raised.',
    diagnoses: [{ text: 'Type 2 diabetes mellitus without complications', code: 'E11.9' }],
  });
  await report(
    gp,
    review.booking,
    {
      title: 'Electrolytes and kidney function',
      summary: 'Potassium critically raised: repeat today and review medication.',
      observations: [
        quantity('Potassium', '2823-3', '6.8', 'mmol/L', {
          low: '3.5',
          high: '5.1',
          criticalLow: '2.5',
          criticalHigh: '6.0',
        }),
        quantity('Sodium', '2951-2', '137', 'mmol/L', { low: '135', high: '145' }),
        quantity('Creatinine', '2160-0', '118', 'umol/L', { low: '62', high: '106' }),
      ],
    },
    true,
  );

  // Other patients of the clinic, without accounts: a visit each, so the doctor's list is not
  // only the two demo patients.
  const others: { reason: string; note: string; diagnosis: { text: string; code: string } }[] = [
    {
      reason: 'Lower back pain after lifting',
      note: 'Mechanical low back pain, no red flags. Advice to keep active; ibuprofen as needed.',
      diagnosis: { text: 'Low back pain', code: 'M54.5' },
    },
    {
      reason: 'Sore throat and fever',
      note: 'Tonsillitis, Centor score 2. Symptomatic treatment; return if not better in 3 days.',
      diagnosis: { text: 'Acute tonsillitis, unspecified', code: 'J03.9' },
    },
    {
      reason: 'Blood pressure check',
      note: 'Home readings around 150/95. Lifestyle advice; review in four weeks.',
      diagnosis: { text: 'Essential (primary) hypertension', code: 'I10' },
    },
  ];
  for (const [k, other] of others.entries()) {
    if (!cast.patients[2 + k]) break;
    await visit(2 + k, { days: 15 + 20 * k, at: `${10 + k}:30` }, gp, {
      reason: other.reason,
      note: other.note,
      diagnoses: [other.diagnosis],
    });
  }

  // Ratings from the network's previous booking system, imported in one batch by an admin.
  clock = now;
  const legacy = [cast.gp.doctor, cast.cardiologist.doctor];
  await imports.import(admin, {
    items: [5, 4, 5, 3, 4, 5].map((stars, i) => ({
      doctorId: legacy[i % 2]!.id!,
      stars,
      ...(i < 2
        ? { comment: ['Very professional.', 'Good, but hard to get an appointment.'][i] }
        : {}),
      ratedAt: `2024-0${1 + i}-15T10:00:00Z`,
      externalId: `legacy-rating-${1001 + i}`,
    })),
  });
  return booked;
}

/** A course of tablets or capsules: quantity per fill in the form's unit, no repeats. */
function course(
  name: string,
  strength: string,
  form: string,
  dose: string,
  frequency: string,
  durationDays: number,
  quantity: string,
): CreatePrescriptionInput {
  return {
    medication: { name, strength, form },
    dose,
    route: 'oral',
    frequency,
    durationDays,
    quantity: { value: quantity, unit: form },
    repeats: 0,
    instructions: 'Take with a glass of water',
    notes: null,
  };
}

function quantity(
  name: string,
  loincCode: string,
  value: string,
  unit: string,
  range: { low?: string; high?: string; criticalLow?: string; criticalHigh?: string },
): ObservationInput {
  return { name, loincCode, valueQuantity: value, unit, referenceRanges: [range] };
}

/** A blood count with sex-specific haemoglobin ranges: the server picks the patient's. */
function bloodCountOf(v: { hemoglobin: string; mcv: string; platelets: string }) {
  return [
    {
      name: 'Hemoglobin',
      loincCode: '718-7',
      valueQuantity: v.hemoglobin,
      unit: 'g/dL',
      referenceRanges: [
        { sex: 'female' as const, low: '12.0', high: '15.5', criticalLow: '7.0' },
        { sex: 'male' as const, low: '13.5', high: '17.5', criticalLow: '7.0' },
      ],
    },
    quantity('Leukocytes', '6690-2', '6.2', '10*3/uL', { low: '4.0', high: '10.0' }),
    quantity('MCV', '787-2', v.mcv, 'fL', { low: '80', high: '100' }),
    quantity('Platelets', '777-3', v.platelets, '10*3/uL', { low: '150', high: '400' }),
  ];
}
