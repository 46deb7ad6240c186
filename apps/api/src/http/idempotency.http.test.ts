import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { and, eq, lt } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { body, createTestApp, expectProblem, type TestApp } from '../../test/support/app.js';
import { makeAccount, type TestAccount } from '../../test/support/identities.js';
import { retryOnContention } from '../db/retry.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { type TransactionHook, withinHook } from '../db/transaction-hook.js';
import { identityOf } from '../shared/actor.js';
import { NotFound, ServiceUnavailable, TooManyRequests, Unprocessable } from '../shared/errors.js';
import { Idempotency, PRUNE_BATCH, requestHash, type StoredResponse } from './idempotency.js';
import { idempotentCreate } from './idempotent-create.js';

// Idempotency-Key on a real database, through a test-only route whose work the tests control:
// `runs` counts how often the work really ran, `now` is the clock the Idempotency instance sees.
// The work runs as a service's write does: in a transaction of its own with the key's hook in
// it (`withinHook`), retried whole on contention.

const TTL_HOURS = 24;
const BASE = new Date('2026-05-04T09:00:00Z');
const MINUTE = 60_000;

const Body = Type.Object(
  {
    slot: Type.String({ maxLength: 40 }),
    options: Type.Optional(Type.Object({ hold: Type.Boolean(), note: Type.String() })),
  },
  { additionalProperties: false },
);

const KeyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) });

let t: TestApp;
let idempotency: Idempotency;
let now: Date;
let runs: number;
let work: (request: unknown) => Promise<StoredResponse>;
let alice: TestAccount;
let bob: TestAccount;
let replays: unknown[];

const created = async (request: unknown): Promise<StoredResponse> => ({
  status: 201,
  body: { id: randomUUID(), request },
});

/** If it returns an error, the work's transaction fails with it once the answer is written. */
let failAfter: (() => Error | null) | null;
/** Runs once the work's transaction has committed, before the request returns. */
let onCommitted: (() => Promise<void>) | null;

/** The work in its own transaction, the hook around it, retried on contention: as a service runs it. */
function transactional<T>(make: () => Promise<T>) {
  return async (hook: TransactionHook<T> | undefined) => {
    const result = await retryOnContention(
      () =>
        t.database.db.transaction(async (tx) => {
          const done = await withinHook(tx, hook, async () => {
            runs++;
            return make();
          });
          const failure = failAfter?.();
          if (failure) throw failure;
          return done;
        }),
      { pause: async () => undefined },
    );
    await onCommitted?.();
    return result;
  };
}

/** A POST route doing `work` under Idempotency-Key, as a booking route would. */
function idempotentRoute(app: FastifyInstance, url: string) {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    url,
    {
      config: { access: { roles: ['patient'] } },
      schema: {
        body: Body,
        headers: KeyHeaders,
      },
    },
    async (request, reply) => {
      const result = await idempotency.run(
        {
          accountId: identityOf(request).accountId,
          key: request.headers['idempotency-key'],
          route: `POST ${url}`,
          request: request.body,
        },
        transactional(() => work(request.body)),
        (response) => response,
      );
      reply.header('idempotent-replayed', String(result.replayed));
      return reply.code(result.status).send(result.body);
    },
  );
}

/** A creating POST as a module writes it: its work, its Location, what a replay records. */
function createdRoute(app: FastifyInstance, url: string) {
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .post(
      url,
      { config: { access: { roles: ['patient'] } }, schema: { body: Body, headers: KeyHeaders } },
      (request, reply) =>
        idempotentCreate<{ id: string }>(idempotency, request, reply, {
          create: transactional(async () => (await work(request.body)).body as { id: string }),
          location: (created) => `${url}/${created.id}`,
          replayed: async (created) => {
            replays.push(created);
          },
        }),
    );
}

