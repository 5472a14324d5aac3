/**
 * Links and images: https only (mailto for links), never `javascript:`, images
 * with width and height (Outlook needs both), and the organisation's own links
 * tagged for analytics the way `src/render/utm.ts` tags them: every own-domain
 * link but the unsubscribe link carries all four UTM parameters, and no other
 * domain carries ours.
 */
import { isOwnDomain, UTM_MEDIUM, UTM_PARAMS, utmSettings } from '../render/utm.ts';
import { byTag, conditionalComments, type Element } from './html.ts';
import { allOf, finding, type Check, type Finding, type NamedCheck, type PreflightContext } from './types.ts';

type LinkRef = Readonly<{ href: string; el: Element; where: string }>;

/** Every link target: anchors, and the VML buttons inside Outlook's conditional comments. */
export function linkTargets(ctx: PreflightContext): LinkRef[] {
  const refs: LinkRef[] = byTag(ctx.html, 'a', 'area')
    .filter((el) => el.attribs.href !== undefined)
    .map((el) => ({ href: el.attribs.href!, el, where: ctx.html.where(el) }));
  for (const comment of conditionalComments(ctx.html)) {
    for (const el of comment.inner.elements) {
      if (el.attribs.href !== undefined) refs.push({ href: el.attribs.href, el, where: ctx.html.where(comment.node) });
    }
  }
  return refs;
}

/** The https URI of List-Unsubscribe: the visible unsubscribe link is the same URL and is never tagged. */
export function unsubscribeUrlOf(ctx: PreflightContext): string | undefined {
  const header = Object.entries(ctx.email.headers).find(([name]) => name.toLowerCase() === 'list-unsubscribe')?.[1] ?? '';
  return /<(https:[^>]+)>/.exec(header)?.[1];
}

export function linkSchemes(ctx: PreflightContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { href, where: htmlWhere } of linkTargets(ctx)) {
    const value = href.trim();
    if (seen.has(value)) continue;
    seen.add(value);
    const where = ctx.content.pathOfUrl(value) ?? htmlWhere;
    if (/^javascript:/i.test(value.replace(/[\s\u0000-\u001f]/g, ''))) {
      findings.push(finding('links.javascript', 'error', `javascript: link "${value.slice(0, 60)}": mail clients strip it and spam filters flag it`, where));
    } else if (/^mailto:/i.test(value)) {
      continue;
    } else if (!isHttpsUrl(value)) {
      findings.push(finding('links.https', 'error', `link "${value.slice(0, 80)}" is not an https:// URL (only https and mailto links work everywhere)`, where));
    }
  }
  return findings;
}

const isHttpsUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
};

export function images(ctx: PreflightContext): Finding[] {
  const findings: Finding[] = [];
  for (const img of byTag(ctx.html, 'img')) {
    const src = img.attribs.src ?? '';
    const where = ctx.content.pathOfUrl(src) ?? ctx.html.where(img);
    if (!isHttpsUrl(src)) findings.push(finding('links.img-https', 'error', `image "${src.slice(0, 80)}" is not an https:// URL; clients block other images`, where));
    const missing = ['width', 'height'].filter((name) => !/^\d+$/.test(img.attribs[name] ?? ''));
    if (missing.length > 0) findings.push(finding('links.img-size', 'error', `image ${src.slice(0, 80)} has no ${missing.join(' or ')} attribute in pixels; Outlook shows it at its natural size`, where));
  }
  return findings;
}

/** Own-domain links carry the brand's four UTM parameters; other domains carry none of ours. */
export function utmTags(ctx: PreflightContext): Finding[] {
  const settings = utmSettings(ctx.issue);
  if (!settings) return [];
  const findings: Finding[] = [];
  const unsubscribe = unsubscribeUrlOf(ctx);
  const seen = new Set<string>();
  for (const { href, where: htmlWhere } of linkTargets(ctx)) {
    if (seen.has(href) || !isHttpsUrl(href) || href === unsubscribe) continue;
    seen.add(href);
    const params = new URL(href).searchParams;
    const where = ctx.content.pathOfUrl(href) ?? htmlWhere;
    if (isOwnDomain(href, settings.domains)) {
      const expected: Record<string, string | undefined> = { utm_source: settings.source, utm_medium: UTM_MEDIUM, utm_campaign: settings.campaign, utm_content: undefined };
      const problems = UTM_PARAMS.filter((name) => !params.get(name) || (expected[name] !== undefined && params.get(name) !== expected[name]));
      if (problems.length > 0) {
        const want = problems.map((name) => `${name}=${expected[name] ?? '<block>'}`).join('&');
        findings.push(finding('links.utm', 'error', `own-domain link ${href.slice(0, 80)} lacks or mis-sets ${want}`, where));
      }
    } else if (params.get('utm_campaign') === settings.campaign && params.get('utm_medium') === UTM_MEDIUM) {
      findings.push(finding('links.utm-foreign', 'error', `link to another organisation's site ${href.slice(0, 80)} carries our UTM tags`, where));
    }
  }
  return findings;
}

export const LINK_CHECKS: readonly NamedCheck[] = [
  { id: 'links.schemes', title: 'links are https or mailto, never javascript:', covers: () => ({ what: 'every link in the HTML part, VML buttons in Outlook conditional comments included' }), run: linkSchemes },
  { id: 'links.images', title: 'images are https with a width and height', covers: () => ({ what: 'every <img> in the HTML part' }), run: images },
  {
    id: 'links.utm',
    title: "UTM tags on the organisation's own links only",
    covers: (ctx) => {
      const settings = utmSettings(ctx.issue);
      return { what: settings ? `links to ${settings.domains.join(', ')} (all four UTM parameters), and every other link (none of ours)` : 'nothing: UTM tagging is off in the brand file' };
    },
    run: utmTags,
  },
];

export const linkChecks: Check = allOf(LINK_CHECKS);
