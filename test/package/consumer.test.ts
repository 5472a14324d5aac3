/**
 * The package as another project gets it: packed, installed from the tarball,
 * and used the four ways its users do (plain Node, TypeScript, a browser bundle,
 * the `dispatch` command), nothing borrowed from this checkout.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type Plugin } from 'vite';
import { createConsumerProject, filesUnder, type ConsumerProject } from '../support/consumer-project.ts';

const TSC = path.resolve('node_modules/typescript/bin/tsc');
const SAMPLE = 'content/issues/2024-09-23-podcast-advocacy-updates.yaml';
/** The example in the README's "Use it in your own project": it must compile as printed. */
const README_EXAMPLE = /## Use it in your own project[\s\S]*?```tsx\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'))?.[1] ?? '';

let project: ConsumerProject;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(project.dir, file)), { recursive: true });
  writeFileSync(path.join(project.dir, file), text);
};

beforeAll(() => {
  project = createConsumerProject();
}, 240_000);
afterAll(() => project?.remove());

describe('the tarball', () => {
  it('holds the build, the README, the licence, the changelog and the starter content, and nothing else', () => {
    const files = project.tarballFiles;
    const outside = files.filter((f) => !f.startsWith('dist/'));
    expect(outside.sort()).toEqual(
      [
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'content/audiences/sample.csv',
        'content/brand.yaml',
        'content/issues/2024-09-23-podcast-advocacy-updates.yaml',
        'package.json',
        'scripts/ensure-tools.sh',
      ].sort(),
    );
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('dist/components/browser-entry.js');
    expect(files).toContain('dist/src/cli/dispatch.js');
    expect(files.filter((f) => /(^|\/)(test|fixtures|stories|\.dispatch|outbox|test-artifacts|bench-results)\/|\.stories\.|\.test\./.test(f))).toEqual([]);
    // Under a megabyte packed: the kit, not its tests, records or screenshots.
    expect(project.tarballBytes).toBeLessThan(1_000_000);
  });
});

describe('plain node', () => {
  it('imports dispatch, loads and renders the sample issue, and renders one component with react-email', () => {
    write(
      'use-it.mjs',
      `import { AdvocacyCard, loadIssue, renderIssue } from 'dispatch';
import { render } from 'react-email';
import { createElement } from 'react';
const issue = loadIssue(${JSON.stringify(SAMPLE)});
const email = await renderIssue(issue, { fallbacks: true });
const card = await render(createElement(AdvocacyCard, { date: '2024-09-23', title: 'Ceasefire now', summary: 'Read **why**.' }));
console.log(JSON.stringify({ subject: email.subject, html: email.html, text: email.text, card }));
`,
    );
    project.run('node', ['-e', `require('node:fs').cpSync(require('node:path').join('node_modules/dispatch/content'), 'content', { recursive: true })`]);
    const out = JSON.parse(project.run('node', ['use-it.mjs'])) as { subject: string; html: string; text: string; card: string };
    expect(out.subject).toBe('Watch New Podcast Episode & Advocacy Updates!');
    expect(out.html).toContain('CMPAC Demands Canadian Gov&#x27;t Condemn the Unlawful Israeli Attacks on Lebanon');
    expect(out.text).toContain('Salaam friend,');
    expect(out.card).toMatch(/<h3[^>]*>Ceasefire now<\/h3>/);
    expect(out.card).toContain('<strong>why</strong>');
  });
});

