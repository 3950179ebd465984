// An Express app whose handler fails. The express instrumentation records the error on the
// layer's span; otel-sentry reports it once, with its class, `cause` and the span's ids.
const express = require('express');

class PaymentError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'PaymentError';
    this.provider = 'acme-pay';
  }
}

const app = express();
app.get('/checkout', (_req, _res, next) => {
  next(new PaymentError('card declined', { cause: new Error('issuer unavailable') }));
});
app.use((_err, _req, res, _next) => {
  res.status(500).send('checkout failed\n');
});

const server = app.listen(0, '127.0.0.1', async () => {
  const response = await fetch(`http://127.0.0.1:${server.address().port}/checkout`);
  console.log(`GET /checkout -> ${response.status}`);
  server.close();
});
