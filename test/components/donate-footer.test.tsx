import { describe, expect, it } from 'vitest';
import { DonateFooter, createTheme, defaultTheme, type DonateFooterProps } from '../../components/index.ts';
import { brand } from '../../fixtures/index.ts';
import { links, normalise, styleOf, visibleText } from '../support/html.ts';
import { HOSTILE, renderComponent } from '../support/render-component.tsx';

const props: DonateFooterProps = {
  organizationName: brand.name,
  shortName: brand.shortName,
  mailingAddress: brand.mailingAddress,
  contactEmail: brand.contactEmail,
  website: brand.website,
  postsUrl: brand.postsUrl,
  subscribeUrl: brand.subscribeUrl,
  donateUrl: brand.donateUrl,
  unsubscribeUrl: 'https://www.canadianmuslimpac.ca/newsletter/unsubscribe?token=abc',
  privacyUrl: brand.privacyUrl,
  termsUrl: brand.termsUrl,
  year: 2024,
  social: brand.social,
  locale: 'en-CA',
};

/** Each paragraph's text as read, a line break reading as a space. */
const lines = ($: Awaited<ReturnType<typeof renderComponent>>['$']) =>
  $('p')
    .toArray()
    .map((p) => normalise($(p).clone().find('br').replaceWith(' ').end().text()));

describe('DonateFooter', () => {
  it('has what the anti-spam law asks for: who sends, why you get it, the postal address, a contact and a way to unsubscribe', async () => {
    const { html, $ } = await renderComponent(<DonateFooter {...props} />);
    expect(lines($)).toEqual([
      'Home · Posts · Subscribe · Donate',
      'Follow us on X and Instagram',
      'You are receiving this email because you subscribed to updates from Canadian Muslim Public Affairs Council.',
      'Canadian Muslim Public Affairs Council PO Box 41023, RPO Meadowvale Mississauga, ON L5N 0A4 Canada',
      'Contact us: info@canadianmuslimpac.ca',
      'Unsubscribe · Privacy Policy · Terms of Use',
      '© 2024 CMPAC.',
    ]);
    expect(links(html)).toEqual([
      { label: 'Home', href: brand.website },
      { label: 'Posts', href: brand.postsUrl },
      { label: 'Subscribe', href: brand.subscribeUrl },
      { label: 'Donate', href: brand.donateUrl },
      { label: 'X', href: 'https://x.com/CanMuslimPAC' },
      { label: 'Instagram', href: 'https://www.instagram.com/canadianmuslimpac/' },
      { label: 'info@canadianmuslimpac.ca', href: 'mailto:info@canadianmuslimpac.ca' },
      { label: 'Unsubscribe', href: props.unsubscribeUrl },
      { label: 'Privacy Policy', href: brand.privacyUrl },
      { label: 'Terms of Use', href: brand.termsUrl },
    ]);
  });

  it('writes the address one line per line, without a blank line from a trailing newline', async () => {
    const { $ } = await renderComponent(<DonateFooter {...props} mailingAddress={'\n  PO Box 1\nToronto, ON\n\n'} />);
    const address = $('p').filter((_, p) => $(p).text().includes('PO Box 1'));
    expect(address.find('br')).toHaveLength(1);
    expect(address.html()).toBe('PO Box 1<br>Toronto, ON');
  });

  it('without social profiles: no "Follow us on" line', async () => {
    const { html, $ } = await renderComponent(<DonateFooter {...props} social={[]} />);
    expect(visibleText(html)).not.toContain('Follow us');
    expect($('p')).toHaveLength(6);
    const { $: omitted } = await renderComponent(<DonateFooter {...props} social={undefined} />);
    expect(omitted('p')).toHaveLength(6);
  });

  it('writes its labels in the issue’s language', async () => {
    const fr = await renderComponent(<DonateFooter {...props} locale="fr-CA" />);
    expect(lines(fr.$)).toContain('Accueil · Publications · S’abonner · Faire un don');
    expect(lines(fr.$)).toContain('Suivez-nous sur X et Instagram');
    expect(lines(fr.$)).toContain('Se désabonner · Politique de confidentialité · Conditions d’utilisation');
    const ar = await renderComponent(<DonateFooter {...props} locale="ar" />, { dir: 'rtl' });
    expect(lines(ar.$)[0]).toBe('الرئيسية · المنشورات · اشترك · تبرّع');
    expect(lines(ar.$)).toContain('اتصل بنا: info@canadianmuslimpac.ca');
  });

  it('centres small text in the muted colour under a rule, with links in the link colour, all from the theme', async () => {
    const theme = createTheme({ primary: '#005A9C' });
    const { $ } = await renderComponent(<DonateFooter {...props} />, { theme: { ...theme, colors: { ...theme.colors, muted: '#444444', border: '#CCCCCC' } } });
    for (const p of $('p').toArray()) {
      expect(styleOf($(p))).toMatchObject({ color: '#444444', 'font-size': `${defaultTheme.fontSizes.small}px`, 'text-align': 'center' });
      expect($(p).attr('class')).toBe('dsp-muted');
    }
    for (const a of $('a').toArray()) expect(styleOf($(a))['color']).toBe('#005A9C');
    expect(styleOf($('table.dsp-border'))['border-top']).toBe('1px solid #CCCCCC');
  });

  it('escapes markup in the names and the address', async () => {
    const { html, $ } = await renderComponent(<DonateFooter {...props} organizationName={HOSTILE} shortName={HOSTILE} mailingAddress={`${HOSTILE}\nLine 2`} />);
    expect($('img, script')).toHaveLength(0);
    expect(html).not.toContain('<script>');
    expect(lines($)).toContain(`© 2024 ${HOSTILE}.`);
    expect(lines($)).toContain(`${HOSTILE} Line 2`);
  });
});
