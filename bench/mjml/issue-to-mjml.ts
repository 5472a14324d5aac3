/**
 * The contender: the same digest issue written in MJML 5, as a team that picked
 * MJML would write it. A function from the issue data (the same content file)
 * to MJML markup; `mjml2html` turns it into HTML. Reasonably faithful to the
 * project's template: header, greeting, podcast with image and two buttons,
 * sections of cards with a button each, the appeal, "Grow our reach", keep
 * reading and the legal footer, with the same colours, sizes and spacing.
 * Only the digest template is written: it is the one the benchmark renders.
 */
import mjml2html from 'mjml';
import type { Token } from 'marked';
import { formatDate, messagesFor, NETWORK_NAMES, textDirection } from '../../components/locale/index.ts';
import { defaultTheme } from '../../components/theme/index.ts';
import { unsubscribeMergeField, copyrightYear } from '../../src/content/brand.ts';
import { lexInline, type Brand, type DigestIssue } from '../../src/content/content-schema.ts';

const t = defaultTheme;
const c = t.colors;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (value: string) => value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

function inline(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'strong':
          return `<strong>${inline(token.tokens ?? [])}</strong>`;
        case 'em':
          return `<em>${inline(token.tokens ?? [])}</em>`;
        case 'link':
          return `<a href="${esc(token.href)}" style="color:${c.link}">${inline(token.tokens ?? [])}</a>`;
        case 'text':
          return 'tokens' in token && token.tokens ? inline(token.tokens) : token.text; // marked has escaped it
        case 'escape':
        case 'codespan':
          return token.text;
        default:
          return esc(token.raw);
      }
    })
    .join('');
}

/** Inline Markdown as paragraphs of `mj-text`. */
function paragraphs(markdown: string, attributes = ''): string {
  return markdown
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .map((p) => `<mj-text${attributes}>${inline(lexInline(p))}</mj-text>`)
    .join('\n');
}

const button = (href: string, label: string, primary = true) =>
  primary
    ? `<mj-button href="${esc(href)}">${esc(label)}</mj-button>`
    : `<mj-button href="${esc(href)}" background-color="${c.surface}" color="${c.link}" border="1px solid ${c.link}">${esc(label)}</mj-button>`;

const link = (href: string, label: string, extra = '') => `<a href="${esc(href)}" style="color:${c.link}${extra}">${esc(label)}</a>`;