beforeAll(async () => {
  t = await createTestApp({
    extend: (app) => {
      idempotentRoute(app, '/test/idempotent');
      idempotentRoute(app, '/test/idempotent-other');
      createdRoute(app, '/test/created');
    },
  });
  idempotency = new Idempotency({ db: t.database.db, clock: () => now, ttlHours: TTL_HOURS });
  alice = await makeAccount(t.database.db, t.tokens, 'patient');
  bob = await makeAccount(t.database.db, t.tokens, 'patient');
});
afterAll(() => t.close());
beforeEach(() => {
  now = BASE;
  runs = 0;
  replays = [];
  work = created;
  failAfter = null;
  onCommitted = null;
});

const post = (
  key: string | undefined,
  payload: unknown,
  options: { as?: TestAccount; url?: string } = {},
) =>
  t.app.inject({
    method: 'POST',
    url: options.url ?? '/test/idempotent',
    headers: {
      ...(options.as ?? alice).headers,
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    payload: payload as Record<string, unknown>,
  });

const keyRow = async (account: TestAccount, key: string) => {
  const [row] = await t.database.db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.accountId, account.account.id), eq(idempotencyKeys.key, key)));
  return row ?? null;
};

/** A promise the test resolves: for work that must stay in flight until the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Work that signals it started and then waits for the test to let it finish. */
function heldWork() {
  const started = gate();
  const release = gate();
  work = async (request) => {
    started.open();
    await release.opened;
    return created(request);
  };
  onTestFinished(release.open); // a failed assertion must not leave the request hanging
  return { started: started.opened, release: release.open };
}

