import { SingleBar, Presets } from 'cli-progress';

/**
 * Phase progress on stderr: a bar when stderr is a terminal, one line per phase otherwise
 * (CI logs), nothing with --quiet.
 */
export class PhaseProgress {
  private readonly bar?: SingleBar;
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly mode: 'bar' | 'lines' | 'off',
  ) {
    if (mode === 'bar') {
      this.bar = new SingleBar({ format: ' {bar} {percentage}% | {phase}', stream: process.stderr, clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
      this.bar.start(total, 0, { phase: 'starting' });
    }
  }

  static for(quiet: boolean, total: number): PhaseProgress {
    return new PhaseProgress(total, quiet ? 'off' : process.stderr.isTTY ? 'bar' : 'lines');
  }

  step(phase: string, detail?: string): void {
    this.done = Math.min(this.total, this.done + 1);
    if (this.mode === 'bar') this.bar?.update(this.done, { phase: detail ? `${phase} ${detail}` : phase });
    else if (this.mode === 'lines') process.stderr.write(`  ${phase}${detail ? ` ${detail}` : ''}\n`);
  }

  stop(): void {
    this.bar?.stop();
  }
}
