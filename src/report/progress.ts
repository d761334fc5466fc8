/**
 * Progress for long work on stderr: a redrawn bar with rate and ETA on a TTY,
 * quiet periodic lines elsewhere (CI logs, pipes).
 */
export interface ProgressReporter {
  update(done: number, failed?: number): void;
  finish(done: number, failed?: number): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly total: number;
  readonly stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between non-TTY lines. */
  readonly lineIntervalMs?: number;
  readonly now?: () => number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressLine(label: string, done: number, total: number, failed: number, elapsedSeconds: number, width = 28): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Infinity;
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const failures = failed ? `, ${failed} failed` : '';
  return `${label} ${bar} ${done}/${total} (${(fraction * 100).toFixed(1)}%) ${rate.toFixed(1)}/s, ETA ${formatDuration(eta)}${failures}`;
}

export function createProgress(options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const tty = Boolean(stream.isTTY);
  const interval = options.lineIntervalMs ?? 5000;
  let lastDraw = -Infinity;
  const elapsed = () => (now() - started) / 1000;
  return {
    update(done, failed = 0) {
      const t = now();
      if (tty) {
        if (t - lastDraw < 100) return;
        lastDraw = t;
        stream.write(`\r${progressLine(options.label, done, options.total, failed, elapsed())}\x1b[K`);
      } else if (t - lastDraw >= interval) {
        lastDraw = t;
        stream.write(`${progressLine(options.label, done, options.total, failed, elapsed(), 0).replace(/ {2,}/g, ' ')}\n`);
      }
    },
    finish(done, failed = 0) {
      const line = progressLine(options.label, done, options.total, failed, elapsed(), tty ? 28 : 0);
      stream.write(tty ? `\r${line}\x1b[K\n` : `${line.replace(/ {2,}/g, ' ')}\n`);
    },
  };
}
