import { describe, expect, it } from 'vitest';
import * as dispatch from '../src/index.ts';

describe('package entry', () => {
  it('exports the components, schema, loader, renderer and token verifier', async () => {
    for (const name of ['Button', 'Header', 'PodcastBlock', 'SectionHeading', 'AdvocacyCard', 'DonateAppeal', 'ShareBlock', 'KeepReading', 'DonateFooter', 'EmailLayout', 'defaultTheme', 'issueSchema', 'brandSchema', 'loadIssue', 'renderIssue', 'verifyUnsubscribeToken']) {
      expect(dispatch, name).toHaveProperty(name);
    }
    const issue = dispatch.loadIssue('content/issues/2024-09-23-podcast-advocacy-updates.yaml');
    const rendered = await dispatch.renderIssue(issue, { recipient: { first_name: 'Omar' } });
    expect(rendered.subject).toBe('Watch New Podcast Episode & Advocacy Updates!');
    expect(rendered.text).toContain('Salaam Omar,');
  });
});
