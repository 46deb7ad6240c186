import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreatedTimeOff,
  CreateExtraHoursBody,
  CreateTimeOffBody,
  DoctorHours,
  ExtraHours,
  ExtraHoursList,
  ExtraHoursParams,
  IdParams,
  ListScheduleEntriesQuery,
  ReplaceDoctorHoursBody,
  TimeOffList,
  TimeOffParams,
} from '@medsync/contracts';
import { Type } from 'typebox';
import { type AccessPolicy, actorOf, Public } from '../../http/access.js';
import type { ScheduleService } from './service.js';

const tags = ['schedules'];
const Managers: AccessPolicy = { roles: ['admin', 'staff'] };
const ManagersAndDoctor: AccessPolicy = { roles: ['admin', 'staff', 'doctor'] };

const WHO =
  'Admins manage any doctor’s schedule; staff those of doctors at their own locations; a ' +
  'doctor their own time off and extra hours. A doctor outside the caller’s scope answers 404, ' +
  'as a missing one does.';
const Deleted = Type.Null({ description: 'Deleted' });

export function scheduleRoutes(schedules: ScheduleService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/doctors/:id/working-hours',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getDoctorWorkingHours',
          summary: 'A doctor’s weekly working hours',
          description:
            'The doctor’s own weekly hours, or their location’s when they have none ' +
            '(`locationDefault`): wall-clock times in the location’s time zone.',
          params: IdParams,
          response: { 200: DoctorHours },
        },
      },
      (request) => schedules.hours(request.params.id),
    );

    app.put(
      '/doctors/:id/working-hours',
      {
        config: { access: Managers },
        schema: {
          tags,
          operationId: 'replaceDoctorWorkingHours',
          summary: 'Replace a doctor’s weekly working hours',
          description:
            'Replaces the whole week at once; an empty list returns the doctor to their ' +
            'location’s hours. Each interval must lie within the location’s opening hours on ' +
            'that day (an overnight location interval covers the next morning; touching ' +
            'location intervals count as one) → else 422 `outside-location-hours` naming it; ' +
            'overlapping or empty intervals → 422. A closing time before the opening time ' +
            `means the next day. ${WHO}`,
          params: IdParams,
          body: ReplaceDoctorHoursBody,
          response: { 200: DoctorHours },
        },
      },
      (request) =>
        schedules.replaceHours(actorOf(request), request.params.id, request.body.workingHours),
    );

    app.get(
      '/doctors/:id/time-off',
      {
        config: { access: ManagersAndDoctor },
        schema: {
          tags,
          operationId: 'listDoctorTimeOff',
          summary: 'A doctor’s time off',
          description: `Time off ending on or after \`from\`, earliest first. Reasons are internal. ${WHO}`,
          params: IdParams,
          querystring: ListScheduleEntriesQuery,
          response: { 200: TimeOffList },
        },
      },
      async (request) => ({
        items: await schedules.listTimeOff(actorOf(request), request.params.id, request.query),
      }),
    );

    app.post(
      '/doctors/:id/time-off',
      {
        config: { access: ManagersAndDoctor },
        schema: {
          tags,
          operationId: 'createDoctorTimeOff',
          summary: 'Record time off for a doctor',
          description:
            'Either `startsOn`/`endsOn` (whole local days, inclusive: each takes that working ' +
            'day’s slots, overnight ones included) or `startsAt`/`endsAt` (instants, half-open); ' +
            'exactly one form, else 422 `invalid-time-off`. The answer counts ' +
            '`conflictingBookings`: booked or checked-in appointments and live holds the time ' +
            'off overlaps. They are NOT cancelled: staff contact the patients and rebook them. ' +
            WHO,
          params: IdParams,
          body: CreateTimeOffBody,
          response: { 201: CreatedTimeOff },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const created = await schedules.createTimeOff(actorOf(request), id, request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.delete(
      '/doctors/:id/time-off/:timeOffId',
      {
        config: { access: ManagersAndDoctor },
        schema: {
          tags,
          operationId: 'deleteDoctorTimeOff',
          summary: 'Remove a doctor’s time off',
          description: WHO,
          params: TimeOffParams,
          response: { 204: Deleted },
        },
      },
      async (request, reply) => {
        const { id, timeOffId } = request.params;
        await schedules.deleteTimeOff(actorOf(request), id, timeOffId);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/doctors/:id/extra-hours',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'listDoctorExtraHours',
          summary: 'A doctor’s extra hours',
          description: 'Extra hours on or after `from` (default: today at the location).',
          params: IdParams,
          querystring: ListScheduleEntriesQuery,
          response: { 200: ExtraHoursList },
        },
      },
      async (request) => ({
        items: await schedules.listExtraHours(request.params.id, request.query),
      }),
    );

    app.post(
      '/doctors/:id/extra-hours',
      {
        config: { access: ManagersAndDoctor },
        schema: {
          tags,
          operationId: 'createDoctorExtraHours',
          summary: 'Add extra hours for a doctor on one date',
          description:
            'Opening hours on one local date on top of the weekly ones (a Saturday clinic); a ' +
            'closing time before the opening time runs into the next day. A whole day off on ' +
            `that date wins. ${WHO}`,
          params: IdParams,
          body: CreateExtraHoursBody,
          response: { 201: ExtraHours },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const created = await schedules.createExtraHours(actorOf(request), id, request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.delete(
      '/doctors/:id/extra-hours/:extraHoursId',
      {
        config: { access: ManagersAndDoctor },
        schema: {
          tags,
          operationId: 'deleteDoctorExtraHours',
          summary: 'Remove a doctor’s extra hours',
          description: WHO,
          params: ExtraHoursParams,
          response: { 204: Deleted },
        },
      },
      async (request, reply) => {
        const { id, extraHoursId } = request.params;
        await schedules.deleteExtraHours(actorOf(request), id, extraHoursId);
        return reply.code(204).send(null);
      },
    );
  };
}
