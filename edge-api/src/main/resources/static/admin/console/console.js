// The dead-letter console: a page over the admin API (/api/v1/admin/dead-letters). Everything a message carries is
// shown as text (textContent), never as markup: a dead letter's payload is whatever a client or a bug put there.
'use strict';

const API = '/api/v1';
const TOKEN = 'flock.console.token';
const PEEK_LIMIT = 1000;

const $ = (id) => document.getElementById(id);
const views = ['login-view', 'queues-view', 'queue-view'];

let current = { queue: null, messages: [], selected: new Set() };

function show(view) {
  views.forEach((id) => { $(id).hidden = id !== view; });
  $('nav').hidden = view === 'login-view';
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function button(label, onClick, className) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (className) b.className = className;
  b.addEventListener('click', (event) => { event.stopPropagation(); onClick(); });
  return b;
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function showOutcome(message) {
  $('outcome').textContent = message;
  $('outcome').hidden = !message;
}

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401 && path !== '/auth/token') {
    sessionStorage.removeItem(TOKEN);
    route();
    throw new ApiError(401, 'Your login expired; log in again.');
  }
  if (!response.ok) {
    throw new ApiError(response.status, (json && (json.detail || json.title)) || ('HTTP ' + response.status));
  }
  return json;
}

// Login

async function login(event) {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const answer = await api('POST', '/auth/token', { username: $('username').value, password: $('password').value });
    sessionStorage.setItem(TOKEN, answer.accessToken);
    $('password').value = '';
    route();
  } catch (e) {
    $('login-error').textContent = e.status === 401 ? 'Wrong username or password.' : e.message;
  }
}

function logout() {
  sessionStorage.removeItem(TOKEN);
  location.hash = '';
  route();
}

// Queues

async function loadQueues() {
  show('queues-view');
  $('nav-queue').textContent = '';
  showError('');
  const tbody = $('queues').tBodies[0];
  try {
    const queues = await api('GET', '/admin/dead-letters');
    tbody.replaceChildren();
    queues.forEach((q) => {
      const row = document.createElement('tr');
      row.className = 'clickable';
      row.dataset.queue = q.queue;
      cell(row, q.queue);
      cell(row, q.messages, 'number depth');
      row.addEventListener('click', () => { location.hash = '#/queue/' + encodeURIComponent(q.queue); });
      tbody.appendChild(row);
    });
  } catch (e) {
    showError(e.message);
  }
}

// One queue

function groupsOf(messages) {
  const groups = new Map();
  messages.forEach((m) => {
    const key = JSON.stringify([m.type, m.reason]);
    if (!groups.has(key)) groups.set(key, { type: m.type, reason: m.reason, messages: [] });
    groups.get(key).messages.push(m);
  });
  return [...groups.values()].sort((a, b) => b.messages.length - a.messages.length);
}

/** A group's filter: by type and reason, which the API matches in the whole queue; by id when either is unknown. */
function groupFilter(group) {
  if (group.type && group.reason) return { type: group.type, reasonContains: group.reason };
  return { messageIds: group.messages.map((m) => m.messageId) };
}

async function loadQueue(queue) {
  show('queue-view');
  showError('');
  $('nav-queue').textContent = '› ' + queue;
  $('queue-title').textContent = queue;
  $('message-view').hidden = true;
  current = { queue, messages: [], selected: new Set() };
  try {
    const [depths, messages] = await Promise.all([
      api('GET', '/admin/dead-letters'),
      api('GET', '/admin/dead-letters/' + encodeURIComponent(queue) + '?limit=' + PEEK_LIMIT),
    ]);
    const depth = (depths.find((d) => d.queue === queue) || { messages: messages.length }).messages;
    current.messages = messages;
    $('queue-summary').textContent = depth + ' message(s) in the queue' +
      (depth > messages.length ? '; the oldest ' + messages.length + ' are shown and grouped' : '') + '.';
    renderGroups(groupsOf(messages));
    renderMessages(messages);
  } catch (e) {
    showError(e.message);
  }
}

function renderGroups(groups) {
  const tbody = $('groups').tBodies[0];
  tbody.replaceChildren();
  groups.forEach((group) => {
    const row = document.createElement('tr');
    row.className = 'group';
    row.dataset.type = group.type || '';
    row.dataset.reason = group.reason || '';
    cell(row, group.type || '(no type)');
    cell(row, group.reason || '(no reason)');
    cell(row, group.messages.length, 'number count');
    const actions = cell(row, '');
    const what = group.messages.length + ' message(s) of type ' + (group.type || '(none)') + ' with reason ' + (group.reason || '(none)');
    actions.append(
      button('Replay', () => act('replay', groupFilter(group), what), 'replay'),
      button('Dry run', () => act('dry-run', groupFilter(group), what), 'dry-run'),
      button('Park', () => act('park', groupFilter(group), what), 'park danger'));
    tbody.appendChild(row);
  });
}

function renderMessages(messages) {
  const tbody = $('messages').tBodies[0];
  tbody.replaceChildren();
  $('select-all').checked = false;
  messages.forEach((m) => {
    const row = document.createElement('tr');
    row.className = 'clickable message';
    row.dataset.messageId = m.messageId;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.addEventListener('click', (event) => event.stopPropagation());
    box.addEventListener('change', () => { select(m.messageId, box.checked); });
    const first = document.createElement('td');
    first.appendChild(box);
    row.appendChild(first);
    cell(row, m.messageId);
    cell(row, m.type);
    cell(row, m.reason);
    cell(row, m.deadLetteredAt);
    cell(row, m.attempts, 'number');
    cell(row, m.replays, 'number');
    row.addEventListener('click', () => showMessage(m, row));
    tbody.appendChild(row);
  });
  updateSelection();
}

