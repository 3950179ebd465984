// Invokes a handler as the AWS Lambda Node.js runtime does: `handler(event, context, callback)`;
// a returned promise settles the invocation, else the callback does, whichever comes first.
export interface LambdaContextLike {
  functionName?: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  awsRequestId?: string;
  logGroupName?: string;
  logStreamName?: string;
  callbackWaitsForEmptyEventLoop?: boolean;
  getRemainingTimeInMillis?: () => number;
}

export function lambdaContext(timeoutMs = 3000, requestId = 'c6af9ac6-7b61-11e6-9a41-93e812345678') {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName: 'orders-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-fn',
    memoryLimitInMB: '128',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/orders-fn',
    logStreamName: '2026/12/03/[$LATEST]abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

export function invokeLikeRuntime(
  handler: (...args: any[]) => unknown,
  event: unknown,
  context: unknown,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let done = false;
    const settle = (error: unknown, result?: unknown) => {
      if (done) return;
      done = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const returned: unknown = handler(event, context, settle);
    if (returned instanceof Promise) {
      returned.then(
        (value) => settle(null, value),
        (error) => settle(error ?? new Error('rejected')),
      );
    }
  });
}
