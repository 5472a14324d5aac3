/** `sitemap.xml` (sitemaps.org 0.9): every page of the archive with the day it last changed. */
import { escapeHtml } from '../content/merge-fields.ts';

/** Site path of the sitemap. */
export const SITEMAP_PATH = '/sitemap.xml';

export type SitemapUrl = Readonly<{ url: string; lastmod: string }>;

export function sitemapXml(urls: readonly SitemapUrl[]): string {
  const entries = urls.map(({ url, lastmod }) => `  <url><loc>${escapeHtml(url)}</loc><lastmod>${lastmod}</lastmod></url>`);
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...entries, '</urlset>', ''].join('\n');
}
