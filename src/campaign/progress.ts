/**
 * Progress while sending: a bar with rate and ETA on a terminal, a plain line
 * every few seconds otherwise (CI logs, pipes), so a long campaign never
 * looks hung and a log never fills with redraws.
 */
import { createRequire } from 'node:module';

// cli-progress is loaded only when a bar is drawn (a terminal), not in CI or cron.
const require = createRequire(import.meta.url);
const loadBar = (): typeof import('cli-progress') => require('cli-progress') as typeof import('cli-progress');

export type Output = Readonly<{
  /** Results and the summary (stdout). */
  info: (line: string) => void;
  /** Warnings, progress lines and errors (stderr). */
  warn: (line: string) => void;
  /** Draw a progress bar (stderr is a terminal). */
  isTTY: boolean;
  /** Where the bar is drawn. Default process.stderr. */
  stream?: NodeJS.WritableStream;
}>;

export const consoleOutput = (): Output => ({
  info: (line) => console.log(line),
  warn: (line) => console.error(line),
  isTTY: Boolean(process.stderr.isTTY),
});

export interface Progress {
  update(done: number): void;
  /** Prints a line without breaking the bar. */
  log(line: string): void;
  stop(): void;
}

/** `1 h 2 min`, `3 min 4 s`, `5 s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export type ProgressOptions = Readonly<{ total: number; label: string; intervalMs?: number; now?: () => number }>;

export function createProgress(output: Output, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  let done = 0;
  const rate = () => done / Math.max(0.001, (now() - started) / 1000);
  const eta = () => (done > 0 ? (options.total - done) / rate() : Infinity);

  if (output.isTTY) {
    const cliProgress = loadBar();
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.label} {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {etaText}`,
        stream: (output.stream ?? process.stderr) as NodeJS.WriteStream,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(options.total, 0, { rate: '0', etaText: '?' });
    return {
      update(value) {
        done = value;
        bar.update(value, { rate: rate().toFixed(0), etaText: formatDuration(eta()) });
      },
      log(line) {
        bar.stop();
        output.warn(line);
        bar.start(options.total, done, { rate: rate().toFixed(0), etaText: formatDuration(eta()) });
      },
      stop() {
        bar.stop();
      },
    };
  }

  const timer = setInterval(() => {
    if (done === 0 || done >= options.total) return;
    const percent = Math.floor((100 * done) / options.total);
    output.warn(`${options.label}: ${done}/${options.total} (${percent}%), ${rate().toFixed(0)}/s, about ${formatDuration(eta())} left`);
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    update(value) {
      done = value;
    },
    log(line) {
      output.warn(line);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
