/**
 * Finding the package's own folder from a module inside it, so the CLI works
 * the same from source (src/cli/, run by tsx) and compiled (dist/src/cli/, in
 * an installed tarball): walk up to the nearest package.json named "dispatch".
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type PackageJson = Readonly<{ name?: string; version?: string }>;

const PACKAGE_NAME = 'dispatch';

function readPackageJson(file: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The folder holding Dispatch's package.json, found from `from` (default: this module) upwards. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (;;) {
    const file = path.join(dir, 'package.json');
    // Another package.json on the way (a workspace, an app that installed us) is not ours: keep going.
    if (existsSync(file) && readPackageJson(file)?.name === PACKAGE_NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json named "${PACKAGE_NAME}" above ${from}`);
    dir = parent;
  }
}

/** The package's version, from its package.json. */
export function packageVersion(root: string = packageRoot()): string {
  return readPackageJson(path.join(root, 'package.json'))?.version ?? 'unknown';
}
