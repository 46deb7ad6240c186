import type { BookingView, CreateBookingInput, RescheduleBookingInput } from '@medsync/contracts';
import type { BookingRules } from '../../config.js';
import type { Database, Executor } from '../../db/client.js';
import { rethrowConstraint } from '../../db/errors.js';
import { retryOnContention } from '../../db/retry.js';
import { type TransactionHook, withinHook } from '../../db/transaction-hook.js';
import { type Actor, type Identity, identityOf } from '../../shared/actor.js';
import { Conflict, Forbidden, NotFound, Unprocessable } from '../../shared/errors.js';
import {
  type Attempt,
  type AuditEvent,
  type AuditLog,
  auditedWrite,
  deny,
} from '../audit/index.js';
import type { AvailabilityService, BookableRef, OfferedSlot } from '../availability/index.js';
import type { PatientScope } from '../patients/index.js';
import { bookableName, bookableOf, bookableOfRow, presentedWith } from './bookables.js';
import { bookingEvent, presentBooking, statusAt } from './present.js';
import type { BookingReadRepository } from './read-repository.js';
import { canSeeBooking } from './scope.js';
import type { BookingStores, BookingWriteStore } from './stores.js';

const BUSY = { busyDetail: 'Too many bookings at once; retry shortly' };
const slotTaken = () => new Conflict('slot-taken', 'The slot has just been taken');
const OVERLAPS = {
  bookings_doctor_no_overlap: slotTaken,
  bookings_diagnostic_unit_no_overlap: slotTaken,
  bookings_patient_no_overlap: () =>
    new Conflict('patient-overlap', 'The patient already has a booking at that time'),
};
const versionConflict = () =>
  new Conflict('version-conflict', 'The booking has changed since it was read; read it again');

/**
 * Creating, holding, confirming and rescheduling bookings: the write path. Every write takes
 * the patient's then the bookable's advisory lock, releases expired holds in its way, and lets
 * the exclusion constraints have the last word (23P01 → 409).
 */
export class BookingService {
  constructor(
    readonly deps: {
      db: Database;
      audit: AuditLog;
      stores: BookingStores;
      scope: PatientScope;
      availability: AvailabilityService;
      clock: () => Date;
      rules: BookingRules;
    },
  ) {}

  /**
   * Books (or holds) a slot for the calling patient, or, for staff, for a patient they serve.
   * `hook` runs inside the booking's transaction (the caller's Idempotency-Key, say).
   */
  async create(
    actor: Actor,
    input: CreateBookingInput,
    hook?: TransactionHook<BookingView>,
  ): Promise<BookingView> {
    const identity = identityOf(actor);
    const ref = bookableOf(input);
    const patientId = this.patientFor(identity, input.patientId);
    const hold = input.hold === true;
    const event = bookingEvent(hold ? 'booking.hold' : 'booking.create', { id: null, patientId });
    return this.write(
      actor,
      event,
      async (tx) => {
        if (identity.role === 'staff') await this.checkStaffScope(tx, identity, patientId, ref);
        const slot = await this.deps.availability.checkSlot(ref, input.startAt, tx);
        const repo = this.deps.stores.writes(tx);
        const now = this.deps.clock();
        await repo.lock(patientId, ref);
        // After the lock: an erasure holds it while it cancels, so none slips in behind it.
        if (await repo.patientErased(patientId)) {
          throw new Unprocessable('patient-erased', 'This patient’s account was erased');
        }
        await repo.releaseExpiredHolds(patientId, ref, slot, now);
        await this.checkCap(repo, patientId, now);
        const holdExpiresAt = hold
          ? new Date(now.getTime() + this.deps.rules.holdMinutes * 60_000)
          : null;
        const row = await repo
          .insert({
            patientId,
            locationId: slot.bookable.locationId,
            ...ref,
            capacityUnit: await this.freeUnit(repo, ref, slot),
            startAt: slot.startAt,
            endAt: slot.endAt,
            status: hold ? 'held' : 'booked',
            holdExpiresAt,
            reason: input.reason?.trim() || null,
            price: slot.bookable.price,
            currency: slot.bookable.currency,
          })
          .catch((err: unknown) => rethrowConstraint(err, OVERLAPS));
        await this.deps.audit.record(tx, actor, {
          ...bookingEvent(event.action, row),
          outcome: 'success',
        });
        return presentBooking({ ...row, ...presentedWith(slot.bookable) });
      },
      hook,
    );
  }