function select(messageId, selected) {
  if (selected) current.selected.add(messageId); else current.selected.delete(messageId);
  updateSelection();
}

function updateSelection() {
  const none = current.selected.size === 0;
  ['selection-replay', 'selection-dry-run', 'selection-park'].forEach((id) => { $(id).disabled = none; });
}

function selectAll(checked) {
  $('messages').querySelectorAll('tbody input[type=checkbox]').forEach((box) => { box.checked = checked; });
  current.selected = new Set(checked ? current.messages.map((m) => m.messageId) : []);
  updateSelection();
}

function selectionAction(kind) {
  const ids = [...current.selected];
  act(kind, { messageIds: ids }, ids.length + ' selected message(s)');
}

function showMessage(m, row) {
  $('messages').querySelectorAll('tr.shown').forEach((r) => r.classList.remove('shown'));
  row.classList.add('shown');
  $('message-id').textContent = m.messageId;
  const tbody = $('message-headers').tBodies[0];
  tbody.replaceChildren();
  const fields = ['type', 'exchange', 'routingKey', 'deadLetteredAt', 'attempts', 'reason', 'exception', 'replays']
    .map((name) => [name, m[name]]);
  // Then every AMQP header as the broker holds it (x-flock-*, x-death, traceparent...).
  fields.concat(Object.entries(m.headers || {})).forEach(([name, value]) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = name;
    tr.appendChild(th);
    cell(tr, value);
    tbody.appendChild(tr);
  });
  $('message-payload').textContent = typeof m.payload === 'string' ? m.payload : JSON.stringify(m.payload, null, 2);
  $('message-view').hidden = false;
}

// Actions: replay, dry run, park; each confirmed, each outcome shown.

function options(kind) {
  const body = {};
  const limit = $('opt-limit').value;
  if (limit) body.limit = Number(limit);
  if (kind !== 'park') {
    const rate = $('opt-rate').value;
    if (rate) body.ratePerSecond = Number(rate);
    if ($('opt-canary').checked) body.canary = true;
    if ($('opt-force').checked) body.force = true;
  }
  if (kind === 'dry-run') body.dryRun = true;
  return body;
}

function describe(kind, what, body) {
  const verb = { replay: 'Replay', 'dry-run': 'Dry run (nothing moves) of a replay of', park: 'Park (move to the parking lot)' }[kind];
  const extras = [];
  if (body.limit) extras.push('at most ' + body.limit);
  if (body.ratePerSecond) extras.push(body.ratePerSecond + ' per second');
  if (body.canary) extras.push('with a canary first');
  if (body.force) extras.push('forced');
  return verb + ' ' + what + ' from ' + current.queue + (extras.length ? ' (' + extras.join(', ') + ')' : '') + '?';
}

function confirmed(text) {
  return new Promise((resolve) => {
    $('confirm-text').textContent = text;
    $('confirm').hidden = false;
    const done = (answer) => {
      $('confirm').hidden = true;
      $('confirm-ok').onclick = null;
      $('confirm-cancel').onclick = null;
      resolve(answer);
    };
    $('confirm-ok').onclick = () => done(true);
    $('confirm-cancel').onclick = () => done(false);
  });
}

function report(kind, r) {
  if (r.dryRun) {
    return 'Dry run: ' + r.matched + ' message(s) would ' + (kind === 'park' ? 'be parked' : 'be replayed') +
      '; nothing moved (' + r.left + ' in the queue).';
  }
  let text = (kind === 'park' ? 'Parked ' : 'Replayed ') + r.replayed + ' of ' + r.matched + ' matching message(s)';
  if (r.skipped) text += ', ' + r.skipped + ' skipped (replayed too often already, or of unknown origin)';
  text += '; ' + r.left + ' left in the queue.';
  if (r.canary) text += ' Canary ' + r.canary.messageId + ': ' + r.canary.status + '.';
  if (r.aborted) text += ' Stopped early: ' + r.aborted;
  return text;
}

async function act(kind, filter, what) {
  const body = Object.assign(options(kind), filter);
  showOutcome('');
  showError('');
  if (!(await confirmed(describe(kind, what, body)))) return;
  const path = '/admin/dead-letters/' + encodeURIComponent(current.queue) + (kind === 'park' ? '/park' : '/replay');
  showOutcome('Working…');
  try {
    const r = await api('POST', path, body);
    const queue = current.queue;
    await loadQueue(queue);
    showOutcome(report(kind, r));
  } catch (e) {
    showOutcome('');
    showError(e.message);
  }
}

// Navigation

function route() {
  showOutcome('');
  if (!sessionStorage.getItem(TOKEN)) {
    show('login-view');
    $('password').focus();
    return;
  }
  const match = location.hash.match(/^#\/queue\/(.+)$/);
  if (match) loadQueue(decodeURIComponent(match[1])); else loadQueues();
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  $('nav-queues').addEventListener('click', (event) => { event.preventDefault(); location.hash = '#/'; route(); });
  $('refresh-queues').addEventListener('click', loadQueues);
  $('select-all').addEventListener('change', (event) => selectAll(event.target.checked));
  $('selection-replay').addEventListener('click', () => selectionAction('replay'));
  $('selection-dry-run').addEventListener('click', () => selectionAction('dry-run'));
  $('selection-park').addEventListener('click', () => selectionAction('park'));
  window.addEventListener('hashchange', route);
  route();
});
