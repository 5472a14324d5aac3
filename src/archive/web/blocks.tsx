/**
 * The blocks as web HTML: the same content types and messages as the
 * email components, written as sections, articles and links instead of the
 * email's layout tables and bulletproof buttons.
 */
import { formatDate, messagesFor } from '../../../components/locale/index.ts';
import type { Action, Appeal, Brand, Card, Image, Podcast, Section, Share } from '../../content/content-schema.ts';
import { FollowUs } from './layout.tsx';
import { Markdown } from './markdown.tsx';

const DateLine = ({ date, locale }: { date: string; locale: string }) => <time dateTime={date}>{formatDate(date, locale)}</time>;

/** An image at its intrinsic size, scaled down by the stylesheet; below the fold it loads lazily. */
function Picture({ image, lazy = false }: { image: Image; lazy?: boolean }) {
  return <img src={image.src} alt={image.alt} width={image.width} height={image.height} loading={lazy ? 'lazy' : undefined} />;
}

export function PodcastBlock({ podcast, locale }: { podcast: Podcast; locale: string }) {
  const t = messagesFor(locale);
  return (
    <section className="podcast">
      <h2>{t.episode(podcast.show, podcast.episode, podcast.title)}</h2>
      {podcast.guest ? <p className="guest">{t.withGuest(podcast.guest)}</p> : null}
      {podcast.image ? (
        <a href={podcast.watchUrl}>
          <Picture image={podcast.image} />
        </a>
      ) : null}
      <Markdown>{podcast.summary}</Markdown>
      <p className="actions">
        <a className="button" href={podcast.watchUrl}>
          {t.watch}
        </a>
        <a className="button" href={podcast.listenUrl}>
          {t.listen}
        </a>
      </p>
      <p>
        <a href={podcast.subscribeUrl}>{t.subscribeTo(podcast.show)}</a>
      </p>
    </section>
  );
}

function CardArticle({ card, locale }: { card: Card; locale: string }) {
  return (
    <article className="card">
      {card.image ? <Picture image={card.image} lazy /> : null}
      <h3>{card.title}</h3>
      <p>
        <DateLine date={card.date} locale={locale} />
      </p>
      <Markdown>{card.summary}</Markdown>
      {card.link ? (
        <p>
          <a className="button secondary" href={card.link.url}>
            {card.link.label}
          </a>
        </p>
      ) : null}
    </article>
  );
}

/** A section of advocacy updates under its eyebrow heading ("ADVOCACY UPDATES"). */
export function CardSection({ section, locale }: { section: Section; locale: string }) {
  return (
    <section>
      <h2 className="eyebrow">{section.heading}</h2>
      {section.cards.map((card, index) => (
        <CardArticle key={index} card={card} locale={locale} />
      ))}
    </section>
  );
}

/** An action alert's one call to action, with its supporting links. */
export function ActionBlock({ action }: { action: Action }) {
  return (
    <section className="callout">
      {action.heading ? <h2 className="eyebrow">{action.heading}</h2> : null}
      <Markdown>{action.text}</Markdown>
      <p>
        <a className="button" href={action.button.url}>
          {action.button.label}
        </a>
      </p>
      {action.links?.length ? (
        <ul>
          {action.links.map((link) => (
            <li key={link.url}>
              <a href={link.url}>{link.label}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function AppealBlock({ appeal }: { appeal: Appeal }) {
  return (
    <div className="appeal">
      {appeal.heading ? <h2>{appeal.heading}</h2> : null}
      <Markdown>{appeal.text}</Markdown>
      <p>
        <a className="button" href={appeal.button.url}>
          {appeal.button.label}
        </a>
      </p>
    </div>
  );
}

/** "Grow Our Reach": the share text, then donate, WhatsApp, social and website lines, as in the email. */
export function ShareBlock({ share, brand, locale }: { share: Share; brand: Brand; locale: string }) {
  const t = messagesFor(locale);
  return (
    <section className="share">
      <h2>{share.heading}</h2>
      <Markdown>{share.text}</Markdown>
      <p>
        <a href={brand.donateUrl}>
          <strong>{t.shareDonate[0]}</strong>
        </a>
        {t.shareDonate[1]}
      </p>
      {brand.whatsappUrl ? (
        <p>
          {t.shareWhatsapp[0]}{' '}
          <a href={brand.whatsappUrl}>
            <strong>{t.shareWhatsapp[1]}</strong>
          </a>
        </p>
      ) : null}
      <FollowUs profiles={brand.social} locale={locale} />
      <p>
        {t.visitWebsite[0]}
        <a href={brand.website}>{new URL(brand.website).host}</a>
        {t.visitWebsite[1]}
      </p>
    </section>
  );
}

/** One "Keep reading" entry: a neighbouring issue of the archive (with its date) or a post the issue recommends. */
export type ReadingItem = Readonly<{ title: string; href: string; date?: string; image?: Image }>;

export function KeepReadingBlock({ heading, items, moreHref, locale }: { heading?: string; items: readonly ReadingItem[]; moreHref: string; locale: string }) {
  const t = messagesFor(locale);
  return (
    <section className="keep-reading">
      <h2>{heading ?? t.keepReading}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            {item.image ? <Picture image={item.image} lazy /> : null}
            <span>
              <a href={item.href}>{item.title}</a>
              {item.date ? (
                <span className="meta">
                  <DateLine date={item.date} locale={locale} />
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <p className="more">
        <a href={moreHref}>{t.viewMore} ›</a>
      </p>
    </section>
  );
}
