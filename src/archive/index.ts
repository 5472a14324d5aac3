export { INDEX_PATH, fileOfPath, relativeHref } from './site-paths.ts';
export { archiveBaseUrl, issuePath, issueWebUrl, pageSlug, siteUrl, withArchiveWebUrl } from '../content/issue-url.ts';
export { loadArchive, neighbours, type Archive, type ArchiveEntry } from './archive.ts';
export { ARCHIVE_MARKER, buildArchive, renderDocument, renderSite, writeSite, type BuildOptions, type BuildResult, type SiteFiles } from './build.tsx';
export { FEED_PATH, archiveFeed } from './feed.ts';
export { SITEMAP_PATH, sitemapXml } from './sitemap.ts';
