/**
 * Opening the campaign record: a SQLite file (better-sqlite3 12; 13 crashes on
 * Node 20) in WAL mode. It holds subscribers' addresses, so the folder is
 * created 0700 and the file 0600 (SQLite gives its -wal and -shm files the
 * database file's permissions).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DispatchError, errorCode, fileProblem } from '../errors/errors.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

export type Db = Database.Database;

/** Where the record lives unless `--db` or DISPATCH_DB says otherwise. */
export const DEFAULT_DB_PATH = path.join('.dispatch', 'dispatch.db');

/** `--db`, else DISPATCH_DB, else `.dispatch/dispatch.db` in the working directory. */
export function resolveDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.DISPATCH_DB || DEFAULT_DB_PATH;
}

function unwritable(file: string, error: unknown): DispatchError {
  const code = errorCode(error);
  const denied = code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY';
  const problem = denied ? undefined : fileProblem(error);
  return new DispatchError(`cannot open the campaign record ${file} (${denied ? 'permission denied' : (problem?.reason ?? code ?? (error as Error).message)})`, {
    hint: problem ? `${problem.hint}, or choose another location with --db PATH or DISPATCH_DB` : 'choose a writable location with --db PATH or DISPATCH_DB',
    cause: error,
  });
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Refuses an existing file that is not an SQLite database before anything touches it (its mode, a journal
 * beside it): a `--db` naming the wrong file must leave that file as it was. An empty file is a new record.
 */
export function assertRecordFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw unwritable(file, error);
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const size = readSync(fd, head, 0, head.length, 0);
    if (size > 0 && head.toString('latin1') !== SQLITE_HEADER) {
      throw new DispatchError(`cannot open the campaign record ${file} (it is not an SQLite database)`, {
        hint: 'check the path given with --db or DISPATCH_DB; the file was left as it was',
      });
    }
  } catch (error) {
    throw error instanceof DispatchError ? error : unwritable(file, error);
  } finally {
    closeSync(fd);
  }
}

/** Creates the folder (0700) and an empty file (0600) before SQLite opens it, so it is never world-readable, not even briefly. */
function prepareFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  const mode = statSync(file).mode & 0o777;
  if (mode !== 0o600) chmodSync(file, 0o600);
}

export type OpenDbOptions = Readonly<{
  /**
   * Open an existing record for reading only (commands that only read it: `suppressions export`).
   * Nothing is created or changed; a path with no record is an error naming it, not an empty record.
   */
  readonly?: boolean;
}>;

/** A reading command pointed at a path with no record (a typo, or nothing sent yet): say so rather than read an empty one. */
function noRecord(file: string, what = 'no campaign record here'): DispatchError {
  return new DispatchError(`${file}: ${what}`, { hint: 'check the path given with --db or DISPATCH_DB, or run dispatch send first to create the record' });
}

/** Opens (creating if needed) the campaign record and brings its schema up to date; read-only, an existing record as it is. */
export function openDb(file: string, options: OpenDbOptions = {}): Db {
  if (options.readonly && !existsSync(file)) throw noRecord(file);
  assertRecordFile(file);
  let db: Db;
  try {
    if (!options.readonly) prepareFile(file);
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: 10_000 });
  } catch (error) {
    throw unwritable(file, error);
  }
  try {
    if (options.readonly) {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === 0) throw noRecord(file, 'an empty file, not a campaign record yet');
      if (version > SCHEMA_VERSION) throw newerSchema(version);
    } else {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode survives any process crash (kill -9); only a power
      // cut can lose the last commits, and the idempotency keys cover that.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    }
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_')) throw unwritable(file, error);
    throw error;
  }
}

/**
 * The record at `file` opened read-only, or undefined when there is none yet
 * (no file, or an empty one a send would fill): for a reader that treats "no
 * record" as "nothing recorded" (the dry run).
 */
export function openRecordIfAny(file: string): Db | undefined {
  if (!existsSync(file)) return undefined;
  assertRecordFile(file);
  if (statSync(file).size === 0) return undefined;
  return openDb(file, { readonly: true });
}

const newerSchema = (version: number) =>
  new DispatchError(`the campaign record was written by a newer version of Dispatch (schema ${version})`, { hint: 'update Dispatch, or use another --db' });

/** Applies, in order, every migration the record has not had yet, each in its own transaction with the version it reaches. */
function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw newerSchema(version);
  for (const migration of MIGRATIONS) {
    if (migration.version <= version) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** The record's schema version (`user_version`): 0 for a file no Dispatch has written yet. */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** A trivial read: the record answers (serve's /healthz). */
export function pingRecord(db: Db): void {
  db.prepare('SELECT 1').get();
}

/** No busy wait on this connection: a write meets SQLITE_BUSY at once while another process holds the lock (serve's; see serve/pending.ts). */
export function failFastOnLock(db: Db): void {
  db.pragma('busy_timeout = 0');
}

/** An in-memory record, for tests and throwaway planning. */
export function openMemoryDb(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
