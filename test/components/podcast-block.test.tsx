import { describe, expect, it } from 'vitest';
import { PodcastBlock, createTheme, defaultTheme, type PodcastBlockProps } from '../../components/index.ts';
import { sampleDigest } from '../../fixtures/index.ts';
import { links, normalise, styleOf, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

const podcast: PodcastBlockProps = { ...sampleDigest.podcast!, locale: 'en-CA' };
const { watchUrl, listenUrl, subscribeUrl } = podcast;

describe('PodcastBlock', () => {
  it('shows the episode as an <h2>, the guest, the thumbnail linked to the video, the summary, Watch and Listen buttons and a subscribe link', async () => {
    const { html, $ } = await renderComponent(<PodcastBlock {...podcast} />);
    expect($('h2').text()).toBe('The Political Muslim: Episode 3 - Nokha Dakroub on the Liberal Party Loss in Critical By-Elections');
    expect($('h2').next('p').text()).toBe('With Nokha Dakroub');
    const img = $('img');
    expect(img.attr('alt')).toBe('Nokha Dakroub speaking on The Political Muslim, episode 3');
    expect(img.parent('a').attr('href')).toBe(watchUrl);
    expect(normalise(html)).toMatch(/Our Latest Podcast Episode is out!/);
    expect(links(html).filter((l) => l.label !== '')).toEqual([
      { label: 'youtube channel', href: 'https://www.canadianmuslimpac.ca/podcast/youtube' },
      { label: 'audio podcast', href: 'https://www.canadianmuslimpac.ca/podcast/audio' },
      { label: 'Watch', href: watchUrl },
      { label: 'Listen', href: listenUrl },
      { label: 'Subscribe to The Political Muslim', href: subscribeUrl },
    ]);
  });

  it('scales the thumbnail to the column inside the gutters, keeping its proportions, and keeps a small one at its size', async () => {
    const { $ } = await renderComponent(<PodcastBlock {...podcast} />);
    // 600 × 338 into 552 px: 310.96 → 311.
    expect($('img').attr('width')).toBe('552');
    expect($('img').attr('height')).toBe('311');
    expect(styleOf($('img'))).toMatchObject({ width: '100%', 'max-width': '552px', height: 'auto' });
    const small = await renderComponent(<PodcastBlock {...podcast} image={{ ...podcast.image!, width: 320, height: 180 }} />);
    expect(small.$('img').attr('width')).toBe('320');
    expect(small.$('img').attr('height')).toBe('180');
  });

  it('without a guest or an image: no "With" line, no image and no empty link in their place', async () => {
    const { html, $ } = await renderComponent(<PodcastBlock {...podcast} guest={undefined} image={undefined} />);
    expect($('img')).toHaveLength(0);
    expect(html).not.toContain('With ');
    expect(links(html).filter((l) => l.href === watchUrl).map((l) => l.label)).toEqual(['Watch']);
    expect($('a').toArray().every((a) => normalise($(a).text()) !== '')).toBe(true);
  });

  it('sets the buttons side by side in two cells that stack on phones, the gap after the first: right, left in right-to-left text', async () => {
    const ltr = await renderComponent(<PodcastBlock {...podcast} />);
    const cells = ltr.$('td.dsp-stack');
    expect(cells).toHaveLength(2);
    expect(styleOf(cells.first())).toMatchObject({ width: '50%', 'padding-right': '12px' });
    const rtl = await renderComponent(<PodcastBlock {...podcast} locale="ar" />, { dir: 'rtl' });
    const first = styleOf(rtl.$('td.dsp-stack').first());
    expect(first['padding-left']).toBe('12px');
    expect(first['padding-right']).toBeUndefined();
    expect(links(rtl.html).map((l) => l.label)).toEqual(expect.arrayContaining(['شاهد', 'استمع', 'اشترك في The Political Muslim']));
  });

  it('writes its labels in the issue’s language', async () => {
    const { html, $ } = await renderComponent(<PodcastBlock {...podcast} locale="fr-CA" />);
    expect($('h2').text()).toMatch(/^The Political Muslim : épisode 3 - /);
    expect($('h2').next('p').text()).toBe('Avec Nokha Dakroub');
    expect(links(html).map((l) => l.label)).toEqual(expect.arrayContaining(['Regarder', 'Écouter', 'S’abonner à The Political Muslim']));
  });

  it('takes the heading, guest line and button colours from the theme', async () => {
    const theme = createTheme({ text: '#222222', primary: '#005A9C' });
    const { html, $ } = await renderComponent(<PodcastBlock {...podcast} />, { theme });
    expect(styleOf($('h2'))['color']).toBe('#222222');
    expect(styleOf($('h2').next('p'))['color']).toBe(defaultTheme.colors.muted);
    expect(html.match(/fillcolor="#005A9C"/g)).toHaveLength(2);
  });

  it('lets a title with a long unbroken word wrap in the email column', async () => {
    const { $ } = await renderComponent(<PodcastBlock {...podcast} title={LONG_WORD} />, { inLayout: true });
    expect(wrapsLongWords($, $('h2'))).toBe(true);
  });

  it('escapes markup in the show, title, guest, summary and alt text', async () => {
    const { html, $ } = await renderComponent(<PodcastBlock {...podcast} show={HOSTILE} title={HOSTILE} guest={HOSTILE} summary={HOSTILE} image={{ ...podcast.image!, alt: `"${HOSTILE}` }} />);
    expect($('script')).toHaveLength(0);
    expect($('img')).toHaveLength(1);
    expect($('img').attr('alt')).toBe(`"${HOSTILE}`);
    expect($('h2').text()).toBe(`${HOSTILE}: Episode 3 - ${HOSTILE}`);
    expect(html).not.toContain('<script>');
  });
});
