import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Busy CPU time of the whole machine so far, ms (Linux /proc/stat; undefined elsewhere). */
export function machineBusyMs(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    // /proc/stat counts in USER_HZ ticks, 100 a second on every Linux build we run on.
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Accumulates how much CPU the rest of the machine used while we measured: the machine's busy time minus the
 * CPU time of our own processes, as a share of all CPUs over the wall time. Other work on the machine (tests,
 * installs) makes the figures noisy; this says how much there was.
 */
export class ForeignLoad {
  private foreignMs = 0;
  private wallMs = 0;
  private known = true;

  add(sample: {
    busyBeforeMs: number | undefined;
    busyAfterMs: number | undefined;
    ownCpuMs: number;
    wallMs: number;
  }): void {
    if (sample.busyBeforeMs === undefined || sample.busyAfterMs === undefined) {
      this.known = false;
      return;
    }
    this.foreignMs += Math.max(0, sample.busyAfterMs - sample.busyBeforeMs - sample.ownCpuMs);
    this.wallMs += sample.wallMs;
  }

  /** Share of the machine's CPUs used by other processes, 0..1; undefined when unknown. */
  share(): number | undefined {
    return this.known && this.wallMs > 0 ? this.foreignMs / (this.wallMs * cpus().length) : undefined;
  }
}
