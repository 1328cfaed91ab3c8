/** Where progress goes: standard error, or a test's capture. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A terminal is redrawn at most this often (ms). */
const REDRAW_MS = 100;
/** Elsewhere (a log, CI) a line at least this often (ms), and at each tenth done. */
const LINE_EVERY_MS = 5000;

/** Seconds as `42s`, `3m05s`, `2h10m`, `3d04h`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d${two(Math.floor((s % 86_400) / 3600))}h`;
}

/**
 * Done/total, rate and time left of a long operation. On a terminal one line is redrawn in place
 * (`\r`); elsewhere a line is written every 5 s or each tenth of the way, so logs stay short.
 * Without a stream it is silent.
 */
export class Progress {
  private readonly startedAt: number;
  private done = 0;
  private drawnAt = 0;
  private tenthsWritten = 0;
  private writtenDone = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: ProgressStream | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.drawnAt = this.startedAt;
  }

  update(done: number): void {
    this.done = done;
    if (!this.stream) return;
    const at = this.now();
    if (this.stream.isTTY) {
      if (at - this.drawnAt >= REDRAW_MS) this.draw(at);
      return;
    }
    const tenths = this.total > 0 ? Math.floor((done / this.total) * 10) : 0;
    if (at - this.drawnAt >= LINE_EVERY_MS || tenths > this.tenthsWritten) {
      this.tenthsWritten = tenths;
      this.draw(at);
    }
  }

  /** The last figures, ending the line on a terminal. */
  finish(): void {
    if (!this.stream) return;
    if (this.stream.isTTY) this.stream.write(`\r${this.line(this.now())}\x1b[K\n`);
    else if (this.writtenDone !== this.done) this.draw(this.now());
  }

  private draw(at: number): void {
    this.drawnAt = at;
    this.writtenDone = this.done;
    this.stream!.write(this.stream!.isTTY ? `\r${this.line(at)}\x1b[K` : `${this.line(at)}\n`);
  }

  private line(at: number): string {
    const seconds = (at - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const percent = this.total > 0 ? Math.floor((this.done / this.total) * 100) : 100;
    const left = rate > 0 && this.done < this.total ? `, ${formatSeconds((this.total - this.done) / rate)} left` : '';
    return `${this.label}: ${this.done}/${this.total} (${percent}%), ${Math.round(rate)}/s${left}`;
  }
}
