/**
 * A project of someone else's that installs this package from its tarball, as a
 * developer would (`npm pack`, then `npm i <tarball> react react-dom` in their
 * project), without a network.
 *
 * Offline, npm can fetch tarballs from the cache `npm ci` filled but cannot
 * resolve versions (the cache holds no registry metadata), so the project gets a
 * lockfile: the package's run-time tree as this repository's own lockfile has it
 * (every entry not marked `dev`, which npm computes from `dependencies`, so a
 * run-time import missing from `dependencies` is missing here too), plus React
 * and the type packages a TypeScript consumer has. Install scripts are skipped;
 * better-sqlite3's native binding is the one `npm ci` compiled here (same version,
 * same Node): compiling it again takes a minute and proves nothing about this package.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type LockEntry = { version?: string; dev?: boolean; link?: boolean; [key: string]: unknown };

/** Packages the consumer project adds of its own, at the versions this repository locks. */
const CONSUMER_OWN = { dependencies: ['react', 'react-dom'], devDependencies: ['@types/react', '@types/node'] } as const;
/** What those pull in. */
const CONSUMER_OWN_TREE = ['scheduler', 'csstype', 'undici-types'];

export type ConsumerProject = Readonly<{
  dir: string;
  /** The packed tarball's file list, as `npm pack --dry-run` reports it. */
  tarballFiles: readonly string[];
  tarballBytes: number;
  /** Runs a program in the project; throws with its output on a non-zero exit. */
  run: (command: string, args: readonly string[], env?: NodeJS.ProcessEnv) => string;
  remove: () => void;
}>;

const npm = (args: readonly string[], cwd: string) => execFileSync('npm', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });

/** Packs this repository (prepack builds dist/) and installs the tarball into a new project. */
export function createConsumerProject(repo = process.cwd()): ConsumerProject {
  const dir = mkdtempSync(path.join(tmpdir(), 'dispatch-consumer-'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], repo)) as { filename: string; size: number; files: { path: string }[] }[];
  const tarball = packed[0]!;
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  const lock = JSON.parse(readFileSync(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const version = (name: string) => lock.packages[`node_modules/${name}`]?.version ?? '*';

  const own = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, version(name)]));
  const manifest = {
    name: 'consumer',
    private: true,
    type: 'module',
    dependencies: { dispatch: `file:${tarball.filename}`, ...own(CONSUMER_OWN.dependencies) },
    devDependencies: own(CONSUMER_OWN.devDependencies),
  };
  const packages: Record<string, LockEntry> = { '': manifest as unknown as LockEntry };
  for (const [key, entry] of Object.entries(lock.packages)) if (key !== '' && !entry.dev && !entry.link) packages[key] = entry;
  for (const name of [...CONSUMER_OWN.dependencies, ...CONSUMER_OWN.devDependencies, ...CONSUMER_OWN_TREE]) {
    const { dev: _dev, ...entry } = lock.packages[`node_modules/${name}`] ?? {};
    packages[`node_modules/${name}`] = entry;
  }
  packages['node_modules/dispatch'] = {
    version: String(pkg.version),
    resolved: `file:${tarball.filename}`,
    dependencies: pkg.dependencies,
    peerDependencies: pkg.peerDependencies,
    peerDependenciesMeta: pkg.peerDependenciesMeta,
    bin: pkg.bin,
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  npm(['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
  cpSync(path.join(repo, 'node_modules/better-sqlite3/build'), path.join(dir, 'node_modules/better-sqlite3/build'), { recursive: true });

  return {
    dir,
    tarballFiles: tarball.files.map((f) => f.path),
    tarballBytes: tarball.size,
    run: (command, args, env = {}) => {
      try {
        return execFileSync(command, [...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, NO_COLOR: '1' }, timeout: 120_000 });
      } catch (error) {
        const e = error as { status: number | null; stdout?: string; stderr?: string };
        throw new Error(`${command} ${args.join(' ')} exited ${e.status}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Every file under a folder, relative to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}
