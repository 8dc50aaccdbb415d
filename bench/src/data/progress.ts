/** A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise (CI logs). */
export class Progress {
  private done = 0;
  private lastDraw = 0;
  private lastTenth = -1;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  add(n: number): void {
    this.done = Math.min(this.total, this.done + n);
    const now = Date.now();
    if (process.stderr.isTTY) {
      if (now - this.lastDraw > 100 || this.done === this.total) {
        this.lastDraw = now;
        process.stderr.write(`\r${this.line()}`);
      }
    } else {
      const tenth = Math.floor((this.done / this.total) * 10);
      if (tenth !== this.lastTenth) {
        this.lastTenth = tenth;
        process.stderr.write(`${this.line()}\n`);
      }
    }
  }

  finish(): void {
    this.done = this.total;
    if (process.stderr.isTTY) process.stderr.write(`\r${this.line()}\n`);
    else if (this.lastTenth !== 10) process.stderr.write(`${this.line()}\n`);
  }

  private line(): string {
    const width = 30;
    const share = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(share * width);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    return `${this.label.padEnd(26)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${this.done.toLocaleString('en-GB')}/${this.total.toLocaleString('en-GB')} sessions  ${seconds}s`;
  }
}
