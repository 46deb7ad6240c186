import {
  type CreateExtraHoursInput,
  type CreateTimeOffInput,
  type DoctorHoursView,
  type ExtraHoursView,
  type ListScheduleEntriesInput,
  MAX_SCHEDULE_ENTRIES,
  type TimeOffView,
} from '@medsync/contracts';
import { Temporal } from 'temporal-polyfill';
import type { Database } from '../../db/client.js';
import { type Actor, type Identity, identityOf } from '../../shared/actor.js';
import { NotFound, Unprocessable } from '../../shared/errors.js';
import { type Attempt, type AuditLog, auditedWrite, deny } from '../audit/index.js';
import { checkWeek, sortIntervals, type WorkingInterval } from '../locations/index.js';
import { checkWithinLocation } from './hours.js';
import {
  type ExtraHoursRow,
  type ScheduledDoctor,
  ScheduleRepository,
  type TimeOffRow,
} from './repository.js';
import { timeOffForm, timeOffWindow } from './time-off.js';

const HOURS_FIELD = 'workingHours';

/**
 * The object rule of a doctor's schedule: admin any doctor, staff the doctors of their
 * locations, a doctor their own time off and extra hours (`self`). Anyone else gets the same
 * 404 as for a doctor that does not exist.
 */
function mayManage(identity: Identity, doctor: ScheduledDoctor, self: boolean): boolean {
  if (identity.role === 'admin') return true;
  if (identity.role === 'staff') return identity.locationIds.includes(doctor.locationId);
  return self && identity.role === 'doctor' && identity.doctorId === doctor.id;
}

const hoursView = (
  doctor: ScheduledDoctor,
  own: WorkingInterval[],
  location: WorkingInterval[],
): DoctorHoursView => ({
  doctorId: doctor.id,
  locationId: doctor.locationId,
  timeZone: doctor.timeZone,
  locationDefault: own.length === 0,
  workingHours: sortIntervals(own.length > 0 ? own : location),
});

const timeOffView = (row: TimeOffRow): TimeOffView => ({
  id: row.id,
  doctorId: row.doctorId,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  startsAt: row.startsAt?.toISOString() ?? null,
  endsAt: row.endsAt?.toISOString() ?? null,
  reason: row.reason,
  createdAt: row.createdAt.toISOString(),
});

const extraHoursView = (row: ExtraHoursRow): ExtraHoursView => ({
  id: row.id,
  doctorId: row.doctorId,
  date: row.date,
  opensAt: row.opensAt.slice(0, 5),
  closesAt: row.closesAt.slice(0, 5),
  createdAt: row.createdAt.toISOString(),
});

const attempt = (action: string, resourceType: string, resourceId: string | null): Attempt => ({
  action,
  resourceType,
  resourceId,
  patientId: null,
});

/**
 * A doctor's own weekly hours, time off and extra hours. Writes are audited (one event each,
 * success inside the write's transaction); reads hold no patient data and are not.
 */
export class ScheduleService {
  constructor(private readonly deps: { db: Database; audit: AuditLog; clock: () => Date }) {}

  /** The hours the doctor works: their own, or the location's when they have none. */
  async hours(doctorId: string): Promise<DoctorHoursView> {
    const repo = new ScheduleRepository(this.deps.db);
    const doctor = await repo.doctor(doctorId);
    if (!doctor) throw new NotFound('Doctor');
    const [own, location] = await Promise.all([
      repo.doctorHours(doctor.id),
      repo.locationHours(doctor.locationId),
    ]);
    return hoursView(doctor, own, location);
  }

  /** Replaces the doctor's whole week; each interval must lie within the location's hours. */
  async replaceHours(
    actor: Actor,
    doctorId: string,
    intervals: WorkingInterval[],
  ): Promise<DoctorHoursView> {
    checkWeek(intervals, HOURS_FIELD);
    const event = attempt('doctor-hours.replace', 'doctor', doctorId);
    return auditedWrite(this.deps, actor, event, async (tx) => {
      const repo = new ScheduleRepository(tx);
      const doctor = await repo.doctor(doctorId, true);
      if (!doctor || !mayManage(identityOf(actor), doctor, false)) deny(new NotFound('Doctor'));
      const location = await repo.locationHours(doctor.locationId);
      checkWithinLocation(intervals, location, HOURS_FIELD);
      await repo.replaceDoctorHours(doctor.id, intervals);
      await this.deps.audit.record(tx, actor, { ...event, outcome: 'success' });
      return hoursView(doctor, intervals, location);
    });
  }

  /** Time off ending on or after `from` (default today at the location), earliest first. */
  async listTimeOff(
    actor: Actor,
    doctorId: string,
    query: ListScheduleEntriesInput,
  ): Promise<TimeOffView[]> {
    const repo = new ScheduleRepository(this.deps.db);
    const doctor = await this.readable(repo, actor, doctorId);
    const from = query.from ?? this.today(doctor.timeZone);
    const rows = await repo.listTimeOff(doctor.id, from, startOf(from, doctor.timeZone));
    const startOfRow = (row: TimeOffRow) => timeOffWindow(row, doctor.timeZone).from.getTime();
    return rows
      .sort((a, b) => startOfRow(a) - startOfRow(b) || (a.id < b.id ? -1 : 1))
      .slice(0, MAX_SCHEDULE_ENTRIES)
      .map(timeOffView);
  }

