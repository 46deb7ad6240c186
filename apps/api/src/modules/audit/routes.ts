import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccessLogPage, ListAccessLogQuery } from '@medsync/contracts';
import { actorOf } from '../../http/access.js';
import type { AccessLogService } from './access-log.js';

const tags = ['audit'];

export function auditRoutes(accessLog: AccessLogService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/access-log',
      {
        config: { access: { roles: ['patient'] } },
        schema: {
          tags,
          operationId: 'listMyAccessLog',
          summary: 'List who accessed my record',
          description:
            'Every read, change or refused attempt on the signed-in patient’s data, newest ' +
            'first: when, by which account and role, on which resource, and the outcome.',
          querystring: ListAccessLogQuery,
          response: { 200: AccessLogPage },
        },
      },
      (request) => accessLog.list(actorOf(request), request.query),
    );
  };
}
