import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { DocumentStorageConfig } from '../../config.js';
import type { Executor } from '../../db/client.js';
import { documentContents } from '../../db/schema/index.js';

/**
 * Where a document's bytes live, under a key the server generated (a UUID, never a user's file
 * name). Bytes are written once and never changed or removed: documents are clinical records.
 */
export interface DocumentStorage {
  /** The value of `documents.storage` for what this storage keeps. */
  readonly kind: 'database' | 'filesystem';
  /** Stores `bytes` under `key`; the database storage writes within `tx`, the caller's write. */
  put(tx: Executor, key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or null. */
  get(db: Executor, key: string): Promise<Buffer | null>;
  /** The bytes under `key` as a stream, or null. */
  stream(db: Executor, key: string): Promise<Readable | null>;
}

/** The default: bytes in `document_contents` (bytea), so backups of the database hold everything. */
export class DatabaseDocumentStorage implements DocumentStorage {
  readonly kind = 'database';

  async put(tx: Executor, key: string, bytes: Buffer): Promise<void> {
    await tx.insert(documentContents).values({ storageKey: key, content: bytes });
  }

  async get(db: Executor, key: string): Promise<Buffer | null> {
    const [row] = await db
      .select({ content: documentContents.content })
      .from(documentContents)
      .where(eq(documentContents.storageKey, key));
    // postgres.js gives a Buffer, PGlite a Uint8Array.
    return row ? Buffer.from(row.content) : null;
  }

  async stream(db: Executor, key: string): Promise<Readable | null> {
    const bytes = await this.get(db, key);
    return bytes ? Readable.from([bytes]) : null;
  }
}

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Files under one directory, named by key. A file appears whole or not at all: it is written to
 * a temporary name, flushed to disk, then linked to its key's name (failing if that exists) and
 * the temporary name removed. A write whose transaction then rolls back
 * leaves an unreferenced file behind (harmless; no row names it).
 */
export class FilesystemDocumentStorage implements DocumentStorage {
  readonly kind = 'filesystem';

  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('document storage keys are generated UUIDs');
    return join(this.dir, key);
  }

  async put(_tx: Executor, key: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temporary = join(this.dir, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } catch (err) {
      await file.close();
      await rm(temporary, { force: true });
      throw err;
    }
    await file.close();
    // A hard link, unlike a rename, never replaces an existing file: a key is written once.
    try {
      await link(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async get(_db: Executor, key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async stream(_db: Executor, key: string): Promise<Readable | null> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return createReadStream(path);
  }
}

/** The storage the configuration names. */
export function documentStorageFor(config: DocumentStorageConfig): DocumentStorage {
  return config.kind === 'filesystem'
    ? new FilesystemDocumentStorage(config.dir)
    : new DatabaseDocumentStorage();
}
