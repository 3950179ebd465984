// What an event from a Lambda invocation says about it, read from the runtime's context object
// at capture time (durations change during the invocation). Every field is read defensively: a
// context object missing fields (a local harness, a test) gives a smaller context, never a throw.
import { safeGet } from '../utils/is.js';
import { safe } from '../utils/safe.js';

export interface LambdaInfo {
  functionName?: string;
  region?: string;
  lambda: Record<string, unknown>;
  logs?: Record<string, unknown>;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Milliseconds the runtime says are left, if the context can tell. */
export function remainingTime(ctx: unknown): number | undefined {
  const fn = safeGet(ctx, 'getRemainingTimeInMillis');
  if (typeof fn !== 'function') return undefined;
  const ms = safe('getRemainingTimeInMillis', () => fn.call(ctx) as unknown, undefined);
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>` → region; else the runtime's AWS_REGION. */
function regionOf(arn: string | undefined): string | undefined {
  const fromArn = arn?.split(':')[3];
  return str(fromArn) ?? str(process.env.AWS_REGION);
}

function logsUrl(region: string, group: string, stream: string, startMs: number): string {
  // China regions have their own console domain.
  const domain = region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
  const start = new Date(startMs - 1000).toISOString();
  const end = new Date(Date.now() + 2000).toISOString();
  return `https://${domain}/cloudwatch/home?region=${region}#logEventViewer:group=${group};stream=${stream};start=${start};end=${end}`;
}

export function lambdaInfo(ctx: unknown, startMs: number): LambdaInfo {
  const functionName = str(safeGet(ctx, 'functionName'));
  const arn = str(safeGet(ctx, 'invokedFunctionArn'));
  const region = regionOf(arn);
  const lambda: Record<string, unknown> = {};
  const fields: [string, unknown][] = [
    ['function_name', functionName],
    ['function_version', str(safeGet(ctx, 'functionVersion'))],
    ['invoked_function_arn', arn],
    ['aws_request_id', str(safeGet(ctx, 'awsRequestId'))],
    ['execution_duration_in_millis', Date.now() - startMs],
    ['remaining_time_in_millis', remainingTime(ctx)],
  ];
  for (const [key, value] of fields) if (value !== undefined) lambda[key] = value;
  const group = str(safeGet(ctx, 'logGroupName'));
  const stream = str(safeGet(ctx, 'logStreamName'));
  const info: LambdaInfo = { functionName, region, lambda };
  if (group && stream) {
    info.logs = { log_group: group, log_stream: stream };
    if (region) info.logs.url = logsUrl(region, group, stream, startMs);
  }
  return info;
}
