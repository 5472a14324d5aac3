/**
 * `dispatch report --html FILE`: one self-contained page a person opens to
 * look at a campaign: the funnel, clicks per block beside the blocks' titles,
 * and clicks over time, each chart drawn as inline SVG by Observable Plot on
 * the server (linkedom stands in for the browser's DOM), each followed by the
 * same figures as a table. No script, no network: a Content-Security-Policy
 * of `default-src 'none'` says so to the browser too.
 *
 * Why Plot with linkedom rather than Vega: Plot's marks are a few lines per
 * chart and it runs on Node 20 (`vega-lite` 6 declares Node 22; bare `vega`
 * needs a verbose hand-written spec), and the pair installs about 16 MB
 * (d3 included), loaded only for `--html`.
 */
import { writeFile } from 'node:fs/promises';
import { createTheme, type Theme } from '../../components/theme/theme.ts';
import type { BrandColors } from '../content/content-schema.ts';
import type { CampaignReport } from './report.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const n = (value: number) => value.toLocaleString('en-US');
const rate = (value: number | null) => (value === null ? '–' : `${value.toFixed(2)}%`);

type Chart = Readonly<{ svg: string }>;

/** Draws the three charts; Plot and linkedom are loaded here only, so the rest of the program never pays for them. */
async function drawCharts(report: CampaignReport, theme: Theme): Promise<{ funnel: Chart; blocks: Chart | null; timeline: Chart | null }> {
  const [Plot, { parseHTML }] = await Promise.all([import('@observablehq/plot'), import('linkedom')]);
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const colour = theme.colors.buttonBackground;
  const svgOf = (figure: Element, label: string): Chart => {
    // One accessible image per chart, named by its label; the table after it holds the same figures as text.
    const svg = figure.tagName.toLowerCase() === 'svg' ? figure : figure.querySelector('svg')!;
    // Plot labels its groups (`aria-label="bar"`); inside an image they would be prohibited attributes on plain groups.
    for (const part of svg.querySelectorAll('[aria-label], [aria-description]')) {
      part.removeAttribute('aria-label');
      part.removeAttribute('aria-description');
    }
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    return { svg: svg.outerHTML };
  };
  const f = report.funnel;
  const accepted = report.kind === 'batch' ? f.accepted : f.sent;
  const stages = [
    { stage: 'Recipients', emails: f.recipients },
    { stage: 'Accepted by Resend', emails: accepted },
    { stage: 'Delivered', emails: f.delivered },
    { stage: 'Clicked', emails: f.clicked },
  ];
  const funnel = svgOf(
    Plot.plot({
      document,
      marginLeft: 140,
      marginRight: 60,
      height: 180,
      x: { label: 'emails', grid: true },
      y: { label: null, domain: stages.map((s) => s.stage) },
      marks: [
        Plot.barX(stages, { x: 'emails', y: 'stage', fill: colour }),
        Plot.text(stages, { x: 'emails', y: 'stage', text: (d: (typeof stages)[number]) => n(d.emails), textAnchor: 'start', dx: 4, fill: theme.colors.text }),
        Plot.ruleX([0]),
      ],
    }) as unknown as Element,
    `Funnel: ${stages.map((s) => `${s.stage} ${n(s.emails)}`).join(', ')}`,
  );
  const blockRows = report.blocks.map((b) => ({ label: b.block === null ? (b.title ?? '') : b.title ? `${truncate(b.title, 48)} (${b.block})` : b.block, clicks: b.clicks }));
  const blocks =
    blockRows.length === 0
      ? null
      : svgOf(
          Plot.plot({
            document,
            marginLeft: 340,
            marginRight: 50,
            height: 40 + blockRows.length * 28,
            x: { label: 'clicks', grid: true },
            y: { label: null, domain: blockRows.map((b) => b.label) },
            marks: [
              Plot.barX(blockRows, { x: 'clicks', y: 'label', fill: colour }),
              Plot.text(blockRows, { x: 'clicks', y: 'label', text: (d: (typeof blockRows)[number]) => n(d.clicks), textAnchor: 'start', dx: 4, fill: theme.colors.text }),
              Plot.ruleX([0]),
            ],
          }) as unknown as Element,
          `Clicks per block: ${blockRows.map((b) => `${b.label} ${n(b.clicks)}`).join(', ')}`,
        );
  const points = report.timeline.map((p) => ({ from: new Date(p.start), to: new Date(Date.parse(p.start) + (p.span === 'hour' ? 3_600_000 : 86_400_000)), clicks: p.clicks }));
  const timeline =
    points.length === 0
      ? null
      : svgOf(
          Plot.plot({
            document,
            height: 240,
            marginLeft: 50,
            x: { label: 'time (UTC)', type: 'utc' },
            y: { label: 'clicks', grid: true },
            marks: [Plot.rectY(points, { x1: 'from', x2: 'to', y: 'clicks', fill: colour, inset: 0.5 }), Plot.ruleY([0])],
          }) as unknown as Element,
          `Clicks over time: ${n(f.clicks)} clicks from ${report.timeline[0]!.start} to ${report.timeline.at(-1)!.start}`,
        );
  return { funnel, blocks, timeline };
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function table(caption: string, header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const cell = (value: string | number) => (typeof value === 'number' ? `<td class="num">${n(value)}</td>` : `<td>${escapeHtml(value)}</td>`);
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map(cell).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The page, as a string. */
export async function reportHtml(report: CampaignReport, colors: BrandColors = {}): Promise<string> {
  const theme = createTheme(colors);
  const c = theme.colors;
  const charts = await drawCharts(report, theme);
  const f = report.funnel;
  const title = `Results: ${report.campaign}`;
  const measures: Array<readonly [string, string]> = [
    ['Recipients', n(f.recipients)],
    ['Accepted by Resend', n(report.kind === 'batch' ? f.accepted : f.sent)],
    ['Delivered', `${n(f.delivered)} (${rate(report.rates.delivered)})`],
    ['Delayed, then retried', n(f.delayed)],
    ['Hard bounces', `${n(f.hardBounces)} (${rate(report.rates.hardBounce)})`],
    ['Soft bounces', n(f.softBounces)],
    ['Complaints', `${n(f.complaints)} (${rate(report.rates.complaint)})`],
    ['Unsubscribes', n(f.unsubscribes)],
    ['Clicked (unique)', `${n(f.clicked)} (${rate(report.rates.click)} of delivered)`],
    ['Clicks (total)', n(f.clicks)],
    ['Opened (unique, inflated)', `${n(f.opened)} (${rate(report.rates.open)} of delivered), ${n(f.opens)} opens`],
  ];
  const section = (heading: string, chart: Chart | null, after: string) =>
    `<section><h2>${escapeHtml(heading)}</h2>${chart ? `<figure>${chart.svg}</figure>` : '<p>No clicks recorded yet.</p>'}${after}</section>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body { margin: 0; background: ${c.canvas}; color: ${c.text}; font-family: ${theme.fonts.body}; font-size: ${theme.fontSizes.body}px; line-height: ${theme.lineHeights.body}; }
main { max-width: 960px; margin: 0 auto; padding: ${theme.space.lg}px; background: ${c.surface}; }
h1, h2 { color: ${c.heading}; font-family: ${theme.fonts.heading}; }
p.meta, p.note { color: ${c.muted}; }
figure { margin: ${theme.space.md}px 0; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: ${theme.space.sm}px 0 ${theme.space.lg}px; }
caption { text-align: left; font-weight: ${theme.fontWeights.bold}; padding-bottom: ${theme.space.xs}px; }
th, td { border-bottom: 1px solid ${c.border}; padding: ${theme.space.xxs}px ${theme.space.sm}px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td { overflow-wrap: anywhere; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${report.kind === 'batch' ? 'Batch send' : 'Resend broadcast'}${report.startedAt ? `, started ${escapeHtml(report.startedAt)}` : ''}${report.locale ? `, ${escapeHtml(report.locale)}` : ''}.</p>
${section('From recipients to clicks', charts.funnel, table('Every measure', ['measure', 'emails'], measures))}
<p class="note">${escapeHtml(report.opensNote)}</p>
<p>Health guard: <strong>${escapeHtml(report.health.state)}</strong> (${escapeHtml(report.health.reason)}).</p>
${section(
  'Clicks per block',
  charts.blocks,
  report.blocks.length > 0 ? table('Clicks per block of the issue', ['block', 'title', 'clicks', 'readers who clicked'], report.blocks.map((b) => [b.block ?? '–', b.title ?? '', b.clicks, b.clickers])) : '',
)}
${
  report.links.length > 0
    ? `<section><h2>Clicks per link</h2>${table('Clicks per link', ['link', 'block', 'clicks', 'readers who clicked'], report.links.map((l) => [l.link, l.block ?? '', l.clicks, l.clickers]))}</section>`
    : ''
}
${section(
  'Clicks over time',
  charts.timeline,
  report.timeline.length > 0
    ? table('Clicks per hour for the first two days, then per day (UTC)', ['from', 'span', 'clicks'], report.timeline.map((p) => [p.start.slice(0, 16).replace('T', ' '), p.span, p.clicks]))
    : '',
)}
<p class="note">Per-recipient events are kept ${report.retention.days} days (results.retentionDays in brand.yaml); every figure on this page stays after that.</p>
</main>
</body>
</html>
`;
}

/** Writes the page (owner-only: it describes the organisation's readers, if only in aggregate). */
export async function writeReportHtml(report: CampaignReport, file: string, colors: BrandColors = {}): Promise<void> {
  await writeFile(file, await reportHtml(report, colors), { mode: 0o600 });
}