  /**
   * Records time off and counts the active bookings it overlaps. They are left as they are:
   * staff rebook them.
   */
  async createTimeOff(
    actor: Actor,
    doctorId: string,
    input: CreateTimeOffInput,
  ): Promise<TimeOffView & { conflictingBookings: number }> {
    const form = timeOffForm(input);
    const event = attempt('doctor-time-off.create', 'doctor-time-off', null);
    return auditedWrite(this.deps, actor, event, async (tx) => {
      const repo = new ScheduleRepository(tx);
      const doctor = await repo.doctor(doctorId);
      if (!doctor || !mayManage(identityOf(actor), doctor, true)) deny(new NotFound('Doctor'));
      const row = await repo.createTimeOff({
        doctorId: doctor.id,
        ...form,
        reason: input.reason ?? null,
      });
      const conflictingBookings = await repo.countConflictingBookings(
        doctor.id,
        timeOffWindow(row, doctor.timeZone),
        this.deps.clock(),
      );
      await this.deps.audit.record(tx, actor, { ...event, resourceId: row.id, outcome: 'success' });
      return { ...timeOffView(row), conflictingBookings };
    });
  }

  async deleteTimeOff(actor: Actor, doctorId: string, timeOffId: string): Promise<void> {
    const event = attempt('doctor-time-off.delete', 'doctor-time-off', timeOffId);
    await auditedWrite(this.deps, actor, event, async (tx) => {
      const repo = new ScheduleRepository(tx);
      const doctor = await repo.doctor(doctorId);
      if (!doctor || !mayManage(identityOf(actor), doctor, true)) deny(new NotFound('Doctor'));
      if (!(await repo.deleteTimeOff(doctor.id, timeOffId))) throw new NotFound('Time off');
      await this.deps.audit.record(tx, actor, { ...event, outcome: 'success' });
    });
  }

  /** Extra hours on or after `from` (default today at the location), earliest first. */
  async listExtraHours(
    doctorId: string,
    query: ListScheduleEntriesInput,
  ): Promise<ExtraHoursView[]> {
    const repo = new ScheduleRepository(this.deps.db);
    const doctor = await repo.doctor(doctorId);
    if (!doctor) throw new NotFound('Doctor');
    const from = query.from ?? this.today(doctor.timeZone);
    const rows = await repo.listExtraHours(doctor.id, from);
    return rows.slice(0, MAX_SCHEDULE_ENTRIES).map(extraHoursView);
  }

  async createExtraHours(
    actor: Actor,
    doctorId: string,
    input: CreateExtraHoursInput,
  ): Promise<ExtraHoursView> {
    if (input.opensAt === input.closesAt) {
      throw new Unprocessable('empty-interval', 'Extra hours must not be empty', [
        { field: 'closesAt', message: 'must differ from opensAt' },
      ]);
    }
    const event = attempt('doctor-extra-hours.create', 'doctor-extra-hours', null);
    return auditedWrite(this.deps, actor, event, async (tx) => {
      const repo = new ScheduleRepository(tx);
      const doctor = await repo.doctor(doctorId);
      if (!doctor || !mayManage(identityOf(actor), doctor, true)) deny(new NotFound('Doctor'));
      const row = await repo.createExtraHours({ doctorId: doctor.id, ...input });
      await this.deps.audit.record(tx, actor, { ...event, resourceId: row.id, outcome: 'success' });
      return extraHoursView(row);
    });
  }

  async deleteExtraHours(actor: Actor, doctorId: string, extraHoursId: string): Promise<void> {
    const event = attempt('doctor-extra-hours.delete', 'doctor-extra-hours', extraHoursId);
    await auditedWrite(this.deps, actor, event, async (tx) => {
      const repo = new ScheduleRepository(tx);
      const doctor = await repo.doctor(doctorId);
      if (!doctor || !mayManage(identityOf(actor), doctor, true)) deny(new NotFound('Doctor'));
      if (!(await repo.deleteExtraHours(doctor.id, extraHoursId))) {
        throw new NotFound('Extra hours');
      }
      await this.deps.audit.record(tx, actor, { ...event, outcome: 'success' });
    });
  }

  /** The doctor, if the caller may see their schedule's internals; else NotFound. */
  private async readable(
    repo: ScheduleRepository,
    actor: Actor,
    doctorId: string,
  ): Promise<ScheduledDoctor> {
    const doctor = await repo.doctor(doctorId);
    if (!doctor || !mayManage(identityOf(actor), doctor, true)) throw new NotFound('Doctor');
    return doctor;
  }

  private today(timeZone: string): string {
    return Temporal.Instant.fromEpochMilliseconds(this.deps.clock().getTime())
      .toZonedDateTimeISO(timeZone)
      .toPlainDate()
      .toString();
  }
}

/** The instant a local date begins in the zone. */
function startOf(date: string, timeZone: string): Date {
  return new Date(Temporal.PlainDate.from(date).toZonedDateTime(timeZone).epochMilliseconds);
}
