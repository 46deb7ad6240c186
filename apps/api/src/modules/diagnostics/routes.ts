import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateDiagnosticBody,
  Diagnostic,
  IdParams,
  ListDiagnosticsQuery,
  Page,
  UpdateDiagnosticBody,
} from '@medsync/contracts';
import { Type } from 'typebox';
import { AdminOnly, Public } from '../../http/access.js';
import type { DiagnosticService } from './service.js';

const tags = ['directory'];

export function diagnosticRoutes(diagnostics: DiagnosticService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/diagnostics',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'listDiagnostics',
          summary: 'List diagnostics',
          querystring: ListDiagnosticsQuery,
          response: { 200: Page(Diagnostic) },
        },
      },
      (request) => diagnostics.list(request.query),
    );

    app.get(
      '/diagnostics/:id',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getDiagnostic',
          summary: 'Get a diagnostic',
          params: IdParams,
          response: { 200: Diagnostic },
        },
      },
      (request) => diagnostics.get(request.params.id),
    );

    app.post(
      '/diagnostics',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'createDiagnostic',
          summary: 'Create a diagnostic',
          body: CreateDiagnosticBody,
          response: { 201: Diagnostic },
        },
      },
      async (request, reply) => {
        const created = await diagnostics.create(request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.patch(
      '/diagnostics/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'updateDiagnostic',
          summary: 'Update or deactivate a diagnostic',
          params: IdParams,
          body: UpdateDiagnosticBody,
          response: { 200: Diagnostic },
        },
      },
      (request) => diagnostics.update(request.params.id, request.body),
    );

    app.delete(
      '/diagnostics/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'deleteDiagnostic',
          summary: 'Delete a diagnostic no location offers',
          params: IdParams,
          response: { 204: Type.Null({ description: 'Deleted' }) },
        },
      },
      async (request, reply) => {
        await diagnostics.delete(request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
