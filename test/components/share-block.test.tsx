import { describe, expect, it } from 'vitest';
import { ShareBlock, createTheme, type ShareBlockProps } from '../../components/index.ts';
import { brand, sampleDigest } from '../../fixtures/index.ts';
import { links, normalise, styleOf, visibleText, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

const props: ShareBlockProps = {
  ...sampleDigest.share!,
  donateUrl: brand.donateUrl,
  whatsappUrl: brand.whatsappUrl,
  social: brand.social,
  website: brand.website,
  locale: 'en-CA',
};

const lines = ($: Awaited<ReturnType<typeof renderComponent>>['$']) => $('p').toArray().map((p) => normalise($(p).text()));

describe('ShareBlock', () => {
  it('asks readers to spread the word, with donate, WhatsApp, social and website links', async () => {
    const { html, $ } = await renderComponent(<ShareBlock {...props} />);
    expect($('h2').text()).toBe('Grow Our Reach');
    expect(lines($).slice(1)).toEqual([
      'DONATE HERE, to support our work',
      'Join our WHATSAPP COMMUNITY',
      'Follow us on X and Instagram',
      'Visit our website www.canadianmuslimpac.ca for additional resources',
    ]);
    expect(lines($)[0]).toMatch(/^Spread the word about CMPAC's fight/);
    expect(links(html)).toEqual([
      { label: 'DONATE HERE', href: brand.donateUrl },
      { label: 'WHATSAPP COMMUNITY', href: brand.whatsappUrl },
      { label: 'X', href: 'https://x.com/CanMuslimPAC' },
      { label: 'Instagram', href: 'https://www.instagram.com/canadianmuslimpac/' },
      { label: 'www.canadianmuslimpac.ca', href: brand.website },
    ]);
  });

  it('without a WhatsApp community or social profiles: those lines are left out, not left empty', async () => {
    const { html, $ } = await renderComponent(<ShareBlock {...props} whatsappUrl={undefined} social={[]} />);
    expect(visibleText(html)).not.toMatch(/WHATSAPP|Follow us on X/);
    expect(lines($).slice(1)).toEqual(['DONATE HERE, to support our work', 'Visit our website www.canadianmuslimpac.ca for additional resources']);
  });

  it('names the website by its host, whatever the path', async () => {
    const { html } = await renderComponent(<ShareBlock {...props} website="https://cmpac.example/en/home?ref=mail" />);
    expect(links(html).at(-1)).toEqual({ label: 'cmpac.example', href: 'https://cmpac.example/en/home?ref=mail' });
  });

  it('writes its labels in the issue’s language', async () => {
    const fr = await renderComponent(<ShareBlock {...props} locale="fr-CA" />);
    expect(lines(fr.$)).toContain('FAITES UN DON pour soutenir notre travail');
    expect(lines(fr.$)).toContain('Suivez-nous sur X et Instagram');
    const ar = await renderComponent(<ShareBlock {...props} locale="ar" />, { dir: 'rtl' });
    expect(lines(ar.$)).toContain('انضم إلى مجتمعنا على واتساب');
  });

  it('takes the link colour from the theme, bold for the donate and WhatsApp links', async () => {
    const { $ } = await renderComponent(<ShareBlock {...props} />, { theme: createTheme({ primary: '#005A9C' }) });
    for (const a of $('a').toArray()) expect(styleOf($(a))['color']).toBe('#005A9C');
    expect(styleOf($(`a[href="${brand.donateUrl}"]`))['font-weight']).toBe('700');
    expect(styleOf($(`a[href="${brand.whatsappUrl}"]`))['font-weight']).toBe('700');
  });

  it('lets a long unbroken word wrap in the email column', async () => {
    const { $ } = await renderComponent(<ShareBlock {...props} text={`Share ${LONG_WORD}.`} />, { inLayout: true });
    expect(wrapsLongWords($, $('p').filter((_, p) => $(p).text().includes(LONG_WORD)))).toBe(true);
  });

  it('escapes markup in the heading and the text', async () => {
    const { html, $ } = await renderComponent(<ShareBlock {...props} heading={HOSTILE} text={HOSTILE} />);
    expect($('img, script')).toHaveLength(0);
    expect(html).not.toContain('<script>');
    expect($('h2').text()).toBe(HOSTILE);
    expect(lines($)[0]).toBe(HOSTILE);
  });
});