  /**
   * A creation replayed from its Idempotency-Key hands the booking out again: a read of patient
   * data, so it is audited like one.
   */
  async recordReplay(actor: Actor, booking: BookingView): Promise<void> {
    await this.deps.audit.record(this.deps.db, actor, {
      ...bookingEvent('booking.replay', booking),
      outcome: 'success',
    });
  }

  /**
   * Turns a live hold into a booking. An expired hold answers 409 `hold-expired`, and is marked
   * expired for good: that part commits although the request fails.
   */
  async confirm(actor: Actor, id: string, version: number): Promise<BookingView> {
    const identity = identityOf(actor);
    const event = bookingEvent('booking.confirm', { id, patientId: null });
    const confirmed = await this.write(actor, event, async (tx) => {
      const repo = this.deps.stores.writes(tx);
      const reads = this.deps.stores.reads(tx);
      const current = await this.visible(reads, identity, id, event);
      await repo.lock(current.patientId, bookableOfRow(current));
      const now = this.deps.clock();
      const row = await repo.confirm(id, version, now);
      if (row) {
        await this.deps.audit.record(tx, actor, { ...event, outcome: 'success' });
        return presentBooking({ ...current, ...row });
      }
      const fresh = (await reads.get(id)) ?? current;
      if (statusAt(fresh, now) === 'expired') {
        await repo.expireHold(id);
        await this.deps.audit.record(tx, actor, { ...event, outcome: 'failure' });
        return null;
      }
      if (fresh.version !== version) throw versionConflict();
      throw new Conflict('not-held', 'Only a held slot can be confirmed');
    });
    if (!confirmed) throw new Conflict('hold-expired', 'The hold has expired; book the slot anew');
    return confirmed;
  }

  /**
   * Moves a booking to another slot of the same doctor or diagnostic location, in one
   * transaction: the old slot is freed only if the new one is taken. The price stays the one
   * fixed at booking.
   */
  async reschedule(actor: Actor, id: string, input: RescheduleBookingInput): Promise<BookingView> {
    const identity = identityOf(actor);
    const event = bookingEvent('booking.reschedule', { id, patientId: null });
    return this.write(actor, event, async (tx) => {
      const repo = this.deps.stores.writes(tx);
      const current = await this.visible(this.deps.stores.reads(tx), identity, id, event);
      if (current.version !== input.version) throw versionConflict();
      if (current.status !== 'booked') {
        throw new Conflict('not-booked', 'Only a booked appointment can be rescheduled');
      }
      const now = this.deps.clock();
      if (current.startAt <= now) {
        throw new Conflict('booking-started', 'The appointment has already started');
      }
      const ref = bookableOfRow(current);
      const slot = await this.deps.availability.checkSlot(ref, input.startAt, tx);
      const { bookable } = slot;
      // A bookable that moved takes its bookings along, only within the caller's scope.
      if (identity.role === 'staff' && !identity.locationIds.includes(bookable.locationId)) {
        deny(new NotFound('Booking'));
      }
      await repo.lock(current.patientId, ref);
      await repo.releaseExpiredHolds(current.patientId, ref, slot, now);
      const row = await repo
        .move(id, input.version, {
          startAt: slot.startAt,
          endAt: slot.endAt,
          locationId: bookable.locationId,
          capacityUnit: await this.freeUnit(repo, ref, slot, id),
        })
        .catch((err: unknown) => rethrowConstraint(err, OVERLAPS));
      if (!row) throw versionConflict();
      await this.deps.audit.record(tx, actor, { ...event, outcome: 'success' });
      return presentBooking({ ...row, ...presentedWith(bookable) });
    });
  }

