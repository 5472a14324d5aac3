/**
 * Compiles content/*.yaml into fixtures/generated/content.json, so previews,
 * stories and tests (in Node and in the browser) share the same sample data.
 * Usage: npm run fixtures
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { collectContent } from '../src/content/collect.ts';
import { runCommand } from '../src/cli/run.ts';

runCommand(async () => {
  const content = collectContent('content');
  mkdirSync('fixtures/generated', { recursive: true });
  writeFileSync('fixtures/generated/content.json', `${JSON.stringify(content, null, 2)}\n`);
  const count = Object.keys(content.issues).length + Object.keys(content.fixtures).length;
  console.log(`fixtures/generated/content.json: brand and ${count} issues`);
});
