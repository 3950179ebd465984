// The page's script, sent inline (no network for assets, and the page's CSP allows exactly this
// script by hash). Event data is untrusted: everything reaches the DOM through text nodes built by
// `h()`, never as HTML, and the only URLs set are the page's own `#/event/<id>` links.
// Plain browser JavaScript in a String.raw template: no backticks and no dollar-brace in it.
export const PAGE_SCRIPT = String.raw`
'use strict';
const $ = (id) => document.getElementById(id);
let list = [];
let live = null;
let problems = [];
let shown = null;

function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'onclick') el.addEventListener('click', v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(9)) {
    if (c === undefined || c === null || c === false || c === '') continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v) => (Array.isArray(v) ? v : []);
const text = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug', 'transaction'];
const levelClass = (l) => 'level level-' + (LEVELS.includes(l) ? l : 'other');
const eventLink = (id) => '#/event/' + encodeURIComponent(id);
function when(ms) {
  const d = new Date(ms);
  return isNaN(d.getTime()) ? '' : d.toLocaleDateString() + ' ' + d.toLocaleTimeString();
}
const ms = (n) => (n < 10 ? n.toFixed(1) : String(Math.round(n))) + ' ms';

function renderList() {
  $('empty').hidden = list.length > 0;
  $('event-rows').replaceChildren(...list.map((s) => {
    const go = () => { location.hash = eventLink(s.id); };
    return h('tr', { class: 'event-row', 'data-id': s.id, onclick: go },
      h('td', null, h('span', { class: levelClass(s.level) }, s.level)),
      h('td', { class: 'title' }, h('a', { href: eventLink(s.id) }, s.title),
        s.durationMs !== undefined ? h('span', { class: 'muted' }, ' ' + ms(s.durationMs)) : ''),
      h('td', { class: 'time' }, when(s.time)),
      h('td', null, arr(s.tags).map(([k, v]) => h('span', { class: 'tag' }, k + '=' + v))));
  }));
}
function renderProblems() {
  $('problems').hidden = problems.length === 0;
  $('problem-count').textContent = String(problems.length);
  $('problem-list').replaceChildren(...problems.slice().reverse().map((p) => h('li', null, p)));
}
function addSummary(s) {
  list = [s, ...list.filter((x) => x.id !== s.id)].slice(0, 1000);
  if (live) live.push(s);
  renderList();
}
async function refresh() {
  live = [];
  const [events, probs, info] = await Promise.all(
    ['/api/events', '/api/problems', '/api/info'].map((u) => fetch(u).then((r) => r.json())));
  const fetched = new Set(events.map((s) => s.id));
  list = [...live.filter((s) => !fetched.has(s.id)).reverse(), ...events];
  live = null;
  problems = probs;
  $('dsn').textContent = info.dsn;
  renderList();
  renderProblems();
}

// Relay accepts exception and breadcrumbs as { values: [...] } or as a bare array (@sentry/node's
// breadcrumbs), and a message as message (a string) or logentry (a template with params).
const valuesOf = (v) => (Array.isArray(v) ? v : arr(isObj(v) ? v.values : undefined));
function messageOf(ev) {
  const log = isObj(ev.logentry) ? ev.logentry : isObj(ev.message) ? ev.message : {};
  if (typeof log.formatted === 'string') return log.formatted;
  if (typeof ev.message === 'string') return ev.message;
  if (typeof log.message !== 'string') return '';
  const params = arr(log.params);
  let i = 0;
  return log.message.replace(/%%|%s/g, (m) => (m === '%%' ? '%' : i < params.length ? text(params[i++]) : m));
}
function titleOf(ev) {
  if (ev.type === 'transaction') return text(ev.transaction) || '<unnamed transaction>';
  const main = valuesOf(ev.exception).at(-1);
  if (isObj(main)) return [text(main.type), text(main.value)].filter(Boolean).join(': ');
  return messageOf(ev) || '<no message>';
}
function section(title, ...body) {
  return h('section', { class: 'card', 'data-section': title.toLowerCase() }, h('h2', null, title), ...body);
}
function kv(value, depth) {
  if (!isObj(value)) return h('code', null, text(value));
  return h('table', { class: 'kv' }, Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) =>
    h('tr', null, h('th', null, k), h('td', null, isObj(v) && (depth || 0) < 3 ? kv(v, (depth || 0) + 1) : text(v)))));
}
function frameView(f) {
  const where = [text(f.filename || f.abs_path || f.module), f.lineno, f.colno].filter((x) => x !== undefined && x !== '').join(':');
  const pre = arr(f.pre_context);
  const code = typeof f.context_line === 'string'
    ? h('ol', { class: 'code', start: Math.max(1, (Number(f.lineno) || 1) - pre.length) },
        pre.map((l) => h('li', null, text(l))),
        h('li', { class: 'current' }, f.context_line),
        arr(f.post_context).map((l) => h('li', null, text(l))))
    : null;
  return h('div', { class: f.in_app === true ? 'frame in-app' : 'frame' },
    h('div', { class: 'frame-head' }, h('strong', null, text(f.function) || '<anonymous>'), ' ', h('span', { class: 'muted' }, where),
      f.in_app === true ? h('span', { class: 'badge' }, 'in app') : ''),
    code);
}
function exceptionView(v, i, all) {
  const m = isObj(v.mechanism) ? v.mechanism : null;
  const frames = arr(v.stacktrace && v.stacktrace.frames).filter(isObj).slice().reverse();
  return h('div', { class: 'exception' },
    h('h3', null, h('span', { class: 'exc-type' }, text(v.type)), v.type && v.value ? ': ' : '', h('span', { class: 'exc-value' }, text(v.value))),
    h('p', { class: 'muted' }, i === all.length - 1 ? 'captured exception' : 'cause ' + (all.length - 1 - i),
      m ? ' · mechanism ' + text(m.type) + (m.handled === false ? ' (unhandled)' : '') + (m.source ? ' · source ' + text(m.source) : '') : ''),
    frames.map(frameView));
}
function crumbsView(crumbs) {
  return h('table', { class: 'breadcrumbs' },
    h('tr', null, ['Time', 'Category', 'Level', 'Message'].map((t) => h('th', null, t))),
    crumbs.map((b) => h('tr', { class: 'crumb level-' + text(b.level) },
      h('td', { class: 'time' }, typeof b.timestamp === 'number' ? new Date(b.timestamp * 1000).toLocaleTimeString() : ''),
      h('td', null, text(b.category)), h('td', null, text(b.level)),
      h('td', null, text(b.message), b.data ? h('code', null, ' ' + JSON.stringify(b.data)) : ''))));
}
function eventView(ev) {
  const values = valuesOf(ev.exception).filter(isObj);
  const crumbs = valuesOf(ev.breadcrumbs).filter(isObj);
  const contexts = isObj(ev.contexts) ? ev.contexts : {};
  const trace = isObj(contexts.trace) ? contexts.trace : null;
  const tags = Array.isArray(ev.tags) ? ev.tags : Object.entries(isObj(ev.tags) ? ev.tags : {});
  const spans = arr(ev.spans).filter(isObj);
  const level = ev.type === 'transaction' ? 'transaction' : text(ev.level) || 'error';
  const duration = typeof ev.start_timestamp === 'number' && typeof ev.timestamp === 'number'
    ? ms((ev.timestamp - ev.start_timestamp) * 1000) : '';
  return [
    h('a', { href: '#/', class: 'back' }, '← all events'),
    h('h1', { id: 'event-title' }, h('span', { class: levelClass(level) }, level), ' ', titleOf(ev)),
    h('p', { class: 'muted' }, [typeof ev.timestamp === 'number' ? when(ev.timestamp * 1000) : '', duration,
      'event ' + text(ev.event_id), ev.release ? 'release ' + text(ev.release) : '',
      ev.environment ? 'environment ' + text(ev.environment) : ''].filter(Boolean).join(' · ')),
    values.length ? section('Exception', h('p', { class: 'muted' }, 'Innermost cause first, as sent; most recent call first in each stack.'), values.map(exceptionView)) : '',
    ev.logentry || ev.message ? section('Message', h('pre', null, messageOf(ev))) : '',
    crumbs.length ? section('Breadcrumbs', crumbsView(crumbs)) : '',
    tags.length ? section('Tags', arr(tags).map((p) => h('span', { class: 'tag' }, text(arr(p)[0]) + '=' + text(arr(p)[1])))) : '',
    trace ? section('Trace', kv({ trace_id: trace.trace_id, span_id: trace.span_id, parent_span_id: trace.parent_span_id, op: trace.op, status: trace.status })) : '',
    spans.length ? section('Spans', h('table', { class: 'kv' }, spans.map((s) => h('tr', null, h('th', null, text(s.op)),
      h('td', null, text(s.description)), h('td', { class: 'time' }, typeof s.timestamp === 'number' ? ms((s.timestamp - s.start_timestamp) * 1000) : ''))))) : '',
    isObj(ev.request) ? section('Request', kv(ev.request)) : '',
    isObj(ev.user) ? section('User', kv(ev.user)) : '',
    Object.keys(contexts).length ? section('Contexts', kv(contexts)) : '',
    isObj(ev.extra) ? section('Extra', kv(ev.extra)) : '',
    section('JSON', h('details', null, h('summary', null, 'raw event'), h('pre', null, JSON.stringify(ev, null, 2)))),
  ];
}
async function showEvent(id) {
  shown = id;
  $('list-view').hidden = true;
  $('detail').hidden = false;
  $('detail').replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  const res = await fetch('/api/events/' + encodeURIComponent(id));
  if (shown !== id) return;
  const view = res.ok ? eventView(await res.json())
    : [h('a', { href: '#/', class: 'back' }, '← all events'), h('p', null, 'No event ' + id + ' (the inbox keeps the last envelopes only).')];
  $('detail').replaceChildren(...view.filter(Boolean));
  window.scrollTo(0, 0);
}
function route() {
  const m = location.hash ? /^#\/event\/(.+)$/.exec(location.hash) : /^\/events\/([^/]+)$/.exec(location.pathname);
  if (m) {
    showEvent(decodeURIComponent(m[1])).catch(() => $('detail').replaceChildren(h('p', null, 'Could not load the event.')));
    return;
  }
  shown = null;
  $('detail').hidden = true;
  $('list-view').hidden = false;
}
function connect() {
  const feed = new EventSource('/events/stream');
  const status = (s) => { $('status').textContent = s; $('status').className = 'status ' + s; };
  feed.addEventListener('open', () => { status('live'); refresh().catch(() => status('offline')); });
  feed.addEventListener('error', () => status('offline'));
  feed.addEventListener('event', (e) => addSummary(JSON.parse(e.data)));
  feed.addEventListener('problem', (e) => { problems.push(JSON.parse(e.data)); renderProblems(); });
}
window.addEventListener('hashchange', route);
route();
connect();
`;
