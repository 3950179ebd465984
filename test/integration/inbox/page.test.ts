// The inbox page in a real browser (Debian's chromium driven by playwright-core): events appear
// live, the detail view shows the exception, its source and breadcrumbs, and event text is text.
// A missing browser or playwright-core fails this file with the fix; it is never skipped.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inbox, startInbox } from '../../../src/inbox/index.js';
import { serializeEnvelope } from '../../../src/protocol/envelope.js';
import type { Event } from '../../../src/protocol/types.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// The few playwright-core calls used here, typed locally: the import is dynamic so that a missing
// package is reported as such (below) rather than as a type error elsewhere.
interface Page {
  goto(url: string): Promise<unknown>;
  waitForSelector(
    selector: string,
    options?: { state?: 'attached' | 'visible' | 'hidden' },
  ): Promise<unknown>;
  waitForFunction(fn: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  textContent(selector: string): Promise<string | null>;
  evaluate<T>(fn: string): Promise<T>;
  screenshot(options: { path: string; fullPage: boolean }): Promise<Buffer>;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
}
interface Browser {
  newPage(options: { viewport: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; args: string[] }): Promise<Browser> };
}

async function loadPlaywright(): Promise<Playwright> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`);
  }
  const name = 'playwright-core';
  try {
    return (await import(name)) as Playwright;
  } catch (err) {
    throw new Error(
      `playwright-core is not installed (a devDependency): npm install --save-dev playwright-core\n${err}`,
    );
  }
}

const ID = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const XSS_ID = 'bad0bad0bad0bad0bad0bad0bad0bad0';
const HOSTILE = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

function checkoutError(id: string, value: string): Event {
  return {
    event_id: id,
    timestamp: Date.now() / 1000,
    level: 'error',
    platform: 'node',
    release: 'shop@1.0.0',
    environment: 'development',
    tags: { route: '/checkout' },
    user: { id: 'u-7', email: 'dev@example.com' },
    request: { method: 'POST', url: 'http://localhost:3000/checkout', headers: { 'user-agent': 'curl/8' } },
    contexts: { trace: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: 'b7ad6b7169203331' } },
    // An array, as the SDK (and @sentry/node) sends it; the schema's `{ values }` form is tested below.
    breadcrumbs: [{ timestamp: Date.now() / 1000 - 1, category: 'console', message: 'charging card 4242' }],
    exception: {
      values: [
        { type: 'RangeError', value: 'amount too large', mechanism: { type: 'chained', source: 'cause' } },
        {
          type: 'CheckoutError',
          value,
          mechanism: { type: 'generic', handled: true },
          stacktrace: {
            frames: [
              { function: 'handle', filename: '/app/node_modules/router/index.js', lineno: 9, in_app: false },
              {
                function: 'checkout',
                filename: '/app/src/checkout.js',
                lineno: 42,
                in_app: true,
                pre_context: ['async function checkout(cart) {', '  const total = sum(cart);'],
                context_line: "  throw new CheckoutError('payment declined', { cause });",
                post_context: ['}'],
              },
            ],
          },
        },
      ],
    },
  };
}

describe('the inbox page in a browser', () => {
  let playwright: Playwright;
  let browser: Browser | undefined;
  let page: Page;
  let inbox: Inbox;
  let dir: string;
  const pageErrors: string[] = [];

  const send = async (event: Event) => {
    const body = serializeEnvelope([{ event_id: event.event_id }, [[{ type: 'event' }, event]]]);
    const res = await fetch(`${inbox.url}/stream`, { method: 'POST', body });
    expect(res.status).toBe(200);
  };

  // Set up once; a setup failure (no browser, no playwright-core) fails every test with its message
  // rather than leaving them marked as skipped.
  let setupError: unknown;
  const ready = () => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    try {
      playwright = await loadPlaywright();
      dir = mkdtempSync(join(tmpdir(), 'otel-sentry-page-'));
      inbox = await startInbox({ port: 0 });
      browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('pageerror', (err) => pageErrors.push(err.message));
      // CSP violations and failed requests are reported as console errors.
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
    } catch (err) {
      setupError = err;
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await inbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists an event as it arrives, without a reload', async () => {
    ready();
    await page.goto(`${inbox.url}/`);
    await page.waitForFunction(`document.getElementById('status').textContent === 'live'`);
    expect(await page.textContent('#dsn')).toBe(inbox.dsn);
    await send(checkoutError(ID, 'payment declined'));
    await page.waitForSelector(`tr.event-row[data-id="${ID}"]`);
    const row = await page.textContent(`tr.event-row[data-id="${ID}"]`);
    expect(row).toContain('CheckoutError: payment declined');
    expect(row).toContain('route=/checkout');
  });

  it('shows the event in detail: exception chain, source lines, breadcrumbs, context', async () => {
    ready();
    await page.click(`tr.event-row[data-id="${ID}"] a`);
    await page.waitForSelector('#event-title');
    expect(
      await page.evaluate<string[]>(
        `[...document.querySelectorAll('.exception h3')].map((e) => e.textContent)`,
      ),
    ).toEqual(['RangeError: amount too large', 'CheckoutError: payment declined']);
    expect(await page.textContent('.frame.in-app li.current')).toBe(
      "  throw new CheckoutError('payment declined', { cause });",
    );
    // Line numbers follow the source: the context line is line 42.
    expect(
      await page.evaluate<string>(`document.querySelector('.frame.in-app ol.code').getAttribute('start')`),
    ).toBe('40');
    expect(await page.textContent('table.breadcrumbs')).toContain('charging card 4242');
    const detail = (await page.textContent('#detail')) ?? '';
    for (const text of [
      'dev@example.com',
      'http://localhost:3000/checkout',
      '4bf92f3577b34da6a3ce929d0e0e4736',
    ]) {
      expect(detail).toContain(text);
    }

    const shot = join(dir, 'detail.png');
    const png = await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).equals(png)).toBe(true);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(20_000);
    expect(png.readUInt32BE(16)).toBe(1280); // IHDR width
    expect(png.readUInt32BE(20)).toBeGreaterThan(600); // height: the full page
  });

  it('shows breadcrumbs as `{ values }` and a parameterized message, as Relay accepts them', async () => {
    ready();
    const id = 'feed0000feed0000feed0000feed0000';
    const event = {
      event_id: id,
      timestamp: Date.now() / 1000,
      level: 'log',
      logentry: { message: 'user %s failed %s times (100%%)', params: ['ann', 3] },
      breadcrumbs: { values: [{ timestamp: Date.now() / 1000, message: 'crumb in values form' }] },
    };
    await page.goto(`${inbox.url}/`);
    await send(event as unknown as Event);
    await page.waitForSelector(`tr.event-row[data-id="${id}"]`);
    expect(await page.textContent(`tr.event-row[data-id="${id}"]`)).toContain(
      'user ann failed 3 times (100%)',
    );
    await page.click(`tr.event-row[data-id="${id}"] a`);
    await page.waitForSelector('#event-title');
    expect(await page.textContent('#event-title')).toContain('user ann failed 3 times (100%)');
    expect(await page.textContent('table.breadcrumbs')).toContain('crumb in values form');
    expect(await page.textContent('section[data-section="message"] pre')).toBe(
      'user ann failed 3 times (100%)',
    );
  });

  it('shows event text as text, never as markup', async () => {
    ready();
    await page.goto(`${inbox.url}/#/`);
    await send({ ...checkoutError(XSS_ID, HOSTILE), tags: { [HOSTILE]: HOSTILE } });
    await page.waitForSelector(`tr.event-row[data-id="${XSS_ID}"]`);
    expect(await page.textContent(`tr.event-row[data-id="${XSS_ID}"] td.title`)).toBe(
      `CheckoutError: ${HOSTILE}`,
    );
    await page.goto(`${inbox.url}/events/${XSS_ID}`);
    await page.waitForSelector('#event-title');
    expect(await page.textContent('#event-title')).toContain(HOSTILE);
    expect(await page.evaluate<number>(`document.querySelectorAll('img, main script').length`)).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
  });

  it('shows rejected envelopes live', async () => {
    ready();
    await page.goto(`${inbox.url}/`);
    await page.waitForFunction(`document.getElementById('status').textContent === 'live'`);
    const res = await fetch(`${inbox.url}/stream`, {
      method: 'POST',
      body: '{}\n{"type":"event","length":99}\n{}\n',
    });
    expect(res.status).toBe(400);
    await page.waitForSelector('#problems', { state: 'visible' });
    expect(await page.textContent('#problem-list')).toContain('payload shorter than its declared length');
    expect(pageErrors).toEqual([]);
  });
});
