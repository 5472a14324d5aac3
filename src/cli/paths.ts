/**
 * Where commands find their files: relative to the current directory, the way
 * a user runs them from their newsletter's folder. The campaign record's path
 * is resolved by src/store/db.ts (resolveDbPath); the brand's here.
 */
import { existsSync } from 'node:fs';
import { DispatchError } from '../errors/errors.ts';
import type { OptionSpec } from './command.ts';

/** The brand file when neither `--brand` nor DISPATCH_BRAND names one. */
export const DEFAULT_BRAND_PATH = 'content/brand.yaml';

/** The `--brand` option every command that reads the brand takes. */
export const BRAND_OPTION = {
  type: 'string',
  value: 'FILE',
  description: `the organisation's brand file (default: $DISPATCH_BRAND, else ${DEFAULT_BRAND_PATH})`,
} as const satisfies OptionSpec;

/**
 * `--brand`, else DISPATCH_BRAND, else `./content/brand.yaml`; the one brand
 * resolver of every command. A missing file is a usage error saying how to get one.
 */
export function resolveBrandPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = flag || env.DISPATCH_BRAND || DEFAULT_BRAND_PATH;
  if (!existsSync(file)) {
    const from = flag ? 'named by --brand; ' : env.DISPATCH_BRAND ? 'named by DISPATCH_BRAND; ' : '';
    throw new DispatchError(`${file}: brand file not found`, { hint: `${from}run dispatch init, or pass --brand FILE` });
  }
  return file;
}
