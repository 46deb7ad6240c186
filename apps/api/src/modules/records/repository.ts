import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, type PatientRow, passwordResets, patients } from '../../db/schema/index.js';

/** An account's password hash once erased: no password verifies against it. */
const NO_PASSWORD = '!erased';

/** The rows the record and the erasure read and change; one statement per method. */
export class RecordRepository {
  constructor(private readonly db: Executor) {}

  async profile(patientId: string): Promise<PatientRow | null> {
    const [row] = await this.db.select().from(patients).where(eq(patients.id, patientId));
    return row ?? null;
  }

  /** The patient's row, locked until the transaction ends (not its key: bookings still insert). */
  async lockProfile(patientId: string): Promise<PatientRow | null> {
    const [row] = await this.db
      .select()
      .from(patients)
      .where(eq(patients.id, patientId))
      .for('no key update');
    return row ?? null;
  }

  /**
   * Replaces the name by a pseudonym and removes the contact details; date of birth, sex and the
   * registering location stay (the retained clinical record needs them). `erased_at` is set once.
   */
  async pseudonymise(patientId: string, pseudonym: string, now: Date): Promise<PatientRow> {
    const [row] = await this.db
      .update(patients)
      .set({
        fullName: pseudonym,
        phone: null,
        email: null,
        erasedAt: sql`coalesce(${patients.erasedAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(eq(patients.id, patientId))
      .returning();
    return row!;
  }

  /**
   * Closes the patient's login: disabled, its e-mail replaced by an address that cannot exist
   * (RFC 2606 `.invalid`), its password hash destroyed. Returns the account's id, or null when
   * the patient has none. Sessions are revoked by the caller (auth's `revokeAllSessions`).
   */
  async closeAccount(patientId: string, now: Date): Promise<string | null> {
    const [row] = await this.db
      .update(accounts)
      .set({
        email: sql`'erased-' || ${accounts.id} || '@erased.invalid'`,
        passwordHash: NO_PASSWORD,
        disabledAt: sql`coalesce(${accounts.disabledAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(eq(accounts.patientId, patientId))
      .returning({ id: accounts.id });
    return row?.id ?? null;
  }

  /** Removes the account's password-reset tokens (hashes): credentials, not records. */
  async deletePasswordResets(accountId: string): Promise<void> {
    await this.db.delete(passwordResets).where(eq(passwordResets.accountId, accountId));
  }
}