/** The digest issue as MJML markup. */
export function issueToMjml(issue: DigestIssue, brand: Brand): string {
  const m = messagesFor(issue.locale);
  const dir = textDirection(issue.locale);
  const social = brand.social
    .map((p) => link(p.url, p.label ?? NETWORK_NAMES[p.network]))
    .join(', ');
  const podcast = issue.podcast;
  const cards = issue.sections
    .map(
      (section) => `
    <mj-section padding="24px 24px 0">
      <mj-column>
        <mj-text color="${c.accent}" font-size="${t.fontSizes.h3}px" font-weight="700" letter-spacing="0.06em" text-transform="uppercase" line-height="1.25" padding="0 0 16px"><h2 style="margin:0;font-size:inherit">${esc(section.heading)}</h2></mj-text>
        ${section.cards
          .map(
            (card, index) => `
        ${index > 0 ? `<mj-divider border-width="1px" border-color="${c.border}" padding="24px 0" />` : ''}
        <mj-text color="${c.heading}" font-size="${t.fontSizes.h3}px" font-weight="700" line-height="1.25" padding="0 0 8px"><h3 style="margin:0;font-size:inherit">${esc(card.title)}</h3></mj-text>
        <mj-text color="${c.muted}" font-size="${t.fontSizes.small}px" padding="0 0 12px">${esc(formatDate(card.date, issue.locale))}</mj-text>
        ${paragraphs(card.summary)}
        ${card.link ? button(card.link.url, card.link.label, false) : ''}`,
          )
          .join('')}
      </mj-column>
    </mj-section>`,
    )
    .join('');

  return `<mjml lang="${esc(issue.locale)}" dir="${dir}">
  <mj-head>
    <mj-title>${esc(issue.subject)}</mj-title>
    <mj-preview>${esc(issue.preheader)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${esc(t.fonts.body)}" />
      <mj-text color="${c.text}" font-size="${t.fontSizes.body}px" line-height="${t.lineHeights.body}" padding="0 0 16px" />
      <mj-button background-color="${c.buttonBackground}" color="${c.buttonText}" font-size="${t.fontSizes.body}px" font-weight="700" border-radius="${t.radii.button}px" inner-padding="12px 24px" padding="0 0 8px" align="left" />
      <mj-section background-color="${c.surface}" padding="24px 24px 0" />
      <mj-column padding="0" />
    </mj-attributes>
    <mj-style>
      @media (prefers-color-scheme: dark) { .dark-bg { background-color: ${t.dark.surface} !important } }
    </mj-style>
  </mj-head>
  <mj-body background-color="${c.canvas}" width="${t.widths.content}px">
    <mj-section>
      <mj-column>
        ${issue.webUrl ? `<mj-text align="right" font-size="${t.fontSizes.small}px">${link(issue.webUrl, m.viewInBrowser)}</mj-text>` : ''}
        <mj-image src="${esc(brand.logo.src)}" alt="${esc(brand.logo.alt)}" width="${Math.min(brand.logo.width, t.widths.logo)}px" href="${esc(brand.website)}" align="left" padding="0" />
        <mj-text color="${c.accent}" font-size="${t.fontSizes.small}px" font-weight="700" text-transform="uppercase" letter-spacing="0.04em" padding="24px 0 0">${esc(brand.newsletterName)}</mj-text>
        <mj-text color="${c.heading}" font-size="${t.fontSizes.h1}px" line-height="1.25" padding="8px 0"><h1 style="margin:0;font-size:inherit">${esc(issue.title)}</h1></mj-text>
        <mj-text color="${c.muted}" font-size="${t.fontSizes.small}px" padding="0">${esc(formatDate(issue.date, issue.locale))}</mj-text>
      </mj-column>
    </mj-section>
    ${issue.greeting ? `<mj-section><mj-column><mj-text padding="0">${esc(issue.greeting)}</mj-text></mj-column></mj-section>` : ''}
    ${
      podcast
        ? `<mj-section>
      <mj-column>
        <mj-text color="${c.heading}" font-size="${t.fontSizes.h2}px" font-weight="700" line-height="1.25" padding="0 0 8px"><h2 style="margin:0;font-size:inherit">${esc(m.episode(podcast.show, podcast.episode, podcast.title))}</h2></mj-text>
        ${podcast.guest ? `<mj-text color="${c.muted}" font-size="${t.fontSizes.small}px">${esc(m.withGuest(podcast.guest))}</mj-text>` : ''}
        ${podcast.image ? `<mj-image src="${esc(podcast.image.src)}" alt="${esc(podcast.image.alt)}" href="${esc(podcast.watchUrl)}" border-radius="${t.radii.card}px" padding="0 0 16px" />` : ''}
        ${paragraphs(podcast.summary)}
      </mj-column>
    </mj-section>
    <mj-section padding="0 24px">
      <mj-group>
        <mj-column>${button(podcast.watchUrl, m.watch)}</mj-column>
        <mj-column>${button(podcast.listenUrl, m.listen)}</mj-column>
      </mj-group>
    </mj-section>
    <mj-section padding="0 24px">
      <mj-column><mj-text font-size="${t.fontSizes.small}px" padding="8px 0 0">${link(podcast.subscribeUrl, m.subscribeTo(podcast.show))}</mj-text></mj-column>
    </mj-section>`
        : ''
    }
    ${cards}
    ${
      issue.appeal
        ? `<mj-section>
      <mj-column background-color="${c.highlight}" border-radius="${t.radii.card}px" padding="24px" css-class="dark-bg">
        ${issue.appeal.heading ? `<mj-text color="${c.heading}" font-size="${t.fontSizes.h2}px" font-weight="700"><h2 style="margin:0;font-size:inherit">${esc(issue.appeal.heading)}</h2></mj-text>` : ''}
        ${paragraphs(issue.appeal.text)}
        ${button(issue.appeal.button.url, issue.appeal.button.label)}
      </mj-column>
    </mj-section>`
        : ''
    }
    ${
      issue.share
        ? `<mj-section>
      <mj-column>
        <mj-text color="${c.heading}" font-size="${t.fontSizes.h2}px" font-weight="700" line-height="1.25"><h2 style="margin:0;font-size:inherit">${esc(issue.share.heading)}</h2></mj-text>
        ${paragraphs(issue.share.text)}
        <mj-text padding="0 0 8px">${link(brand.donateUrl, m.shareDonate[0], ';font-weight:700')}${esc(m.shareDonate[1])}</mj-text>
        ${brand.whatsappUrl ? `<mj-text padding="0 0 8px">${esc(m.shareWhatsapp[0])} ${link(brand.whatsappUrl, m.shareWhatsapp[1], ';font-weight:700')}</mj-text>` : ''}
        ${social ? `<mj-text padding="0 0 8px">${esc(m.followUsOn)} ${social}</mj-text>` : ''}
        <mj-text padding="0 0 8px">${esc(m.visitWebsite[0])}${link(brand.website, new URL(brand.website).host)}${esc(m.visitWebsite[1])}</mj-text>
      </mj-column>
    </mj-section>`
        : ''
    }
    ${
      issue.keepReading
        ? `<mj-section>
      <mj-column>
        <mj-divider border-width="1px" border-color="${c.border}" padding="0 0 24px" />
        <mj-text color="${c.heading}" font-size="${t.fontSizes.h2}px" font-weight="700" line-height="1.25"><h2 style="margin:0;font-size:inherit">${esc(issue.keepReading.heading ?? m.keepReading)}</h2></mj-text>
        ${issue.keepReading.posts.map((post) => `<mj-text font-weight="700">${link(post.url, post.title, ';text-decoration:none')}</mj-text>`).join('\n')}
        <mj-text padding="0">${link(issue.keepReading.moreUrl, `${m.viewMore} ›`, ';font-weight:700')}</mj-text>
      </mj-column>
    </mj-section>`
        : ''
    }
    <mj-section padding="24px 24px 32px">
      <mj-column>
        <mj-divider border-width="1px" border-color="${c.border}" padding="0 0 24px" />
        <mj-text align="center" color="${c.muted}" font-size="${t.fontSizes.small}px" padding="0 0 8px">${[
          link(brand.website, m.home),
          link(brand.postsUrl, m.posts),
          link(brand.subscribeUrl, m.subscribe),
          link(brand.donateUrl, m.donate),
        ].join(' · ')}</mj-text>
        ${social ? `<mj-text align="center" color="${c.muted}" font-size="${t.fontSizes.small}px" padding="0 0 8px">${esc(m.followUsOn)} ${social}</mj-text>` : ''}
        <mj-text align="center" color="${c.muted}" font-size="${t.fontSizes.small}px" padding="16px 0 8px">${esc(m.whyReceiving(brand.name))}</mj-text>
        <mj-text align="center" color="${c.muted}" font-size="${t.fontSizes.small}px" padding="0 0 8px">${brand.mailingAddress.trim().split('\n').map(esc).join('<br/>')}</mj-text>
        <mj-text align="center" color="${c.muted}" font-size="${t.fontSizes.small}px" padding="0 0 8px">${esc(m.contact)}: ${link(`mailto:${brand.contactEmail}`, brand.contactEmail)}</mj-text>
        <mj-text align="center" color="${c.muted}" font-size="${t.fontSizes.small}px" padding="16px 0 8px">${[
          link(unsubscribeMergeField(brand), m.unsubscribe),
          link(brand.privacyUrl, m.privacy),
          link(brand.termsUrl, m.terms),
        ].join(' · ')}</mj-text>
        <mj-text align="center" color="${c.muted}" font-size="${t.fontSizes.small}px" padding="0">© ${copyrightYear(issue.date)} ${esc(brand.shortName)}.</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

export type MjmlRendered = Readonly<{ html: string; errors: number }>;

/** Markup to HTML with MJML 5's defaults (soft validation, no minification, no beautifying). */
export async function renderMjml(issue: DigestIssue, brand: Brand): Promise<MjmlRendered> {
  const result = await mjml2html(issueToMjml(issue, brand));
  return { html: result.html, errors: result.errors.length };
}
