// An Express app with no Sentry setup of its own: run it under the preload,
//   SENTRY_DSN=… node --require otel-sentry/preload examples/express/app.cjs
// Outgoing calls become breadcrumbs, each request gets its own scope, and
// setupExpressErrorHandler reports what the routes throw.
const express = require('express');
const Sentry = require('otel-sentry');

const PRICES_URL = process.env.PRICES_URL ?? 'http://127.0.0.1:1/prices';
const app = express();

app.get('/', (_req, res) => {
  res.send('ok\n');
});

app.get('/checkout/:cart', async (req, res) => {
  Sentry.setTag('cart', req.params.cart);
  Sentry.setUser({ id: 'user-42' });
  const prices = await fetch(PRICES_URL).then((r) => r.json());
  if (prices.total > 100) {
    throw new Error('Payment declined', {
      cause: new RangeError(`total ${prices.total} over the card limit`),
    });
  }
  res.json(prices);
});

// After the routes: reports what they throw (Express 5 also routes rejected promises here), named
// after the route (`GET /checkout/:cart`); Express then answers and logs as it always does.
Sentry.setupExpressErrorHandler(app);

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: server.address().port }));
});
process.on('SIGTERM', () => server.close());