describe('TypeScript in the consumer', () => {
  const consumerTsx = `import { AdvocacyCard, EmailLayout, loadIssue, renderIssue, type DigestIssue } from 'dispatch';
import { Button, ThemeProvider, defaultTheme, type Card } from 'dispatch/components';

const card: Card = { date: '2024-09-23', title: 'Ceasefire now', summary: 'Read **why**.' };

export function MyEmail({ issue }: { issue: DigestIssue }) {
  return (
    <ThemeProvider theme={defaultTheme}>
      <EmailLayout lang={issue.locale} title={issue.title} preheader={issue.preheader}>
        <AdvocacyCard {...card} />
        <Button href="https://example.org/donate">Donate</Button>
      </EmailLayout>
    </ThemeProvider>
  );
}

export async function htmlOf(file: string): Promise<string> {
  const email = await renderIssue(loadIssue(file));
  // @ts-expect-error: a rendered issue has html, text, subject and preheader, nothing else
  void email.htmlBody;
  return email.html;
}

// @ts-expect-error: a card's date is a string
export const wrongCard: Card = { date: 20240923, title: 'x', summary: 'y' };
`;
  const tsconfig = (resolution: 'NodeNext' | 'Bundler') =>
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: resolution === 'NodeNext' ? 'NodeNext' : 'ESNext',
        moduleResolution: resolution,
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        // As most projects have it (react-email's own types need @types packages it does not declare).
        // The @ts-expect-error lines prove the package's types resolved rather than fell back to any.
        skipLibCheck: true,
        types: ['node'],
      },
      include: ['src'],
    });

  it.each(['NodeNext', 'Bundler'] as const)('a .tsx that composes the components and calls renderIssue, and the README example, type-check under %s', (resolution) => {
    expect(README_EXAMPLE).toContain("from 'dispatch'");
    write('src/readme-example.tsx', README_EXAMPLE);
    write('src/my-email.tsx', consumerTsx);
    write(`tsconfig.${resolution}.json`, tsconfig(resolution));
    expect(() => project.run('node', [TSC, '-p', `tsconfig.${resolution}.json`])).not.toThrow();
  });

  it('a wrong prop is a type error', () => {
    write('src/readme-example.tsx', README_EXAMPLE);
    write('src/my-email.tsx', consumerTsx.replace('<AdvocacyCard {...card} />', '<AdvocacyCard {...card} colour="red" />'));
    write('tsconfig.NodeNext.json', tsconfig('NodeNext'));
    let output = '';
    try {
      project.run('node', [TSC, '-p', 'tsconfig.NodeNext.json']);
    } catch (error) {
      output = (error as Error).message;
    }
    expect(output).toMatch(/src\/my-email\.tsx\(\d+,\d+\): error TS2322:[^\n]*/);
    expect(output).toContain("'colour'");
  });
});

describe('a browser bundle', () => {
  it('Vite builds an entry that imports dispatch/components, with no Node built-in in it, and the bundle renders', async () => {
    write(
      'web/entry.js',
      `import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { AdvocacyCard, ThemeProvider, defaultTheme } from 'dispatch/components';
export const html = renderToStaticMarkup(createElement(ThemeProvider, { theme: defaultTheme }, createElement(AdvocacyCard, { date: '2024-09-23', title: 'Ceasefire now', summary: 'Read **why**.' })));
`,
    );
    const builtins: string[] = [];
    const noNodeBuiltins: Plugin = {
      name: 'record-node-builtins',
      enforce: 'pre',
      resolveId(id, importer) {
        if (id.startsWith('node:') || builtinModules.includes(id.split('/')[0]!)) builtins.push(`${id} (from ${importer})`);
        return null;
      },
    };
    const outDir = path.join(project.dir, 'web/dist');
    await build({
      root: path.join(project.dir, 'web'),
      configFile: false,
      logLevel: 'silent',
      plugins: [noNodeBuiltins],
      define: { 'process.env.NODE_ENV': '"production"' },
      build: { outDir, emptyOutDir: true, minify: false, lib: { entry: path.join(project.dir, 'web/entry.js'), formats: ['es'], fileName: 'bundle' } },
    });
    expect(builtins).toEqual([]);
    const bundle = readdirSync(outDir).find((f) => f.startsWith('bundle'))!;
    const { html } = (await import(pathToFileURL(path.join(outDir, bundle)).href)) as { html: string };
    expect(html).toMatch(/<h3[^>]*>Ceasefire now<\/h3>/);
  }, 120_000);
});

describe('the dispatch command in the project', () => {
  it('init writes a starter content folder; render and send (outbox) work from it', () => {
    const dir = path.join(project.dir, 'newsletter');
    mkdirSync(dir);
    const bin = path.join(project.dir, 'node_modules/.bin/dispatch');
    const run = (args: string[]) => project.run(bin, args);
    const init = run(['init', 'newsletter']);
    expect(init).toContain('content/brand.yaml');
    expect(filesUnder(dir).sort()).toEqual(['content/audiences/sample.csv', 'content/brand.yaml', 'content/issues/2024-09-23-podcast-advocacy-updates.yaml']);

    const inDir = (args: string[]) => project.run('sh', ['-c', `cd newsletter && "$0" "$@" 2>&1`, bin, ...args]);
    inDir(['render', SAMPLE]);
    expect(readFileSync(path.join(dir, 'out/2024-09-23-podcast-advocacy-updates.html'), 'utf8')).toContain('Advocacy Updates');

    const sent = inDir(['send', SAMPLE, '--audience', 'content/audiences/sample.csv']);
    expect(sent).toContain('5 emails written to the outbox');
    const outbox = path.join(dir, 'outbox/2024-09-23-podcast-advocacy-updates');
    expect(readdirSync(outbox).filter((f) => f.endsWith('.eml'))).toHaveLength(5);
    expect(existsSync(path.join(dir, '.dispatch'))).toBe(true);
  });
});
