import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateDiagnosticLocationBody,
  DiagnosticLocation,
  DiagnosticLocationDetail,
  IdParams,
  ListDiagnosticLocationsQuery,
  Page,
  UpdateDiagnosticLocationBody,
} from '@medsync/contracts';
import { Type } from 'typebox';
import { AdminOnly, Public } from '../../http/access.js';
import type { DiagnosticLocationService } from './service.js';

const tags = ['directory'];

export function diagnosticLocationRoutes(
  offerings: DiagnosticLocationService,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/diagnostic-locations',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'listDiagnosticLocations',
          summary: 'List diagnostics offered at locations, with price and currency',
          querystring: ListDiagnosticLocationsQuery,
          response: { 200: Page(DiagnosticLocation) },
        },
      },
      (request) => offerings.list(request.query),
    );

    app.get(
      '/diagnostic-locations/:id',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getDiagnosticLocation',
          summary: 'Get a diagnostic offered at a location',
          params: IdParams,
          response: { 200: DiagnosticLocationDetail },
        },
      },
      (request) => offerings.get(request.params.id),
    );

    app.post(
      '/diagnostic-locations',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'createDiagnosticLocation',
          summary: 'Offer a diagnostic at a location',
          body: CreateDiagnosticLocationBody,
          response: { 201: DiagnosticLocationDetail },
        },
      },
      async (request, reply) => {
        const created = await offerings.create(request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.patch(
      '/diagnostic-locations/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'updateDiagnosticLocation',
          summary: 'Change the price or capacity of an offering, or deactivate it',
          params: IdParams,
          body: UpdateDiagnosticLocationBody,
          response: { 200: DiagnosticLocationDetail },
        },
      },
      (request) => offerings.update(request.params.id, request.body),
    );

    app.delete(
      '/diagnostic-locations/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'deleteDiagnosticLocation',
          summary: 'Delete an offering nothing refers to',
          params: IdParams,
          response: { 204: Type.Null({ description: 'Deleted' }) },
        },
      },
      async (request, reply) => {
        await offerings.delete(request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
