import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { SocialLinks, createTheme } from '../../components/index.ts';
import { links, normalise, styleOf } from '../support/html.ts';
import { HOSTILE, renderComponent } from '../support/render-component.tsx';

const profiles = [
  { network: 'x', url: 'https://x.com/CanMuslimPAC' },
  { network: 'instagram', url: 'https://www.instagram.com/canadianmuslimpac/' },
  { network: 'youtube', url: 'https://www.youtube.com/@canadianmuslimpac' },
] as const;

/** The component inside the paragraph it is written for. */
const sentence = async (node: ReactNode, options?: Parameters<typeof renderComponent>[1]) => {
  const { html, $ } = await renderComponent(<p>Follow us on {node}</p>, options);
  return { html, $, text: normalise($('p').text()) };
};

describe('SocialLinks', () => {
  it('links each network by its name, joined the way the locale writes a list', async () => {
    const { html, text } = await sentence(<SocialLinks profiles={profiles} />);
    expect(text).toBe('Follow us on X, Instagram and YouTube');
    expect(links(html)).toEqual([
      { label: 'X', href: 'https://x.com/CanMuslimPAC' },
      { label: 'Instagram', href: 'https://www.instagram.com/canadianmuslimpac/' },
      { label: 'YouTube', href: 'https://www.youtube.com/@canadianmuslimpac' },
    ]);
    expect((await sentence(<SocialLinks profiles={profiles.slice(0, 2)} />)).text).toBe('Follow us on X and Instagram');
  });

  it('in French and Arabic, the link text stays the network’s name', async () => {
    expect((await sentence(<SocialLinks profiles={profiles.slice(0, 2)} locale="fr-CA" />)).text).toBe('Follow us on X et Instagram');
    const ar = await sentence(<SocialLinks profiles={profiles.slice(0, 2)} locale="ar" />, { dir: 'rtl' });
    expect(ar.text).toBe('Follow us on X وInstagram');
    expect(links(ar.html).map((l) => l.label)).toEqual(['X', 'Instagram']);
  });

  it('uses a profile’s own label when it has one', async () => {
    const { html } = await sentence(<SocialLinks profiles={[{ network: 'x', url: 'https://x.com/CanMuslimPAC', label: 'X (Twitter)' }]} />);
    expect(links(html)).toEqual([{ label: 'X (Twitter)', href: 'https://x.com/CanMuslimPAC' }]);
  });

  it('writes nothing at all for no profiles', async () => {
    const { $ } = await renderComponent(<div id="host"><SocialLinks profiles={[]} /></div>);
    expect($('#host').html()).toBe('');
  });

  it('colours its links with the theme’s link colour', async () => {
    const { $ } = await sentence(<SocialLinks profiles={profiles} />, { theme: createTheme({ primary: '#005A9C' }) });
    for (const a of $('a').toArray()) expect(styleOf($(a))).toEqual({ color: '#005A9C' });
  });

  it('escapes markup in a label and quotes in a link', async () => {
    const { html, $ } = await sentence(<SocialLinks profiles={[{ network: 'x', url: 'https://x.com/a"onmouseover="alert(1)', label: HOSTILE }]} />);
    expect($('img, script')).toHaveLength(0);
    expect($('a').attr('onmouseover')).toBeUndefined();
    expect($('a').attr('href')).toBe('https://x.com/a"onmouseover="alert(1)');
    expect($('a').text()).toBe(HOSTILE);
    expect(html).not.toContain('<script>');
  });
});
