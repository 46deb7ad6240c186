import type postgres from 'postgres';
import { loadConfig } from '../../src/config.js';
import { AccessTokens } from '../../src/modules/auth/tokens.js';

/**
 * `count` new patients with their accounts, inserted directly (no password, no sign-in), and an
 * access token for each signed with `jwtSecret`: load for benchmarks and process tests.
 */
export async function patientTokens(
  sql: postgres.Sql,
  count: number,
  jwtSecret: string,
): Promise<string[]> {
  const tokens = new AccessTokens(loadConfig({ JWT_SECRET: jwtSecret }).auth);
  const rows = await sql<{ id: string; token_version: number }[]>`
    with people as (
      insert into patients (id, full_name, date_of_birth, sex)
      select gen_random_uuid(), 'Load Patient ' || g, date '1990-01-01', 'other'
      from generate_series(1, ${count}) g
      returning id
    )
    insert into accounts (id, email, password_hash, role, patient_id)
    select gen_random_uuid(), 'load-' || id || '@bench.example', 'unusable', 'patient', id
    from people
    returning id, token_version`;
  return Promise.all(
    rows.map((r) => tokens.sign({ accountId: r.id, tokenVersion: r.token_version })),
  );
}