  /** Whom a booking is for: a patient themselves; staff must name the patient. */
  private patientFor(identity: Identity, named: string | undefined): string {
    if (identity.role === 'patient') {
      if (named !== undefined) {
        throw new Unprocessable('patient-id-not-allowed', 'Patients book for themselves', [
          { field: 'patientId', message: 'must be left out: you book for yourself' },
        ]);
      }
      if (!identity.patientId) {
        throw new Forbidden('no-patient-profile', 'This account has no patient profile');
      }
      return identity.patientId;
    }
    if (named === undefined) {
      throw new Unprocessable('patient-id-required', 'Name the patient booked for', [
        { field: 'patientId', message: 'is required' },
      ]);
    }
    return named;
  }

  /** Staff book only patients they serve, at their own locations; else as if neither existed. */
  private async checkStaffScope(
    tx: Executor,
    identity: Identity,
    patientId: string,
    ref: BookableRef,
  ): Promise<void> {
    if (!(await this.deps.scope.canAccess(tx, identity, patientId))) deny(new NotFound('Patient'));
    const locationId = await this.deps.stores.writes(tx).bookableLocation(ref);
    if (locationId === null || !identity.locationIds.includes(locationId)) {
      deny(new NotFound(bookableName(ref)));
    }
  }

  /** The booking if the caller may change it; else a denial, recorded against its patient. */
  private async visible(
    reads: Pick<BookingReadRepository, 'get'>,
    identity: Identity,
    id: string,
    event: Attempt,
  ) {
    const row = await reads.get(id);
    // The attempt is recorded as it stands when refused: name whose booking was asked for.
    if (row) event.patientId = row.patientId;
    if (!row || !canSeeBooking(identity, row)) deny(new NotFound('Booking'));
    return row;
  }

  /** The per-patient cap: upcoming bookings and live holds, this one not yet among them. */
  private async checkCap(repo: BookingWriteStore, patientId: string, now: Date): Promise<void> {
    const max = this.deps.rules.maxActivePerPatient;
    if ((await repo.activeFutureCount(patientId, now)) >= max) {
      throw new Unprocessable(
        'too-many-bookings',
        `A patient may have at most ${max} upcoming bookings and holds`,
      );
    }
  }

  /** The lowest capacity unit free over the slot (null for a doctor); none left → 409. */
  private async freeUnit(
    repo: BookingWriteStore,
    ref: BookableRef,
    slot: OfferedSlot,
    except?: string,
  ): Promise<number | null> {
    if ('doctorId' in ref) return null;
    const taken = new Set(await repo.takenUnits(ref.diagnosticLocationId, slot, except));
    for (let unit = 1; unit <= slot.bookable.capacity; unit++) {
      if (!taken.has(unit)) return unit;
    }
    throw slotTaken();
  }

  /**
   * An audited write, retried whole on contention. auditedWrite records a refused attempt after
   * its rollback: that event is held back until the retries are over, so that a request leaves
   * one event however many attempts it took.
   */
  private async write<T>(
    actor: Actor,
    attempt: Attempt,
    work: (tx: Executor) => Promise<T>,
    hook?: TransactionHook<T>,
  ): Promise<T> {
    const { db, audit } = this.deps;
    const refused: { event: AuditEvent | null } = { event: null };
    const holdBack: AuditLog = {
      record: async (_db, _actor, event) => {
        refused.event = event;
      },
    };
    try {
      return await retryOnContention(() => {
        refused.event = null;
        return auditedWrite({ db, audit: holdBack }, actor, attempt, (tx) =>
          withinHook(tx, hook, work),
        );
      }, BUSY);
    } finally {
      if (refused.event) await audit.record(db, actor, refused.event).catch(() => undefined);
    }
  }
}
