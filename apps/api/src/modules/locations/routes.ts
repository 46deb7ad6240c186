import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateLocationBody,
  IdParams,
  ListLocationsQuery,
  Location,
  Page,
  ReplaceWorkingHoursBody,
  UpdateLocationBody,
} from '@medsync/contracts';
import { Type } from 'typebox';
import { AdminOnly, Public } from '../../http/access.js';
import type { LocationService } from './service.js';

const tags = ['directory'];

export function locationRoutes(locations: LocationService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/locations',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'listLocations',
          summary: 'List locations with their working hours',
          querystring: ListLocationsQuery,
          response: { 200: Page(Location) },
        },
      },
      (request) => locations.list(request.query),
    );

    app.get(
      '/locations/:id',
      {
        config: { access: Public },
        schema: {
          tags,
          operationId: 'getLocation',
          summary: 'Get a location',
          params: IdParams,
          response: { 200: Location },
        },
      },
      (request) => locations.get(request.params.id),
    );

    app.post(
      '/locations',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'createLocation',
          summary: 'Create a location',
          description: 'The time zone must be an IANA name; overlapping opening intervals → 422.',
          body: CreateLocationBody,
          response: { 201: Location },
        },
      },
      async (request, reply) => {
        const created = await locations.create(request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.patch(
      '/locations/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'updateLocation',
          summary: 'Update or deactivate a location',
          params: IdParams,
          body: UpdateLocationBody,
          response: { 200: Location },
        },
      },
      (request) => locations.update(request.params.id, request.body),
    );

    app.put(
      '/locations/:id/working-hours',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'replaceLocationWorkingHours',
          summary: 'Replace a location’s weekly working hours',
          description:
            'Intervals are local wall-clock times. A closing time at or before the opening time ' +
            'means the interval ends the next day. Overlapping intervals → 422.',
          params: IdParams,
          body: ReplaceWorkingHoursBody,
          response: { 200: Location },
        },
      },
      (request) => locations.replaceWorkingHours(request.params.id, request.body.workingHours),
    );

    app.delete(
      '/locations/:id',
      {
        config: { access: AdminOnly },
        schema: {
          tags,
          operationId: 'deleteLocation',
          summary: 'Delete a location nothing references',
          params: IdParams,
          response: { 204: Type.Null({ description: 'Deleted' }) },
        },
      },
      async (request, reply) => {
        await locations.delete(request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
