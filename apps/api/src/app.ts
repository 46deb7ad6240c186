import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/client.js';
import {
  type Authenticator,
  enforcePolicies,
  markPreflightPublic,
  requireDeclaredPolicies,
} from './http/access.js';
import { registerHealthRoutes } from './http/health.js';
import { Idempotency } from './http/idempotency.js';
import { correlationIdOf, loggerOptions, requestIdFor } from './http/logging.js';
import { documentProblemResponses, registerOpenApi } from './http/openapi.js';
import { frameworkErrorHandler, registerProblemHandlers } from './http/problem.js';
import { closeQueryStrings, validatorCompiler } from './http/validation.js';
import { registerWebApp } from './http/web-app.js';
import { AccountService, accountRoutes } from './modules/accounts/index.js';
import { AccessLogService, AuditLog, auditRoutes } from './modules/audit/index.js';
import {
  AccessTokens,
  AuthService,
  authRoutes,
  bearerAuthenticator,
  webSessionRoutes,
} from './modules/auth/index.js';
import { AvailabilityService, SlotSearch, schedulingRoutes } from './modules/availability/index.js';
import {
  BookingLifecycle,
  BookingQueries,
  BookingService,
  bookingRoutes,
  bookingStatusRoutes,
  bookingStores,
} from './modules/bookings/index.js';
import {
  DiagnosticLocationService,
  diagnosticLocationRoutes,
} from './modules/diagnostic-locations/index.js';
import { DiagnosticService, diagnosticRoutes } from './modules/diagnostics/index.js';
import { ScheduleService, scheduleRoutes } from './modules/doctor-schedules/index.js';
import { DoctorService, doctorRoutes } from './modules/doctors/index.js';
import { DocumentService, documentRoutes, documentStorageFor } from './modules/documents/index.js';
import { LocationService, locationRoutes } from './modules/locations/index.js';
import { PatientScope, PatientService, patientRoutes } from './modules/patients/index.js';
import {
  PrescriptionQueries,
  PrescriptionService,
  prescriptionRoutes,
} from './modules/prescriptions/index.js';
import { RatingImports, RatingService, ratingRoutes } from './modules/ratings/index.js';
import { ErasureService, PatientRecordService, recordRoutes } from './modules/records/index.js';
import { ResultService, ResultWrites, resultRoutes } from './modules/results/index.js';
import {
  SpecialtyRepository,
  SpecialtyService,
  specialtyRoutes,
} from './modules/specialties/index.js';
import { VisitNoteService, visitNoteRoutes } from './modules/visits/index.js';
import { TooManyRequests } from './shared/errors.js';

const { version } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string };

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Tests pass their own identity source; production uses the configured one. */
  authenticate?: Authenticator;
  /** A logger instance (tests pass a silent or capturing one); default: pino per config. */
  logger?: FastifyBaseLogger;
  /** The current time; tests fix it. */
  clock?: () => Date;
}

