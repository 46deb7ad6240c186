import { Temporal } from 'temporal-polyfill';
import type { Executor } from '../db/client.js';
import { bookings } from '../db/schema/index.js';
import { freeSlots } from '../modules/availability/index.js';
import type { NewDoctor, SeedSet } from './rows.js';

// Demo bookings, so that a first start shows a patient's list and a doctor's day: each demo
// patient booked with the demo doctor on one of the doctor's real free slots this week.

/** Books every second free slot of `doctor` (one of `set`), one per patient; returns how many. */
export async function seedDemoBookings(
  tx: Executor,
  set: SeedSet,
  doctor: NewDoctor,
  patientIds: readonly string[],
  now: Date = new Date(),
): Promise<number> {
  const location = [...set.locations.rows()].find((l) => l.id === doctor.locationId);
  if (!location) return 0;
  const hours = [...set.workingHours.rows()].filter((h) => h.locationId === location.id);
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(location.timeZone)
    .toPlainDate();
  const slots = freeSlots({
    timeZone: location.timeZone,
    from: today.add({ days: 1 }).toString(),
    to: today.add({ days: 7 }).toString(),
    workingHours: hours,
    slotMinutes: doctor.appointmentMinutes ?? 30,
    now: now.toISOString(),
    minNoticeMinutes: 0,
    horizonDays: 8,
  });
  const chosen = patientIds.flatMap((patientId, i) => {
    const slot = slots[i * 2];
    return slot ? [{ patientId, slot }] : [];
  });
  if (chosen.length === 0) return 0;
  await tx.insert(bookings).values(
    chosen.map(({ patientId, slot }) => ({
      patientId,
      locationId: location.id!,
      doctorId: doctor.id!,
      startAt: new Date(Temporal.Instant.from(slot.startAt).epochMilliseconds),
      endAt: new Date(Temporal.Instant.from(slot.endAt).epochMilliseconds),
      status: 'booked',
      price: doctor.price,
      currency: location.currency,
    })),
  );
  return chosen.length;
}
