// Types for the test that imports the runner (bench/ is plain JavaScript).
export type FaultMode = 'healthy' | 'refuse' | 'status-500' | 'status-429' | 'hang' | 'slow';
export const MODES: FaultMode[];
export interface FaultRun {
  mode: FaultMode;
  requests: number;
  rps: number;
  errors: number;
  non2xx: number;
  p50: number;
  p99: number;
  captured: number;
  delivered: number;
  duplicates: number;
  limitedAtDsn: number;
  reported: number;
  reasons: Record<string, number>;
  accountedFor: number;
  rssGrowthMB: number;
  closeMs: number;
  closed: boolean;
  exitCode: number | null;
  stderr: string;
}
export function runFaultMode(options: {
  mode: FaultMode;
  durationSec: number;
  rate: number | undefined;
  connections?: number;
  closeMs?: number;
  /** The app's `transportOptions.queueBytes`; the SDK's default when absent. */
  queueBytes?: number;
}): Promise<FaultRun>;
export function runSideBySide(options: {
  mode: FaultMode;
  durationSec: number;
  rate: number | undefined;
  connections?: number;
  closeMs?: number;
  /** The app's `transportOptions.queueBytes`; the SDK's default when absent. */
  queueBytes?: number;
}): Promise<{ healthy: FaultRun; fault: FaultRun }>;
