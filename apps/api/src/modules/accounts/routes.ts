import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Account,
  AccountLocationsBody,
  CreateAccountBody,
  IdParams,
  ListAccountsQuery,
  Page,
  UpdateAccountBody,
} from '@medsync/contracts';
import { AdminOnly, actorOf, type PatientData } from '../../http/access.js';
import type { AccountService } from './service.js';

// The shared hook documents the statuses every route can give; 422 is this module's own.

const tags = ['accounts'];
// An account may be a patient's: refusals are recorded as accesses to patient data.
const patientData = (action: string, byId = false): PatientData => ({
  action,
  resourceType: 'account',
  ...(byId ? { idIs: ['resourceId'] } : {}),
});

export function accountRoutes(accounts: AccountService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/accounts',
      {
        config: { access: AdminOnly, patientData: patientData('account.create') },
        schema: {
          tags,
          operationId: 'createAccount',
          summary: 'Create a doctor, staff or admin account',
          description:
            'A doctor account is linked to its doctor profile, a staff account to at least one ' +
            'location. Patients sign themselves up (role patient → 422). Duplicate e-mail → 409.',
          body: CreateAccountBody,
          response: { 201: Account },
        },
      },
      async (request, reply) => {
        const created = await accounts.create(actorOf(request), request.body);
        return reply.code(201).header('location', `${request.url}/${created.id}`).send(created);
      },
    );

    app.get(
      '/accounts',
      {
        config: { access: AdminOnly, patientData: patientData('account.search') },
        schema: {
          tags,
          operationId: 'listAccounts',
          summary: 'List accounts',
          description: 'In creation order, optionally of one role.',
          querystring: ListAccountsQuery,
          response: { 200: Page(Account) },
        },
      },
      (request) => accounts.list(actorOf(request), request.query),
    );

    app.get(
      '/accounts/:id',
      {
        config: { access: AdminOnly, patientData: patientData('account.read', true) },
        schema: {
          tags,
          operationId: 'getAccount',
          summary: 'Get an account',
          params: IdParams,
          response: { 200: Account },
        },
      },
      (request) => accounts.get(actorOf(request), request.params.id),
    );

    app.patch(
      '/accounts/:id',
      {
        config: { access: AdminOnly, patientData: patientData('account.update', true) },
        schema: {
          tags,
          operationId: 'updateAccount',
          summary: 'Change an account’s role or disable it',
          description:
            'A role change (to doctor: with doctorId) or disabling ends every session of the ' +
            'account at once. You cannot demote or disable yourself (422).',
          params: IdParams,
          body: UpdateAccountBody,
          response: { 200: Account },
        },
      },
      (request) => accounts.update(actorOf(request), request.params.id, request.body),
    );

    app.put(
      '/accounts/:id/locations',
      {
        config: { access: AdminOnly, patientData: patientData('account.locations-change', true) },
        schema: {
          tags,
          operationId: 'replaceAccountLocations',
          summary: 'Set the locations a staff account works at',
          description: 'Takes effect on the account’s next request; its sessions continue.',
          params: IdParams,
          body: AccountLocationsBody,
          response: { 200: Account },
        },
      },
      (request) =>
        accounts.setLocations(actorOf(request), request.params.id, request.body.locationIds),
    );
  };
}
