import { describe, expect, it } from 'vitest';
import { KeepReading, createTheme, defaultTheme, type KeepReadingProps } from '../../components/index.ts';
import { sampleDigest } from '../../fixtures/index.ts';
import { links, styleOf, wrapsLongWords } from '../support/html.ts';
import { HOSTILE, LONG_WORD, renderComponent } from '../support/render-component.tsx';

const props: KeepReadingProps = sampleDigest.keepReading!;
const withImage = { title: 'Post with an image', url: 'https://www.canadianmuslimpac.ca/newsletter/a', image: { src: 'https://www.canadianmuslimpac.ca/images/post-a.jpg', alt: 'Volunteers at a community iftar', width: 300, height: 200 } };

describe('KeepReading', () => {
  it('lists each post as a linked bold title under "Keep reading", then "View more"', async () => {
    const { html, $ } = await renderComponent(<KeepReading {...props} />);
    expect($('h2').text()).toBe('Keep reading');
    expect(links(html)).toEqual([
      ...props.posts.map((post) => ({ label: post.title, href: post.url })),
      { label: 'View more ›', href: 'https://www.canadianmuslimpac.ca/newsletter/posts' },
    ]);
    const title = $(`a[href="${props.posts[0]!.url}"]`);
    expect(styleOf(title.parent('p'))['font-weight']).toBe('700');
    expect($('table').toArray().every((t) => $(t).attr('role') === 'presentation')).toBe(true);
  });

  it('takes a heading of its own', async () => {
    const { $ } = await renderComponent(<KeepReading {...props} heading="More from CMPAC" />);
    expect($('h2').text()).toBe('More from CMPAC');
  });

  it('a post without an image has no thumbnail cell; one with an image shows it linked, with its alt text, at thumbnail size', async () => {
    const plain = await renderComponent(<KeepReading {...props} />);
    expect(plain.$('img')).toHaveLength(0);
    for (const row of plain.$('tr').has('a').toArray()) expect(plain.$(row).children('td').length).toBeLessThanOrEqual(1);
    const { $ } = await renderComponent(<KeepReading {...props} posts={[withImage, ...props.posts]} />);
    const img = $('img');
    expect(img).toHaveLength(1);
    expect(img.attr('alt')).toBe('Volunteers at a community iftar');
    expect(img.attr('width')).toBe(String(defaultTheme.widths.thumbnail));
    expect(img.attr('height')).toBe('64');
    expect(img.parent('a').attr('href')).toBe(withImage.url);
    expect(img.closest('tr').children('td')).toHaveLength(2);
  });

  it('keeps the gap between thumbnail and title at the end of the thumbnail: right, left in right-to-left text', async () => {
    const ltr = await renderComponent(<KeepReading {...props} posts={[withImage]} />);
    const ltrCell = styleOf(ltr.$('img').closest('td'));
    expect(ltrCell['padding-right']).toBe('16px');
    expect(ltrCell['padding-left']).toBeUndefined();
    const rtl = await renderComponent(<KeepReading {...props} posts={[withImage]} locale="ar" />, { dir: 'rtl' });
    const rtlCell = styleOf(rtl.$('img').closest('td'));
    expect(rtlCell['padding-left']).toBe('16px');
    expect(rtlCell['padding-right']).toBeUndefined();
    expect(rtl.$('h2').text()).toBe('تابع القراءة');
    expect(rtl.$('a').last().text()).toBe('عرض المزيد ›');
  });

  it('writes its labels in the issue’s language', async () => {
    const { $ } = await renderComponent(<KeepReading {...props} locale="fr-CA" />);
    expect($('h2').text()).toBe('À lire aussi');
    expect($('a').last().text()).toBe('Voir plus ›');
  });

  it('takes the link colour and the rule from the theme', async () => {
    const theme = createTheme({ primary: '#005A9C' });
    const { $ } = await renderComponent(<KeepReading {...props} />, { theme: { ...theme, colors: { ...theme.colors, border: '#CCCCCC' } } });
    for (const a of $('a').toArray()) expect(styleOf($(a))['color']).toBe('#005A9C');
    expect(styleOf($('table.dsp-border'))['border-top']).toBe('1px solid #CCCCCC');
  });

  it('lets a title with a long unbroken word wrap in the email column', async () => {
    const { $ } = await renderComponent(<KeepReading {...props} posts={[{ title: `Recap: ${LONG_WORD}`, url: 'https://a.example/long' }]} />, { inLayout: true });
    expect(wrapsLongWords($, $('a[href="https://a.example/long"]'))).toBe(true);
  });

  it('escapes markup in titles, the heading and alt text', async () => {
    const { html, $ } = await renderComponent(<KeepReading {...props} heading={HOSTILE} posts={[{ ...withImage, title: HOSTILE, image: { ...withImage.image, alt: `"${HOSTILE}` } }]} />);
    expect($('script')).toHaveLength(0);
    expect($('img')).toHaveLength(1);
    expect($('img').attr('alt')).toBe(`"${HOSTILE}`);
    expect($('h2').text()).toBe(HOSTILE);
    expect($(`p > a[href="${withImage.url}"]`).text()).toBe(HOSTILE);
    expect(html).not.toContain('<script>');
  });
});