/** The composition root: builds every service and route from its dependencies. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    ...(options.logger
      ? { loggerInstance: options.logger }
      : { logger: loggerOptions(config.logLevel) }),
    genReqId: requestIdFor,
    // One line per request, written by the onResponse hook below with the route, not the raw URL.
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      disableRequestLogging: true,
    }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    frameworkErrors: frameworkErrorHandler,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  app.removeContentTypeParser('text/plain'); // the API speaks JSON only: anything else is a 415
  registerProblemHandlers(app);
  requireDeclaredPolicies(app);
  app.addHook('onRoute', markPreflightPublic);
  app.addHook('onRoute', closeQueryStrings); // before the OpenAPI hook: it documents the 400
  app.addHook('onRoute', documentProblemResponses);
  // Shutdown. Once it begins, each kept-alive connection closes after its response: otherwise a
  // busy connection lingers for the keep-alive timeout and shutdown overruns its grace period.
  // A request whose client has gone away still runs to its end, but the server's close does not
  // wait for it: close waits for `running` to empty, so that the caller closes the database only
  // once no handler can still be using it (bounded by the shutdown grace period).
  let closing = false;
  const running = new Set<FastifyRequest>();
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const correlationId = correlationIdOf(request.headers);
    if (correlationId) {
      reply.header('x-correlation-id', correlationId);
      // Every line of the request then carries the client's id beside ours.
      request.log = request.log.child({ correlationId });
    }
    running.add(request);
  });
  app.addHook('onSend', async (request, reply) => {
    running.delete(request);
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onClose', async () => drain(running, config.shutdownTimeoutMs));
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });

  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    exposedHeaders: [
      'x-request-id',
      'x-correlation-id',
      'location',
      'retry-after',
      'idempotent-replayed',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ],
  });
  const tokens = new AccessTokens(config.auth);
  const audit = new AuditLog();
  enforcePolicies(
    app,
    options.authenticate ?? bearerAuthenticator({ db: database.db, tokens }),
    (actor, denial) => audit.record(database.db, actor, { ...denial, outcome: 'denied' }),
  );
  // Shared rate limiting: off by default, a route opts in with `config: { rateLimit: {…} }`.
  // Counters are per process; behind several instances give it a shared store (Redis).
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new TooManyRequests(
        'rate-limited',
        `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`,
        Math.ceil(context.ttl / 1000),
      ),
  });
  await registerOpenApi(app, version);
  registerHealthRoutes(app, database);
  await registerWebApp(app, config.webDistDir);

  const db = database.db;
  const specialties = new SpecialtyService({ specialties: new SpecialtyRepository(db) });
  const locations = new LocationService({ db });
  const doctors = new DoctorService({ db });
  const diagnostics = new DiagnosticService({ db });
  const diagnosticLocations = new DiagnosticLocationService({ db });
  const auth = new AuthService({ db, tokens, audit, config: config.auth });
  const clock = options.clock ?? (() => new Date());
  const scope = new PatientScope();
  const patients = new PatientService({ db, audit, scope, clock });
  const accounts = new AccountService({ db, audit, clock });
  const accessLog = new AccessLogService({ db, audit });
  const availability = new AvailabilityService({ db, clock, rules: config.booking });
  const slotSearch = new SlotSearch({ db, clock, rules: config.booking });
  const schedules = new ScheduleService({ db, audit, clock });
  const bookings = new BookingService({
    db,
    audit,
    stores: bookingStores,
    scope,
    availability,
    clock,
    rules: config.booking,
  });
  const bookingQueries = new BookingQueries({ db, audit, scope, clock });
  const bookingLifecycle = new BookingLifecycle({ db, audit, clock });
  const results = new ResultService({ db, audit, scope });
  const resultWrites = new ResultWrites({ db, audit, scope, clock });
  const visitNotes = new VisitNoteService({ db, audit, scope });
  const prescriptions = new PrescriptionService({ db, audit, clock });
  const prescriptionQueries = new PrescriptionQueries({ db, audit, scope });
  // The clinical sections and the ratings step: each owning module's face, wired at merge.
  const records = new PatientRecordService({
    db,
    audit,
    scope,
    clock,
    sections: { visitNotes, prescriptions, reports: results },
  });
  const storage = documentStorageFor(config.documents);
  const reports = {
    reportAccess: results.reportAccess.bind(results),
    importReport: resultWrites.importReport.bind(resultWrites),
  };
  const documents = new DocumentService({ db, audit, scope, storage, clock, reports });
  const ratings = new RatingService({ db, audit, clock });
  const ratingImports = new RatingImports({ db, audit, clock });
  const erasure = new ErasureService({ db, audit, clock, ratingComments: ratings });
  const idempotency = new Idempotency({
    db,
    clock,
    ttlHours: config.booking.idempotencyKeyTtlHours,
  });

  await app.register(
    async (api) => {
      api.addHook('onSend', async (_request, reply) => {
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      });
      await api.register(specialtyRoutes(specialties));
      await api.register(locationRoutes(locations));
      await api.register(doctorRoutes(doctors));
      await api.register(diagnosticRoutes(diagnostics));
      await api.register(diagnosticLocationRoutes(diagnosticLocations));
      await api.register(authRoutes(auth));
      await api.register(webSessionRoutes(auth, config.auth.cookieSecret));
      await api.register(patientRoutes(patients));
      await api.register(accountRoutes(accounts));
      await api.register(auditRoutes(accessLog));
      await api.register(schedulingRoutes(availability, slotSearch));
      await api.register(scheduleRoutes(schedules));
      await api.register(bookingRoutes({ bookings, idempotency, rules: config.booking }));
      await api.register(
        bookingStatusRoutes({ queries: bookingQueries, lifecycle: bookingLifecycle }),
      );
      await api.register(visitNoteRoutes(visitNotes));
      await api.register(
        prescriptionRoutes({ prescriptions, queries: prescriptionQueries, idempotency }),
      );
      await api.register(recordRoutes({ records, erasure }));
      await api.register(documentRoutes(documents));
      await api.register(ratingRoutes({ ratings, imports: ratingImports }));
      await api.register(resultRoutes({ results, writes: resultWrites }));
    },
    { prefix: '/api/v1' },
  );
  return app;
}

/** Resolves once `running` is empty, or after `timeoutMs`. */
async function drain(running: ReadonlySet<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (running.size > 0 && Date.now() < deadline) await sleep(10);
}
