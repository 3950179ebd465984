// Invokes handler.mjs locally as the Lambda runtime does: `handler(event, context, callback)`,
// with a context object like the runtime's (getRemainingTimeInMillis counts down to a timeout).
import { handler } from './handler.mjs';

function context(requestId) {
  const deadline = Date.now() + 3000;
  return {
    functionName: 'ship-order',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ship-order',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/ship-order',
    logStreamName: '2026/12/03/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

function invoke(event, requestId) {
  return new Promise((resolve) => {
    const callback = (error, result) => resolve(error ? `error: ${error.message}` : result);
    const returned = handler(event, context(requestId), callback);
    returned?.then?.((result) => callback(null, result), callback);
  });
}

console.log('paid ->', JSON.stringify(await invoke({ orderId: 1, paid: true }, 'req-1')));
console.log('unpaid ->', JSON.stringify(await invoke({ orderId: 2, paid: false }, 'req-2')));
