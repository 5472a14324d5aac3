import { describe, expect, it } from 'vitest';
import { ActionCallout, createTheme, defaultTheme, type ActionCalloutProps } from '../../components/index.ts';
import { sampleActionAlert } from '../../fixtures/index.ts';
import { links, normalise, styleOf, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

const action: ActionCalloutProps = sampleActionAlert.action;
/** The accented panel inside the block. */
const panel = ($: Awaited<ReturnType<typeof renderComponent>>['$']) => $('table.dsp-highlight');

describe('ActionCallout', () => {
  it('shows the heading, the context paragraphs, the one button and the supporting links, in that order', async () => {
    const { html, $ } = await renderComponent(<ActionCallout {...action} />);
    expect($('h2').text()).toBe('Take action');
    const paragraphs = panel($).find('> tbody > tr > td > p').toArray().map((p) => normalise($(p).text()));
    expect(paragraphs[0]).toMatch(/^Parliament debates the arms trade this week\./);
    expect(paragraphs[1]).toMatch(/^Our letter tool finds your MP/);
    expect($('strong').text()).toBe('two-way arms embargo');
    expect(links(html)).toEqual([
      { label: 'Email your MP', href: 'https://www.canadianmuslimpac.ca/act/two-way-arms-embargo' },
      { label: 'Read our brief on Canadian arms exports', href: 'https://www.canadianmuslimpac.ca/statements/arms-exports-brief' },
      { label: "Find your MP's office hours", href: 'https://www.canadianmuslimpac.ca/act/find-your-mp' },
    ]);
    expect(html).toMatch(/<v:roundrect [^>]*href="https:\/\/www\.canadianmuslimpac\.ca\/act\/two-way-arms-embargo"/);
    expect($('table').toArray().every((t) => $(t).attr('role') === 'presentation')).toBe(true);
  });

  it('without a heading or links: no heading and no empty paragraph, only the context and the button', async () => {
    const { html, $ } = await renderComponent(<ActionCallout text={action.text} button={action.button} />);
    expect($('h1, h2, h3')).toHaveLength(0);
    expect(links(html).map((l) => l.label)).toEqual(['Email your MP']);
    expect(panel($).find('p')).toHaveLength(2);
    expect($('p').toArray().every((p) => normalise($(p).text()) !== '')).toBe(true);
  });

  it('draws the accent bar at the start of the line: left, right in right-to-left text', async () => {
    const bar = `4px solid ${defaultTheme.colors.accent}`;
    const ltr = await renderComponent(<ActionCallout {...action} />);
    expect(styleOf(panel(ltr.$))['border-left']).toBe(bar);
    expect(styleOf(panel(ltr.$))['border-right']).toBeUndefined();
    const rtl = await renderComponent(<ActionCallout {...action} />, { dir: 'rtl' });
    expect(styleOf(panel(rtl.$))['border-right']).toBe(bar);
    expect(styleOf(panel(rtl.$))['border-left']).toBeUndefined();
  });

  it('takes the panel’s tint, the bar and the button from the theme', async () => {
    const theme = createTheme({ accent: '#7A1F5C', primary: '#005A9C' });
    const { html, $ } = await renderComponent(<ActionCallout {...action} />, { theme });
    expect(styleOf(panel($))).toMatchObject({ 'background-color': theme.colors.highlight, 'border-left': '4px solid #7A1F5C' });
    expect(panel($).attr('class')).toBe('dsp-highlight dsp-border');
    expect(styleOf($('h2'))['color']).toBe('#7A1F5C');
    expect(html).toContain('fillcolor="#005A9C"');
  });

  it('lets a long unbroken word in the context wrap in the email column', async () => {
    const { $ } = await renderComponent(<ActionCallout {...action} text={`Write to ${LONG_WORD} today.`} />, { inLayout: true });
    const paragraph = $('p').filter((_, p) => $(p).text().includes(LONG_WORD));
    expect(wrapsLongWords($, paragraph)).toBe(true);
  });

  it('escapes markup in the heading, the context, the button and the links', async () => {
    const { html, $ } = await renderComponent(
      <ActionCallout heading={HOSTILE} text={HOSTILE} button={{ label: HOSTILE, url: 'https://a.example/' }} links={[{ label: HOSTILE, url: 'https://b.example/' }]} />,
    );
    expect($('img, script')).toHaveLength(0);
    expect(html).not.toContain('<script>');
    expect($('h2').text()).toBe(HOSTILE);
    expect($('a[href="https://b.example/"]').text()).toBe(HOSTILE);
  });
});
