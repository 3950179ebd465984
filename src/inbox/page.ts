// The inbox page: one self-contained HTML document (the build is tsc only, so it lives in a .ts
// module rather than a .html file that would not be copied). No external assets: it works offline.
// The CSP allows only this style and script, by hash: even a rendering bug could not run injected
// script from event data.
import { createHash } from 'node:crypto';
import { PAGE_SCRIPT } from './page-script.js';

const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1d1c22; --muted: #6c6a77; --line: #e4e2ea; --card: #faf9fc;
  --accent: #6c5fc7; --code: #f4f3f8; --current: #fff2b3; font: 14px/1.45 system-ui, sans-serif; }
@media (prefers-color-scheme: dark) { :root { --bg: #17151c; --fg: #e9e7ef; --muted: #9b98a6; --line: #2f2c38;
  --card: #1f1c26; --code: #24212c; --current: #4a4220; } }
body { margin: 0; background: var(--bg); color: var(--fg); }
header { display: flex; gap: 1em; align-items: baseline; padding: .7em 1.2em; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; color: var(--accent); text-decoration: none; }
.dsn { font-family: ui-monospace, monospace; color: var(--muted); user-select: all; margin-left: auto; }
.status { font-size: .85em; padding: 0 .5em; border-radius: 1em; background: var(--code); }
.status.live { color: #1f8a4c; } .status.offline { color: #c4314b; }
main { padding: 1em 1.2em; max-width: 1200px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid var(--line); vertical-align: top; }
.events tr.event-row { cursor: pointer; } .events tr.event-row:hover { background: var(--card); }
.events td.title a { color: inherit; text-decoration: none; font-weight: 600; word-break: break-word; }
.time, .muted { color: var(--muted); } .time { white-space: nowrap; }
.level { display: inline-block; min-width: 5.5em; font-size: .8em; font-weight: 700; text-transform: uppercase; }
.level-fatal { color: #a1208a; } .level-error { color: #c4314b; } .level-warning { color: #b7791f; }
.level-info { color: #2b6cb0; } .level-debug, .level-other { color: var(--muted); } .level-transaction { color: #1f8a4c; }
.tag { display: inline-block; margin: 0 .3em .2em 0; padding: 0 .45em; border: 1px solid var(--line); border-radius: 4px;
  font-size: .85em; font-family: ui-monospace, monospace; word-break: break-all; }
.empty { color: var(--muted); padding: 2em 0; text-align: center; }
.problems { border: 1px solid #c4314b; border-radius: 6px; padding: .3em 1em; margin-bottom: 1em; }
.problems h2 { font-size: 1em; color: #c4314b; margin: .4em 0; }
.problems li { font-family: ui-monospace, monospace; font-size: .9em; word-break: break-word; }
.back { color: var(--accent); text-decoration: none; }
h1 { font-size: 1.3em; word-break: break-word; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .2em 1em .8em; margin: 1em 0; }
.card h2 { font-size: 1em; margin: .6em 0; }
.exception { margin: .8em 0 1.2em; } .exception h3 { margin: 0; font-size: 1.05em; word-break: break-word; }
.exc-type { color: #c4314b; }
.frame { border: 1px solid var(--line); border-radius: 4px; margin: .4em 0; background: var(--bg); }
.frame.in-app { border-left: 4px solid var(--accent); }
.frame:not(.in-app) { opacity: .75; }
.frame-head { padding: .3em .6em; font-family: ui-monospace, monospace; font-size: .9em; word-break: break-all; }
.badge { margin-left: .6em; font-size: .75em; padding: 0 .4em; border-radius: 3px; background: var(--accent); color: #fff; }
ol.code { margin: 0; padding: .3em 0 .3em 4em; background: var(--code); font-family: ui-monospace, monospace;
  font-size: .85em; white-space: pre; overflow-x: auto; color: var(--muted); }
ol.code li.current { background: var(--current); color: var(--fg); font-weight: 600; }
table.kv th { width: 14em; font-weight: 600; word-break: break-word; } table.kv td { word-break: break-word; }
table.kv table.kv { margin: 0; } table.kv table.kv th { width: 10em; }
code, pre { font-family: ui-monospace, monospace; font-size: .9em; white-space: pre-wrap; word-break: break-word; }
`;

const BODY = `
<header>
  <a class="brand" href="#/">otel-sentry inbox</a>
  <span id="status" class="status">connecting…</span>
  <span id="dsn" class="dsn" title="The DSN to use"></span>
</header>
<main>
  <section id="problems" class="problems" hidden>
    <h2>Rejected envelopes: <span id="problem-count">0</span></h2>
    <ul id="problem-list"></ul>
  </section>
  <section id="list-view">
    <table class="events">
      <thead><tr><th>Level</th><th>Title</th><th>Time</th><th>Tags</th></tr></thead>
      <tbody id="event-rows"></tbody>
    </table>
    <p id="empty" class="empty">No events yet: init({ dsn }) with the DSN above and capture something.</p>
  </section>
  <section id="detail" hidden></section>
</main>`;

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>otel-sentry inbox</title>
<style>${STYLE}</style>
</head>
<body>${BODY}
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(PAGE_SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
