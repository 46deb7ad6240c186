import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateDoctorBody,
  Doctor,
  DoctorSummary,
  IdParams,
  ListDoctorsQuery,
  Page,
  UpdateDoctorBody,
} from '@medsync/contracts';
import { Type } from 'typebox';
import { AdminOnly, Public } from '../../http/access.js';
import type { DoctorService } from './service.js';

const tags = ['directory'];

export function doctorRoutes(doctors: DoctorService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/doctors',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'listDoctors',
          summary: 'Find doctors',
          description:
            'Filter by specialty, location and free text (name, services or specialty name); ' +
            'sort by name or price. Amounts in different currencies are never compared: a price ' +
            'order groups doctors by currency (ISO code order, the same for `price` and ' +
            '`-price`), then orders each group by amount, ties by id. Each item carries its ' +
            'specialty and location names and its rating.',
          querystring: ListDoctorsQuery,
          response: { 200: Page(DoctorSummary) },
        },
      },
      (request) => doctors.list(request.query),
    );

    app.get(
      '/doctors/:id',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getDoctor',
          summary: 'Get a doctor’s full profile',
          params: IdParams,
          response: { 200: Doctor },
        },
      },
      (request) => doctors.get(request.params.id),
    );

    app.post(
      '/doctors',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'createDoctor',
          summary: 'Add a doctor',
          description: 'The specialty and location must exist (else 422); either may be inactive.',
          body: CreateDoctorBody,
          response: { 201: Doctor },
        },
      },
      async (request, reply) => {
        const created = await doctors.create(request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.patch(
      '/doctors/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'updateDoctor',
          summary: 'Update or deactivate a doctor',
          params: IdParams,
          body: UpdateDoctorBody,
          response: { 200: Doctor },
        },
      },
      (request) => doctors.update(request.params.id, request.body),
    );

    app.delete(
      '/doctors/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'deleteDoctor',
          summary: 'Delete a doctor nothing references',
          params: IdParams,
          response: { 204: Type.Null({ description: 'Deleted' }) },
        },
      },
      async (request, reply) => {
        await doctors.delete(request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
