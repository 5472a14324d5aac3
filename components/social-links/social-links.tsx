import { Fragment } from 'react';
import type { SocialProfile } from '../../src/content/content-schema.ts';
import { NETWORK_NAMES } from '../locale/index.ts';
import { linkText, useTheme } from '../theme/index.ts';

export type SocialLinksProps = Readonly<{
  /** The profiles to link, in order. Required (may be empty: renders nothing). */
  profiles: readonly SocialProfile[];
  /** BCP 47 locale for joining the names ("X, Instagram and YouTube"). Default: `'en-CA'`. */
  locale?: string;
}>;

/** Social profiles as a sentence of text links, joined the way the locale writes lists; for use inside a paragraph (whose links take the dark link colour). */
export function SocialLinks({ profiles, locale = 'en-CA' }: SocialLinksProps) {
  const theme = useTheme();
  const names = profiles.map((p) => p.label ?? NETWORK_NAMES[p.network]);
  const parts = new Intl.ListFormat(locale, { type: 'conjunction' }).formatToParts(names);
  let element = 0;
  return (
    <>
      {parts.map((part, index) => {
        if (part.type === 'literal') return <Fragment key={index}>{part.value}</Fragment>;
        const profile = profiles[element++]!;
        return (
          <a key={index} href={profile.url} style={linkText(theme)}>
            {part.value}
          </a>
        );
      })}
    </>
  );
}
