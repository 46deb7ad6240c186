import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateSpecialtyBody,
  IdParams,
  ListSpecialtiesQuery,
  Page,
  Specialty,
  UpdateSpecialtyBody,
} from '@medsync/contracts';
import { Type } from 'typebox';
import { AdminOnly, Public } from '../../http/access.js';
import type { SpecialtyService } from './service.js';

const tags = ['directory'];

export function specialtyRoutes(specialties: SpecialtyService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/specialties',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'listSpecialties',
          summary: 'List specialties',
          querystring: ListSpecialtiesQuery,
          response: { 200: Page(Specialty) },
        },
      },
      (request) => specialties.list(request.query),
    );

    app.get(
      '/specialties/:id',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getSpecialty',
          summary: 'Get a specialty',
          params: IdParams,
          response: { 200: Specialty },
        },
      },
      (request) => specialties.get(request.params.id),
    );

    app.post(
      '/specialties',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'createSpecialty',
          summary: 'Create a specialty',
          body: CreateSpecialtyBody,
          response: { 201: Specialty },
        },
      },
      async (request, reply) => {
        const created = await specialties.create(request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.patch(
      '/specialties/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'updateSpecialty',
          summary: 'Update or deactivate a specialty',
          params: IdParams,
          body: UpdateSpecialtyBody,
          response: { 200: Specialty },
        },
      },
      (request) => specialties.update(request.params.id, request.body),
    );

    app.delete(
      '/specialties/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'deleteSpecialty',
          summary: 'Delete a specialty no doctor references',
          params: IdParams,
          response: { 204: Type.Null({ description: 'Deleted' }) },
        },
      },
      async (request, reply) => {
        await specialties.delete(request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
