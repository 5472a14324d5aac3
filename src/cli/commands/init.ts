/**
 * `dispatch init [DIR]`: a starter content/ folder, copied from the package's
 * own sample: the brand (with the fields an organisation must fill marked),
 * the sample issue and the sample audience. It never overwrites a file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, parseDocument, Scalar, type Document, type Pair, type YAMLMap } from 'yaml';
import { DispatchError, EXIT } from '../../errors/errors.ts';
import { defineCommand } from '../command.ts';
import { packageRoot } from '../package-root.ts';
import { DEFAULT_BRAND_PATH } from '../paths.ts';

const SAMPLE_ISSUE = 'content/issues/2024-09-23-podcast-advocacy-updates.yaml';
const SAMPLE_AUDIENCE = 'content/audiences/sample.csv';

/**
 * What each brand field needs from the organisation, by path. The values stay
 * the sample's (so the brand validates and the first send works); the comments
 * say what to replace. A path the brand file does not have is skipped.
 */
export const BRAND_FILL_IN: ReadonlyArray<readonly [readonly string[], string]> = [
  [['name'], 'your legal name (shown in the footer)'],
  [['shortName'], 'a short form of your name'],
  [['newsletterName'], "your newsletter's name"],
  [['website'], 'your website'],
  [['logo'], 'your logo: an https:// image, its alt text, width and height'],
  [['mailingAddress'], 'your postal address (CASL requires one in every message)'],
  [['contactEmail'], 'the address readers can write to'],
  [['donateUrl'], 'your donation page'],
  [['whatsappUrl'], 'your WhatsApp community, or remove the line'],
  [['postsUrl'], 'where your posts are listed'],
  [['subscribeUrl'], 'your sign-up page'],
  [['privacyUrl'], 'your privacy policy'],
  [['termsUrl'], 'your terms of use'],
  [['social'], 'your social profiles'],
  [['from'], 'your sender, "Name <address>", on a domain verified in Resend'],
  [['replyTo'], 'where replies go'],
  [['unsubscribe', 'url'], 'your unsubscribe page, keeping {{token}} (dispatch serve answers it)'],
  [['unsubscribe', 'mailto'], 'the address that takes unsubscribe requests'],
  [['archiveUrl'], 'where your web archive is published'],
  [['utm', 'domains'], 'your own domains, whose links get UTM tags'],
];

const FILL_IN = 'fill in:';

function pairAt(doc: Document, keys: readonly string[]): Pair | undefined {
  let map: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const key of keys) {
    if (!isMap(map)) return undefined;
    pair = (map as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === key);
    map = pair?.value;
  }
  return pair;
}

/**
 * The package's brand file with a `# fill in: …` comment on every field an
 * organisation must replace: after a one-line value, above a block.
 */
export function annotatedBrand(source: string): string {
  const doc = parseDocument(source);
  for (const [keys, what] of BRAND_FILL_IN) {
    const pair = pairAt(doc, keys);
    if (!pair || !isScalar(pair.key)) continue;
    const comment = ` ${FILL_IN} ${what}`;
    const value = pair.value;
    const oneLine = isScalar(value) && value.type !== Scalar.BLOCK_LITERAL && value.type !== Scalar.BLOCK_FOLDED;
    if (oneLine) value.comment = comment;
    else pair.key.commentBefore = pair.key.commentBefore ? `${pair.key.commentBefore}\n${comment}` : comment;
  }
  const intro = [
    ' Written by dispatch init from the sample organisation (CMPAC). It validates as it is, so the',
    ` sample sends to the outbox at once; replace every value marked "${FILL_IN}" with your own before`,
    ' sending for real (dispatch check shows what still looks wrong).',
  ].join('\n');
  doc.commentBefore = doc.commentBefore ? `${intro}\n\n${doc.commentBefore}` : intro;
  return doc.toString();
}

export const init = defineCommand({
  name: 'init',
  summary: 'write a starter content/ folder: brand, sample issue, sample audience',
  usage: '[DIR]',
  description:
    `Writes ${DEFAULT_BRAND_PATH} (the fields to fill in marked with comments), ${SAMPLE_ISSUE} and ${SAMPLE_AUDIENCE} into DIR (default: the current folder). ` +
    'It overwrites nothing: if any of them exists, it writes none.',
  arguments: [{ name: 'dir', what: 'the folder', optional: true }],
  options: {},
  exitCodes: [
    [EXIT.ok, 'the three files written'],
    [EXIT.usage, 'a file is already there, or DIR cannot be written (nothing written)'],
  ],
  async run({ args }) {
    const dir = args.dir ?? '.';
    const root = packageRoot();
    const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
    const files: ReadonlyArray<readonly [string, string]> = [
      [DEFAULT_BRAND_PATH, annotatedBrand(read(DEFAULT_BRAND_PATH))],
      [SAMPLE_ISSUE, read(SAMPLE_ISSUE)],
      [SAMPLE_AUDIENCE, read(SAMPLE_AUDIENCE)],
    ];
    const shown = (file: string) => path.relative(process.cwd(), path.join(dir, file)) || file;
    // Every target is checked before the first is written, so a refusal leaves the folder as it was.
    const existing = files.find(([file]) => existsSync(path.join(dir, file)));
    if (existing) throw new DispatchError(`${shown(existing[0])} already exists; init overwrites nothing`, { hint: 'move it away, or run dispatch init in another folder' });
    for (const [file, text] of files) {
      const target = path.join(dir, file);
      try {
        mkdirSync(path.dirname(target), { recursive: true });
        // 'wx': fail rather than overwrite, should a file appear since the check.
        writeFileSync(target, text, { flag: 'wx' });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new DispatchError(`cannot write ${shown(file)} (${code ?? (error as Error).message})`, { hint: 'choose a folder you can write to', cause: error });
      }
      console.log(`wrote ${shown(file)}`);
    }
    const cd = path.resolve(dir) === process.cwd() ? '' : `cd ${dir} && `;
    console.log(`\nNext, send the sample to the outbox (one .eml per subscriber, nothing leaves the machine):`);
    console.log(`  ${cd}dispatch send ${SAMPLE_ISSUE} --audience ${SAMPLE_AUDIENCE}`);
    console.log(`Then replace the values marked "${FILL_IN}" in ${shown(DEFAULT_BRAND_PATH)} with your organisation's.`);
  },
});