describe('Idempotency-Key', () => {
  it('runs the work without a record when no key is sent', async () => {
    const first = await post(undefined, { slot: 'a' });
    const second = await post(undefined, { slot: 'a' });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(body(first).id).not.toBe(body(second).id);
    expect(runs).toBe(2);
  });

  it('replays the stored status and body for an equal request; the work ran once', async () => {
    const key = randomUUID();
    const first = await post(key, { slot: 'a' });
    const replay = await post(key, { slot: 'a' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(body(replay)).toEqual(body(first));
    expect(runs).toBe(1);
    const row = await keyRow(alice, key);
    expect(row).toMatchObject({ route: 'POST /test/idempotent', responseStatus: 201 });
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(TTL_HOURS * 60 * MINUTE);
  });

  it('ignores the order of properties in the body, nested ones included', async () => {
    const key = randomUUID();
    const first = await post(key, { slot: 'a', options: { hold: true, note: 'n' } });
    const replay = await post(key, { options: { note: 'n', hold: true }, slot: 'a' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(body(replay)).toEqual(body(first));
    expect(runs).toBe(1);
  });

  it('refuses the same key with another body, or on another route, with 422', async () => {
    const key = randomUUID();
    await post(key, { slot: 'a' });
    expectProblem(await post(key, { slot: 'b' }), 422, 'idempotency-key-reused');
    expectProblem(
      await post(key, { slot: 'a' }, { url: '/test/idempotent-other' }),
      422,
      'idempotency-key-reused',
    );
    expect(runs).toBe(1);
  });

  it('keeps keys per account: the same key from another account runs independently', async () => {
    const key = randomUUID();
    const fromAlice = await post(key, { slot: 'a' });
    const fromBob = await post(key, { slot: 'a' }, { as: bob });
    expect(fromBob.statusCode).toBe(201);
    expect(fromBob.headers['idempotent-replayed']).toBe('false');
    expect(body(fromBob).id).not.toBe(body(fromAlice).id);
    expect(runs).toBe(2);
    // And each account's replay returns its own response.
    expect(body(await post(key, { slot: 'a' }, { as: bob }))).toEqual(body(fromBob));
    expect(body(await post(key, { slot: 'a' }))).toEqual(body(fromAlice));
    expect(runs).toBe(2);
  });

  it('answers 409 to a duplicate while the first runs, whatever its body; then replays the first', async () => {
    const key = randomUUID();
    const { started, release } = heldWork();
    const first = post(key, { slot: 'a' });
    await started;
    if (t.database.kind === 'pglite') {
      // One connection runs one transaction at a time: a duplicate waits for the first's commit.
      const duplicate = post(key, { slot: 'a' });
      release();
      const done = await first;
      const replay = await duplicate;
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(body(replay)).toEqual(body(done));
    } else {
      expectProblem(await post(key, { slot: 'a' }), 409, 'idempotency-key-in-flight');
      // Nothing of the first is visible before it commits: another body is in flight too.
      expectProblem(await post(key, { slot: 'b' }), 409, 'idempotency-key-in-flight');
      release();
      const done = await first;
      expect(done.statusCode).toBe(201);
      const replay = await post(key, { slot: 'a' });
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(body(replay)).toEqual(body(done));
      expectProblem(await post(key, { slot: 'b' }), 422, 'idempotency-key-reused');
    }
    expect(runs).toBe(1);
  });

  it('runs the work once when 20 requests with one key arrive together', async () => {
    const key = randomUUID();
    const { started, release } = heldWork();
    const requests = Array.from({ length: 20 }, () => post(key, { slot: 'a' }));
    await started;
    release();
    const responses = await Promise.all(requests);
    const fresh = responses.filter((r) => r.headers['idempotent-replayed'] === 'false');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.statusCode).toBe(201);
    for (const response of responses) {
      if (response === fresh[0]) continue;
      if (response.statusCode === 409) expectProblem(response, 409, 'idempotency-key-in-flight');
      else expect(body(response)).toEqual(body(fresh[0]!));
    }
    expect(runs).toBe(1);
  });

  it('has the answer stored the moment the work commits, before the request returns', async () => {
    const key = randomUUID();
    let storedAtCommit: unknown = 'not looked';
    onCommitted = async () => {
      storedAtCommit = await keyRow(alice, key);
    };
    const first = await post(key, { slot: 'a' });
    expect(first.statusCode).toBe(201);
    // A process killed right after the commit loses nothing: the answer is already there.
    expect(storedAtCommit).toMatchObject({
      responseStatus: 201,
      responseBody: { body: body(first) },
    });
  });

  it('leaves the key free at once when the transaction dies after writing the answer', async () => {
    const key = randomUUID();
    failAfter = () => new Error('connection lost before COMMIT');
    expectProblem(await post(key, { slot: 'a' }), 500);
    expect(await keyRow(alice, key)).toBeNull();
    failAfter = null;
    const retry = await post(key, { slot: 'a' });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('false');
    expect(runs).toBe(2);
  });

  it('claims the key again in every contention retry of the transaction, and answers once', async () => {
    const key = randomUUID();
    let failures = 1;
    const serializationFailure = () =>
      Object.assign(new Error('Failed query'), {
        cause: Object.assign(new Error(), { code: '40001' }),
      });
    failAfter = () => (failures-- > 0 ? serializationFailure() : null);
    const first = await post(key, { slot: 'a' });
    expect(first.statusCode).toBe(201);
    expect(runs).toBe(2); // the first attempt was rolled back, its claim and answer with it
    failAfter = null;
    const replay = await post(key, { slot: 'a' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(body(replay)).toEqual(body(first));
    expect(runs).toBe(2);
  });

  it('takes over at once a key an older version claimed and left without an answer', async () => {
    const key = randomUUID();
    await t.database.db.insert(idempotencyKeys).values({
      accountId: alice.account.id,
      key,
      route: 'POST /test/idempotent',
      requestHash: requestHash('POST /test/idempotent', { slot: 'a' }),
      createdAt: BASE,
      expiresAt: new Date(BASE.getTime() + TTL_HOURS * 60 * MINUTE),
    });
    const first = await post(key, { slot: 'a' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    expect(await keyRow(alice, key)).toMatchObject({ responseStatus: 201 });
    expect(body(await post(key, { slot: 'a' }))).toEqual(body(first));
    expect(runs).toBe(1);
  });

  it('stores a client error and replays the same problem without running the work again', async () => {
    const key = randomUUID();
    work = async () => {
      throw new Unprocessable('slot-unavailable', 'The slot is not offered', [
        { field: 'slot', message: 'is not a free slot' },
      ]);
    };
    const first = expectProblem(await post(key, { slot: 'a' }), 422, 'slot-unavailable');
    expect((await keyRow(alice, key))?.responseBody).toEqual({
      problem: {
        code: 'slot-unavailable',
        detail: 'The slot is not offered',
        errors: [{ path: '/body/slot', message: 'is not a free slot' }],
      },
    });
    work = created;
    const replay = expectProblem(await post(key, { slot: 'a' }), 422, 'slot-unavailable');
    const { requestId: _first, ...firstProblem } = first;
    const { requestId: _replay, ...replayProblem } = replay;
    expect(replayProblem).toEqual(firstProblem);
    expect(replayProblem).toMatchObject({
      detail: 'The slot is not offered',
      errors: [{ path: '/body/slot', message: 'is not a free slot' }],
      title: 'Unprocessable Entity',
      type: '/problems/slot-unavailable',
    });
    expect(runs).toBe(1);
  });

  it('stores a 404 problem too (any 4xx but 429)', async () => {
    const key = randomUUID();
    work = async () => {
      throw new NotFound('Doctor');
    };
    expectProblem(await post(key, { slot: 'a' }), 404, 'not-found');
    work = created;
    expectProblem(await post(key, { slot: 'a' }), 404, 'not-found');
    expect(runs).toBe(1);
  });

  it.each([
    ['an unexpected error (500)', () => new Error('boom'), 500],
    ['a 503', () => new ServiceUnavailable('unavailable', 'try again'), 503],
    ['a 429', () => new TooManyRequests('rate-limited', 'slow down', 5), 429],
  ])('forgets the key after %s, so that a retry runs anew', async (_name, failure, status) => {
    const key = randomUUID();
    work = async () => {
      throw failure();
    };
    expectProblem(await post(key, { slot: 'a' }), status);
    expect(await keyRow(alice, key)).toBeNull();
    work = created;
    const retry = await post(key, { slot: 'a' });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('false');
    expect(runs).toBe(2);
  });

  it(`keeps a key for ${TTL_HOURS} hours, then runs the request again`, async () => {
    const key = randomUUID();
    const first = await post(key, { slot: 'a' });
    now = new Date(BASE.getTime() + TTL_HOURS * 60 * MINUTE);
    expect(body(await post(key, { slot: 'a' }))).toEqual(body(first));
    expect(runs).toBe(1);
    now = new Date(BASE.getTime() + TTL_HOURS * 60 * MINUTE + 1);
    const again = await post(key, { slot: 'a' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('false');
    expect(body(again).id).not.toBe(body(first).id);
    expect(runs).toBe(2);
    // An expired key is free for another body as well.
    now = new Date(now.getTime() + (TTL_HOURS * 60 + 1) * MINUTE);
    expect((await post(key, { slot: 'b' })).statusCode).toBe(201);
  });

  it('prunes expired keys of any account when a key is claimed, and keeps live ones', async () => {
    const db = t.database.db;
    const stale = new Date(BASE.getTime() - MINUTE);
    const old = (key: string, expiresAt: Date) => ({
      accountId: bob.account.id,
      key,
      route: 'POST /test/idempotent',
      requestHash: requestHash('POST /test/idempotent', { slot: key }),
      responseStatus: 201,
      responseBody: { body: {} },
      createdAt: new Date(expiresAt.getTime() - TTL_HOURS * 60 * MINUTE),
      expiresAt,
    });
    const expiredKeys = ['old-1', 'old-2', 'old-3'];
    await db
      .insert(idempotencyKeys)
      .values([
        ...expiredKeys.map((key) => old(key, stale)),
        old('live', new Date(BASE.getTime() + MINUTE)),
      ]);
    await post(randomUUID(), { slot: 'a' });
    const left = await db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.accountId, bob.account.id));
    expect(left.map((r) => r.key)).toContain('live');
    for (const key of expiredKeys) expect(left.map((r) => r.key)).not.toContain(key);
    expect(await db.$count(idempotencyKeys, lt(idempotencyKeys.expiresAt, BASE))).toBe(0);
  });

  it(`prunes at most ${PRUNE_BATCH} keys per claim, oldest first, and still replaces an expired key`, async () => {
    const db = t.database.db;
    const key = randomUUID();
    now = new Date(BASE.getTime() + 30 * 24 * 60 * MINUTE);
    await post(key, { slot: 'a' });
    const ancient = new Date(BASE.getTime() - 365 * 24 * 60 * MINUTE);
    await db.insert(idempotencyKeys).values(
      Array.from({ length: PRUNE_BATCH + 5 }, (_, i) => ({
        accountId: bob.account.id,
        key: `ancient-${i}`,
        route: 'POST /test/idempotent',
        requestHash: requestHash('POST /test/idempotent', { slot: 'a' }),
        createdAt: ancient,
        expiresAt: ancient,
      })),
    );
    now = new Date(now.getTime() + (TTL_HOURS * 60 + 1) * MINUTE);
    const again = await post(key, { slot: 'a' });
    expect(again.headers['idempotent-replayed']).toBe('false');
    expect(runs).toBe(2);
    expect(await db.$count(idempotencyKeys, eq(idempotencyKeys.expiresAt, ancient))).toBe(5);
  });

  it('refuses an empty, over-long or non-ASCII key with 400 and records nothing', async () => {
    expectProblem(await post('', { slot: 'a' }), 400, 'idempotency-key-invalid');
    expectProblem(await post('k'.repeat(129), { slot: 'a' }), 400, 'idempotency-key-invalid');
    expectProblem(await post('schlüssel', { slot: 'a' }), 400, 'idempotency-key-invalid');
    expect(runs).toBe(0);
  });
});

describe('requestHash', () => {
  it('depends on the route and the content, not on the order of properties', () => {
    const hash = requestHash('POST /a', { x: 1, y: { b: [1, 2], a: null } });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash('POST /a', { y: { a: null, b: [1, 2] }, x: 1 })).toBe(hash);
    expect(requestHash('POST /b', { x: 1, y: { b: [1, 2], a: null } })).not.toBe(hash);
    expect(requestHash('POST /a', { x: 1, y: { b: [2, 1], a: null } })).not.toBe(hash);
  });
});

describe('idempotentCreate: a creating POST under Idempotency-Key', () => {
  const create = (key: string | undefined, payload: unknown) =>
    post(key, payload, { url: '/test/created' });

  it('answers 201 with Location; a replay is the same answer, marked and recorded', async () => {
    const key = randomUUID();
    const first = await create(key, { slot: 'a' });
    expect(first.statusCode).toBe(201);
    expect(first.headers.location).toBe(`/test/created/${body(first).id}`);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(replays).toEqual([]);
    const replay = await create(key, { slot: 'a' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers.location).toBe(first.headers.location);
    expect(body(replay)).toEqual(body(first));
    expect(replays).toEqual([body(first)]);
    expect(runs).toBe(1);
    expect(await keyRow(alice, key)).toMatchObject({ route: 'POST /test/created' });
  });

  it('marks a replayed refusal too, and runs without a record when no key is sent', async () => {
    const key = randomUUID();
    work = async () => {
      throw new NotFound('Doctor');
    };
    const first = await create(key, { slot: 'a' });
    expectProblem(first, 404, 'not-found');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await create(key, { slot: 'a' });
    expectProblem(replay, 404, 'not-found');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    work = created;
    const unkeyed = await create(undefined, { slot: 'a' });
    expect(unkeyed.statusCode).toBe(201);
    expect(unkeyed.headers['idempotent-replayed']).toBeUndefined();
    expect(runs).toBe(2);
  });
});
