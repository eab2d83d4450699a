/** What run.ts and a bot's child process (child.ts) say to each other over the IPC channel. */

export interface ChildOptions {
  kind: 'bot' | 'echo';
  /** The bot's DATA_DIR. */
  dataDir?: string;
  /** The connector stand-in, also given as the Secretariat channel's service URL. */
  connectorUrl?: string;
  /** false: the bot acknowledges without fdatasync (DATA_FSYNC=false), to measure what durability costs. */
  fsync?: boolean;
}

export interface ChildStats {
  type: 'stats';
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size of the process (getrusage maxrss), bytes. */
  peakRss: number;
  heapUsed: number;
  /** CPU time used by the process so far, microseconds. */
  cpuUser: number;
  cpuSystem: number;
}

/** `gc: true` runs a full garbage collection first (the child runs with --expose-gc), to tell garbage from live memory. */
export type ParentMessage = { type: 'stats'; gc?: boolean } | { type: 'stop' };
export type ChildMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string } | ChildStats;

export const SECRETARIAT_CHANNEL = '19:bench-secretariat@thread.tacv2';
