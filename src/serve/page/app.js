// chancery's search page. Everything it shows comes from /api; every piece of transcript
// text is put in the page as text (textContent), never as markup. The whole state lives in
// the URL, so a search or an open transcript can be bookmarked and shared.
'use strict';

const PAGE = 20;
const FACETS = [
  ['speaker', 'Speaker'],
  ['topic', 'Topic'],
  ['country', 'Country'],
  ['kind', 'Event'],
  ['year', 'Year'],
];
const SHOWN = 8;

const $ = (id) => document.getElementById(id);
const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
};
const fmt = (n) => Number(n).toLocaleString('en-US');

// ---- state <-> URL ----------------------------------------------------------------------

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    speaker: p.getAll('speaker'),
    topic: p.get('topic') || '',
    country: p.get('country') || '',
    kind: p.get('kind') || '',
    from: p.get('from') || '',
    to: p.get('to') || '',
    sort: p.get('sort') || 'relevance',
    t: p.get('t') || '',
    turn: p.has('turn') ? Number(p.get('turn')) : null,
    verbatim: p.get('verbatim') === '1',
    view: ['kwic', 'trend', 'quote'].includes(p.get('view')) ? p.get('view') : 'hits',
    ksort: ['left', 'right'].includes(p.get('ksort')) ? p.get('ksort') : 'date',
    by: p.get('by') === 'year' ? 'year' : 'month',
  };
}

function stateParams(s, withReader = true) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const sp of s.speaker) p.append('speaker', sp);
  for (const k of ['topic', 'country', 'kind', 'from', 'to']) if (s[k]) p.set(k, s[k]);
  if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.verbatim && s.q) p.set('verbatim', '1');
  if (s.view && s.view !== 'hits') p.set('view', s.view);
  if (s.view === 'kwic' && s.ksort !== 'date') p.set('ksort', s.ksort);
  if (s.view === 'trend' && s.by !== 'month') p.set('by', s.by);
  if (withReader && s.t) {
    p.set('t', s.t);
    if (s.turn !== null && !Number.isNaN(s.turn)) p.set('turn', String(s.turn));
  }
  return p;
}

// Only web addresses become links: a transcript's front matter is data, and a
// `javascript:` or `data:` URL in it must never be something a click runs.
function isWebUrl(u) {
  return typeof u === 'string' && /^https?:\/\//i.test(u.trim());
}

function urlOf(s) {
  const qs = stateParams(s).toString();
  return qs ? `?${qs}` : location.pathname;
}

let state = readState();

function go(next, push) {
  // A new query is corrected again when it finds nothing; only the link that asks for the
  // words as typed sets verbatim.
  if ('q' in next && next.q !== state.q && !('verbatim' in next)) next = { ...next, verbatim: false };
  state = { ...state, ...next };
  const url = urlOf(state);
  if (url !== location.search && !(url === location.pathname && !location.search)) {
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }
  render();
}

const hasFilters = (s) =>
  s.speaker.length > 0 || !!(s.topic || s.country || s.kind || s.from || s.to);

// ---- API --------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(body, status) {
    super((body && body.message) || `HTTP ${status}`);
    this.body = body || {};
    this.status = status;
  }
}

async function api(path, signal) {
  const res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch (_) {
    body = null;
  }
  if (!res.ok) throw new ApiError(body && body.error, res.status);
  return body;
}

function searchUrl(s, { offset = 0, limit = PAGE, lenient = true, facets = true } = {}) {
  const p = stateParams(s, false);
  if (!s.q && p.get('sort') === null) p.set('sort', 'newest');
  p.set('limit', String(limit));
  if (offset) p.set('offset', String(offset));
  if (facets) p.set('facets', 'speaker,topic,country,kind,year,month');
  p.set('context', 'true');
  if (lenient) p.set('lenient', 'true');
  return `/api/search?${p}`;
}

// ---- snippets: the server escapes them and marks matches with <b>; read them as text ----

function decodeEntities(s) {
  return s.replace(/&(lt|gt|amp|quot|#39|#x27|apos);/g, (_, e) =>
    ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", '#x27': "'", apos: "'" })[e]);
}

function snippetNode(html) {
  const p = el('p', { class: 'snippet' });
  let marked = false;
  for (const part of html.split(/(<b>|<\/b>)/)) {
    if (part === '<b>') marked = true;
    else if (part === '</b>') marked = false;
    else if (part) {
      const text = decodeEntities(part).replace(/\n\n+/g, ' ¶ ');
      p.append(marked ? el('mark', { text }) : document.createTextNode(text));
    }
  }
  return p;
}

// ---- search results ---------------------------------------------------------------------

let inflight = null;
let shownHits = [];
let selected = -1;
let lastTotal = 0;
let strictNext = false;

// How a speaker reads on the page; `facet` is the value the speaker filter matches (the
// canonical name, or the role in brackets for an unnamed reporter or official).
function who(sp) {
  if (sp.name) {
    const extra = [sp.role, sp.affiliation].filter((x) => x && x !== sp.name);
    return { name: sp.name, extra: extra.join(', '), facet: sp.name };
  }
  const role = sp.role || (sp.label ? '' : 'Unnamed speaker');
  return {
    name: role || sp.label,
    extra: sp.affiliation || '',
    facet: sp.role ? `(${sp.role.toLowerCase()})` : '(unknown)',
  };
}

function place(loc) {
  return [loc.city, loc.country].filter(Boolean).join(', ');
}

function trimText(s, n) {
  return s.length > n ? `${s.slice(0, n).replace(/\s+\S*$/, '')} …` : s;
}

function hitNode(h, i) {
  const w = who(h.speaker);
  const meta = [h.date, place(h.location), h.kind].filter(Boolean).join(' · ');
  const open = { t: h.transcript_id, turn: h.turn };
  const li = el('li', { class: 'hit', 'data-i': i, tabindex: '-1' },
    el('div', { class: 'who' },
      el('button', {
        type: 'button', class: 'speaker', title: `Only turns by ${w.name}`, text: w.name,
        onclick: (e) => { e.stopPropagation(); filterSpeaker(h.speaker); },
      }),
      w.extra ? el('span', { class: 'role', text: w.extra }) : null,
      h.interpreted ? el('span', { class: 'tag', text: 'interpreted' }) : null,
      el('span', { class: 'meta', text: meta })),
    el('a', {
      class: 'title', href: urlOf({ ...state, ...open }), text: h.title || h.transcript_id,
      onclick: (e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        openHit(i);
      },
    }));
  if (h.in_reply_to) {
    const q = who(h.in_reply_to.speaker);
    li.append(el('blockquote', { class: 'question' },
      el('span', { class: 'asker', text: `${q.name}${q.extra ? ` (${q.extra})` : ''} asked: ` }),
      trimText(h.in_reply_to.text, 220)));
  }
  li.append(snippetNode(h.snippet));
  for (const a of h.answered_by ?? []) {
    const w = who(a.speaker);
    li.append(el('blockquote', { class: 'answer' },
      el('span', { class: 'asker', text: `${w.name}${w.extra ? ` (${w.extra})` : ''} answered: ` }),
      trimText(a.text, 220)));
  }
  const copies = h.also_published_as ?? [];
  if (copies.length) {
    li.append(el('p', { class: 'copies' }, 'Also published as ', ...copies.flatMap((c, k) => [
      k ? ', ' : '',
      el('a', {
        href: urlOf({ ...state, t: c.transcript_id, turn: c.turn }), text: c.title || c.transcript_id,
        title: [c.date, c.transcript_id].filter(Boolean).join(' · '),
        onclick: (e) => { e.preventDefault(); openTurn(c.transcript_id, c.turn); },
      }),
      c.date ? ` (${c.date})` : '',
    ])));
  }
  li.addEventListener('click', (e) => {
    if (e.target.closest('a,button') || window.getSelection().toString()) return;
    openHit(i);
  });
  return li;
}

function filterSpeaker(sp) {
  go({ speaker: [who(sp).facet], t: '', turn: null }, true);
}

function select(i, scroll = true) {
  const items = $('hits').children;
  if (!items.length) return;
  selected = Math.max(0, Math.min(i, items.length - 1));
  for (const li of items) li.classList.toggle('selected', Number(li.dataset.i) === selected);
  if (scroll) items[selected].scrollIntoView({ block: 'nearest' });
  items[selected].focus({ preventScroll: true });
}

// True while the open transcript was reached from the results (Back returns to them).
let cameFromResults = false;

function openHit(i) {
  const h = shownHits[i];
  if (!h) return;
  selected = i;
  cameFromResults = true;
  go({ t: h.transcript_id, turn: h.turn }, true);
}

function showStatus(text, cls) {
  const s = $('status');
  s.className = cls || '';
  s.replaceChildren(...(Array.isArray(text) ? text : [text]));
}

function showQueryError(err) {
  const b = err.body;
  if (b.kind === 'query' && typeof b.position === 'number') {
    const q = [...(b.query || '')];
    const pos = Math.min(b.position, q.length);
    showStatus([
      el('strong', { text: 'Query problem: ' }), b.reason || b.message,
      el('code', { class: 'querypos' },
        q.slice(0, pos).join(''), el('span', { class: 'at', text: q[pos] || ' ' }),
        q.slice(pos + 1).join('')),
    ], 'error');
  } else {
    showStatus(err.message, 'error');
  }
}

async function runSearch() {
  if (inflight) inflight.abort();
  const ctl = new AbortController();
  inflight = ctl;
  const browsing = !state.q && !hasFilters(state);
  const lenient = !strictNext;
  strictNext = false;
  try {
    const r = await api(searchUrl(state, { lenient, limit: browsing ? 0 : PAGE }), ctl.signal);
    if (ctl.signal.aborted) return;
    renderFacets(r.facets || {});
    renderTimeline((r.facets || {}).month || []);
    shownHits = r.hits;
    lastTotal = r.total;
    renderViews();
    selected = -1;
    $('hits').replaceChildren(...r.hits.map(hitNode));
    $('more').hidden = r.hits.length >= r.total;
    if (browsing) {
      showStatus([
        el('span', { text: `${fmt(r.total)} speaker turns indexed. ` }),
        'Type to search what was said, or pick a speaker, topic or country on the left. Try ',
        ...['"New START"', 'Venezuela sanctions', 'election interference', 'speaker:Lavrov Syria']
          .flatMap((ex, i) => [i ? ', ' : '', el('a', {
            href: urlOf({ ...state, q: ex }), text: ex,
            onclick: (e) => { e.preventDefault(); go({ q: ex }, true); },
          })]),
        '.',
      ], 'welcome');
    } else if (r.total === 0) {
      showStatus(`No turns match${state.q ? ` “${state.q}”` : ''}.`, 'empty');
    } else if (r.corrected_query) {
      showStatus([
        `${fmt(r.total)} turn${r.total === 1 ? '' : 's'} · ${r.took_ms.toFixed(1)} ms · Showing results for `,
        el('b', { text: r.corrected_query }),
        '. No turn holds some words of your query; search instead for ',
        el('a', {
          href: urlOf({ ...state, verbatim: true }), text: state.q,
          onclick: (e) => { e.preventDefault(); go({ verbatim: true }, true); },
        }),
        '.',
      ], 'corrected');
    } else {
      showStatus(`${fmt(r.total)} turn${r.total === 1 ? '' : 's'} · ${r.took_ms.toFixed(1)} ms`);
    }
  } catch (err) {
    if (err.name === 'AbortError') return;
    $('hits').replaceChildren();
    $('more').hidden = true;
    if (err instanceof ApiError && err.status === 400) showQueryError(err);
    else if (err instanceof ApiError && err.status === 503) showStatus(err.message, 'error');
    else showStatus(`The server did not answer: ${err.message}`, 'error');
  } finally {
    if (inflight === ctl) inflight = null;
  }
}

async function more() {
  const btn = $('more');
  btn.disabled = true;
  try {
    const r = await api(searchUrl(state, { offset: shownHits.length, facets: false }));
    const start = shownHits.length;
    shownHits = shownHits.concat(r.hits);
    $('hits').append(...r.hits.map((h, j) => hitNode(h, start + j)));
    btn.hidden = shownHits.length >= r.total || r.hits.length === 0;
  } catch (err) {
    showStatus(err.message, 'error');
  } finally {
    btn.disabled = false;
  }
}

// ---- facets and filter chips ------------------------------------------------------------

function isActive(name, value) {
  if (name === 'speaker') return state.speaker.includes(value);
  if (name === 'year') return state.from === value && state.to === value;
  return state[name] === value;
}

function toggle(name, value) {
  const on = isActive(name, value);
  const next = { t: '', turn: null };
  if (name === 'speaker') next.speaker = on ? state.speaker.filter((s) => s !== value) : [value];
  else if (name === 'year') Object.assign(next, on ? { from: '', to: '' } : { from: value, to: value });
  else next[name] = on ? '' : value;
  go(next, true);
}

function renderFacets(facets) {
  const box = $('facets');
  const groups = [];
  for (const [name, label] of FACETS) {
    // Undated turns have no year to filter by; `(unknown)` (no country, no speaker name) is
    // a filter like any value.
    let values = (facets[name] || []).filter((v) => v.value !== '(undated)');
    if (!values.length) continue;
    const ul = el('ul');
    const expanded = box.dataset[`open_${name}`] === '1';
    values.forEach((v, i) => {
      const active = isActive(name, v.value);
      ul.append(el('li', { class: i >= SHOWN && !expanded && !active ? 'extra' : null },
        el('button', {
          type: 'button', class: `facet${active ? ' active' : ''}`, 'data-facet': name,
          'data-value': v.value, 'aria-pressed': active ? 'true' : 'false',
          title: active ? 'Remove this filter' : `Only ${v.value}`,
          onclick: () => toggle(name, v.value),
        }, el('span', { class: 'v', text: v.value }), el('span', { class: 'n', text: fmt(v.count) }))));
    });
    const group = el('section', { class: 'group' }, el('h2', { text: label }), ul);
    if (values.length > SHOWN) {
      group.append(el('button', {
        type: 'button', class: 'toggle', text: expanded ? 'fewer' : `all ${values.length}`,
        onclick: () => {
          box.dataset[`open_${name}`] = expanded ? '0' : '1';
          renderFacets(facets);
        },
      }));
    }
    groups.push(group);
  }
  box.replaceChildren(...groups);
  renderChips();
}

function renderChips() {
  const chips = [];
  const chip = (label, clear) => el('button', {
    type: 'button', class: 'chip', title: 'Remove filter', onclick: () => go({ ...clear, t: '', turn: null }, true),
  }, label, el('span', { class: 'x', 'aria-hidden': 'true', text: '×' }));
  for (const sp of state.speaker) {
    chips.push(chip(`speaker: ${sp}`, { speaker: state.speaker.filter((s) => s !== sp) }));
  }
  for (const k of ['topic', 'country', 'kind']) if (state[k]) chips.push(chip(`${k}: ${state[k]}`, { [k]: '' }));
  if (state.from || state.to) {
    const span = state.from === state.to ? state.from : `${state.from || '…'} – ${state.to || '…'}`;
    chips.push(chip(`date: ${span}`, { from: '', to: '' }));
  }
  $('chips').replaceChildren(...chips);
}

// ---- timeline: hits per month -----------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs, ...children) => {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  e.append(...children);
  return e;
};

function monthIndex(m) {
  return Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
}

function renderTimeline(months) {
  const fig = $('timeline');
  const dated = months.filter((m) => /^\d{4}-\d{2}$/.test(m.value));
  const yearOnly = months.filter((m) => /^\d{4}$/.test(m.value)).reduce((a, m) => a + m.count, 0);
  if (dated.length < 2) {
    fig.hidden = true;
    return;
  }
  const counts = new Map(dated.map((m) => [monthIndex(m.value), m.count]));
  const lo = Math.min(...counts.keys());
  const hi = Math.max(...counts.keys());
  const n = hi - lo + 1;
  const max = Math.max(...counts.values());
  const W = 1000;
  const H = 120;
  const pad = 18;
  const bw = W / n;
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H + pad}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': `Hits per month from ${dated[dated.length - 1].value} to ${dated[0].value}`,
  });
  for (let i = 0; i < n; i++) {
    const m = lo + i;
    const y = Math.floor(m / 12);
    const mo = String((m % 12) + 1).padStart(2, '0');
    const label = `${y}-${mo}`;
    const c = counts.get(m) || 0;
    if (m % 12 === 0 || i === 0) {
      chart.append(svg('line', { x1: i * bw, x2: i * bw, y1: 0, y2: H, class: 'tick' }));
      if (n < 400 || y % 2 === 0) {
        chart.append(svg('text', { x: i * bw + 2, y: H + pad - 4, class: 'year' }, String(y)));
      }
    }
    if (!c) continue;
    const h = Math.max(2, (c / max) * (H - 8));
    const bar = svg('rect', {
      x: i * bw + bw * 0.1, width: Math.max(bw * 0.8, 1), y: H - h, height: h,
      class: `bar${state.from === label && state.to === label ? ' active' : ''}`, 'data-month': label,
    }, svg('title', {}, `${label}: ${fmt(c)} turn${c === 1 ? '' : 's'}`));
    bar.addEventListener('click', () => {
      const on = state.from === label && state.to === label;
      go({ from: on ? '' : label, to: on ? '' : label, t: '', turn: null }, true);
    });
    chart.append(bar);
  }
  const cap = `Hits per month, ${fmt(max)} at most${yearOnly ? `; ${fmt(yearOnly)} dated by year only` : ''}. Click a bar to keep that month.`;
  fig.querySelector('figcaption').textContent = cap;
  $('chart').replaceChildren(chart);
  fig.hidden = false;
}

// ---- the transcript reader --------------------------------------------------------------

const readerBox = $('reader');
let readerFor = null;
// For each turn of the open transcript, the index of the question it answers (or null).
let replies = [];

function paragraphs(text) {
  return text.split(/\n{2,}/).filter((p) => p.trim()).map((p) => el('p', { text: p }));
}

function transcriptUrl(id) {
  return `/api/transcripts/${id.split('/').map(encodeURIComponent).join('/')}`;
}

async function renderReader() {
  const key = state.t;
  if (readerFor !== key) {
    readerFor = key;
    readerBox.replaceChildren(el('p', { class: 'loading', text: 'Opening transcript…' }));
    try {
      const t = await api(transcriptUrl(key));
      if (readerFor !== key) return;
      readerBox.replaceChildren(...readerNodes(t));
    } catch (err) {
      if (readerFor !== key) return;
      readerBox.replaceChildren(backButton(), el('p', { class: 'error', text: err.message }));
      return;
    }
  }
  markTurn();
}

function backButton() {
  return el('button', {
    type: 'button', class: 'back', text: '← Back to results', title: 'Back to results (Esc)',
    onclick: closeReader,
  });
}

function closeReader() {
  if (cameFromResults) {
    cameFromResults = false;
    history.back();
  } else {
    go({ t: '', turn: null }, true);
  }
}

function readerNodes(t) {
  const loc = [t.location.venue, t.location.city, t.location.country].filter(Boolean).join(', ');
  const meta = [t.date, t.time, loc, t.kind].filter(Boolean).join(' · ');
  const people = (t.participants || []).filter((p) => p.name && p.kind === 'official');
  const head = el('header', { class: 'thead' },
    backButton(),
    el('h1', { text: t.title || t.id }),
    el('p', { class: 'meta', text: meta }),
    people.length
      ? el('p', { class: 'people' }, 'With ', ...people.flatMap((p, i) => [
        i ? ', ' : '',
        el('button', {
          type: 'button', class: 'speaker', text: p.name, title: `Search turns by ${p.name}`,
          onclick: () => go({ speaker: [p.name], t: '', turn: null }, true),
        }),
        p.role ? ` (${p.role})` : '',
      ]))
      : null,
    t.source && isWebUrl(t.source.url)
      ? el('p', { class: 'src' }, el('a', { href: t.source.url, rel: 'noopener noreferrer', target: '_blank', text: 'Published version' }))
      : null,
    (t.also_published_as || []).length
      ? el('p', { class: 'twins' }, 'The same event is also published as ', ...t.also_published_as.flatMap((id, k) => [
        k ? ', ' : '',
        el('a', { href: urlOf({ ...state, t: id, turn: null }), text: id,
          onclick: (e) => { e.preventDefault(); go({ t: id, turn: null }, true); } }),
      ]))
      : null);
  const turns = el('ol', { class: 'turns' }, ...t.turns.map((turn) => {
    const w = who(turn.speaker);
    return el('li', { class: `turn ${turn.speaker.kind || ''}`, id: `turn-${turn.index}`, 'data-turn': turn.index },
      el('div', { class: 'who' },
        el('span', { class: 'name', text: w.name }),
        w.extra ? el('span', { class: 'role', text: w.extra }) : null,
        turn.interpreted ? el('span', { class: 'tag', text: 'interpreted' }) : null,
        el('a', { class: 'n', href: urlOf({ ...state, turn: turn.index }), text: `#${turn.index}`,
          onclick: (e) => { e.preventDefault(); go({ turn: turn.index }, false); } })),
      ...paragraphs(turn.text),
      turn.stage_directions && turn.stage_directions.length
        ? el('p', { class: 'stage', text: `[${turn.stage_directions.join('] [')}]` }) : null);
  }));
  replies = t.turns.map((x) => x.in_reply_to ?? null);
  return [head, turns];
}

function markTurn() {
  for (const e of readerBox.querySelectorAll('.turn.target, .turn.asked')) e.classList.remove('target', 'asked');
  for (const m of readerBox.querySelectorAll('.turns mark')) m.replaceWith(m.textContent);
  readerBox.querySelectorAll('.turns p').forEach((p) => p.normalize());
  if (state.turn === null) {
    window.scrollTo(0, 0);
    return;
  }
  const target = readerBox.querySelector(`#turn-${state.turn}`);
  if (!target) return;
  target.classList.add('target');
  markWords(target, highlightTerms());
  const q = replies[state.turn];
  const asked = q !== null && q !== undefined ? readerBox.querySelector(`#turn-${q}`) : null;
  if (asked) asked.classList.add('asked');
  // The question above the answer: scroll so the question starts the view (unless that would
  // push the answer out of sight).
  const first = asked && target.offsetTop - asked.offsetTop < window.innerHeight * 0.6 ? asked : target;
  first.scrollIntoView({ block: 'start' });
}

// The words to mark in the open turn: those the search marked in its snippet when the turn
// was opened from the results, otherwise the plain words of the query.
function highlightTerms() {
  const hit = shownHits.find((h) => h.transcript_id === state.t && h.turn === state.turn);
  const words = new Set();
  if (hit) {
    for (const m of hit.snippet.matchAll(/<b>(.*?)<\/b>/g)) words.add(decodeEntities(m[1]).toLowerCase());
  } else {
    for (const w of state.q.replace(/\b\w+:\S*/g, ' ').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) || []) {
      if (!['AND', 'OR', 'NOT'].includes(w)) words.add(w.toLowerCase());
    }
  }
  return [...words].filter((w) => w.length > 1);
}

function markWords(node, words) {
  if (!words.length) return;
  const esc = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${esc.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
    acceptNode: (t) => (t.parentElement.tagName === 'P' ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  for (const t of texts) {
    const parts = t.textContent.split(re);
    if (parts.length < 2) continue;
    t.replaceWith(...parts.map((part, i) => (i % 2 ? el('mark', { text: part }) : document.createTextNode(part))));
  }
}

// ---- research views: concordance, trend, quote check ------------------------------------

// The filters of the state as API parameters (the query is each tool's own).
function filterParams(s) {
  const p = new URLSearchParams();
  for (const sp of s.speaker) p.append('speaker', sp);
  for (const k of ['topic', 'country', 'kind', 'from', 'to']) if (s[k]) p.set(k, s[k]);
  return p;
}

function renderViews() {
  for (const a of $('views').querySelectorAll('a[data-view]')) {
    const v = a.dataset.view;
    a.href = urlOf({ ...state, view: v, t: '', turn: null });
    a.classList.toggle('active', v === state.view);
    if (v === state.view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    a.onclick = (e) => { e.preventDefault(); go({ view: v }, true); };
  }
  const dl = $('download');
  const p = filterParams(state);
  if (state.q) p.set('q', state.q);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  p.set('format', 'csv');
  dl.href = `/api/export?${p}`;
  dl.hidden = state.view !== 'hits' || (!state.q && !hasFilters(state)) || !lastTotal;
  dl.textContent = `Download ${lastTotal ? fmt(lastTotal) : ''} results (CSV)`;
}

function toolHead(text, controls) {
  return el('div', { class: 'toolhead' }, el('span', { class: 'status', text }), ...(controls || []));
}

function choice(label, options, current, onpick) {
  return el('span', { class: 'choice' }, `${label}: `, ...options.flatMap(([v, name], i) => [
    i ? ' · ' : '',
    v === current ? el('b', { text: name }) : el('a', { href: '#', text: name, onclick: (e) => { e.preventDefault(); onpick(v); } }),
  ]));
}

async function runTool() {
  if (inflight) inflight.abort();
  const ctl = new AbortController();
  inflight = ctl;
  const box = $('tool');
  const q = state.q.trim();
  const hint = {
    kwic: 'Type words or a phrase: every occurrence is shown on a line of its own, in context.',
    trend: 'Type one or more terms separated by commas (Taiwan, Ukraine): turns per period, as a share of all turns.',
    quote: 'Paste a quote as printed: the turns closest to it, with the words it changed, left out or added.',
  }[state.view];
  // The filters beside the tool: counts over the concordance's turns, or over all turns
  // under the filters for a trend or a quote.
  const facetState = { ...state, q: state.view === 'kwic' ? q : '' };
  api(searchUrl(facetState, { limit: 0 }), ctl.signal)
    .then((r) => renderFacets(r.facets || {}))
    .catch(() => {});
  if (!q) {
    box.replaceChildren(toolHead(hint));
    showStatus('');
    return;
  }
  try {
    if (state.view === 'kwic') {
      const p = filterParams(state);
      p.set('q', q);
      p.set('sort', state.ksort);
      p.set('limit', '1000');
      const r = await api(`/api/kwic?${p}`, ctl.signal);
      if (ctl.signal.aborted) return;
      renderKwic(r);
    } else if (state.view === 'trend') {
      const p = filterParams(state);
      for (const t of q.split(',').map((t) => t.trim()).filter(Boolean)) p.append('q', t);
      p.set('by', state.by);
      const r = await api(`/api/trend?${p}`, ctl.signal);
      if (ctl.signal.aborted) return;
      renderTrend(r);
    } else {
      const p = filterParams(state);
      p.set('q', q);
      const r = await api(`/api/quote?${p}`, ctl.signal);
      if (ctl.signal.aborted) return;
      renderQuote(r);
    }
    showStatus('');
  } catch (err) {
    if (err.name === 'AbortError') return;
    box.replaceChildren();
    if (err instanceof ApiError && err.status === 400) showQueryError(err);
    else showStatus(err.message, 'error');
  } finally {
    if (inflight === ctl) inflight = null;
  }
}

function openTurn(id, turn) {
  cameFromResults = true;
  go({ t: id, turn }, true);
}

function renderKwic(r) {
  const rows = r.lines.map((l) => el('tr', {
    class: 'kwic-line', tabindex: '0', title: `${l.transcript_id}, turn ${l.turn}`,
    onclick: () => openTurn(l.transcript_id, l.turn),
    onkeydown: (e) => { if (e.key === 'Enter') openTurn(l.transcript_id, l.turn); },
  },
  el('td', { class: 'meta', text: l.date || '' }),
  el('td', { class: 'meta who', text: l.speaker || l.speaker_kind }),
  el('td', { class: 'left', text: l.left }),
  el('td', { class: 'kw', text: l.keyword }),
  el('td', { class: 'right', text: l.right })));
  const shown = r.lines.length < r.total ? `, the first ${fmt(r.lines.length)} shown` : '';
  $('tool').replaceChildren(
    toolHead(`${fmt(r.total)} occurrence${r.total === 1 ? '' : 's'} in ${fmt(r.turns)} turn${r.turns === 1 ? '' : 's'}${shown} · ${r.took_ms.toFixed(1)} ms`, [
      choice('Sort', [['date', 'date'], ['left', 'word before'], ['right', 'word after']], state.ksort, (v) => go({ ksort: v }, true)),
    ]),
    el('div', { class: 'kwic-wrap' }, el('table', { id: 'kwic', class: 'kwic' }, el('tbody', {}, ...rows))));
}

// The same colours as .swatch.s0 ... .s7 in app.css (the page's CSP allows no inline style).
const SERIES_COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

function renderTrend(r) {
  const n = r.periods.length;
  const box = $('tool');
  const head = toolHead(`Turns per ${r.by} as a share of all turns of the ${r.by} · ${r.took_ms.toFixed(1)} ms`, [
    choice('By', [['month', 'month'], ['year', 'year']], state.by, (v) => go({ by: v }, true)),
  ]);
  if (n === 0) {
    box.replaceChildren(head, el('p', { text: 'No dated turns under these filters.' }));
    return;
  }
  const W = 1000;
  const H = 220;
  const pad = 22;
  const max = Math.max(1e-9, ...r.series.flatMap((s) => s.shares));
  const x = (i) => (n === 1 ? W / 2 : (i / (n - 1)) * (W - 20) + 10);
  const y = (v) => H - (v / max) * (H - 10);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H + pad}`, preserveAspectRatio: 'none', role: 'img', id: 'trend-chart',
    'aria-label': `Share of turns per ${r.by}, ${r.periods[0]} to ${r.periods[n - 1]}` });
  r.periods.forEach((p, i) => {
    const yearStart = r.by === 'year' || p.endsWith('-01') || i === 0;
    if (yearStart && (r.by === 'month' ? true : n < 40 || i % 5 === 0)) {
      chart.append(svg('line', { x1: x(i), x2: x(i), y1: 0, y2: H, class: 'tick' }));
      chart.append(svg('text', { x: x(i) + 2, y: H + pad - 6, class: 'year' }, p.slice(0, 4)));
    }
  });
  r.series.forEach((s, k) => {
    const color = SERIES_COLORS[k % SERIES_COLORS.length];
    const pts = s.shares.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { points: pts, fill: 'none', stroke: color, 'stroke-width': 2, class: 'series', 'data-term': s.term },
      svg('title', {}, `${s.term}${s.group ? ` · ${s.group}` : ''}: ${fmt(s.total)} turns`)));
    s.counts.forEach((c, i) => {
      if (!c) return;
      chart.append(svg('circle', { cx: x(i), cy: y(s.shares[i]), r: 3, fill: color, class: 'point' },
        svg('title', {}, `${s.term} · ${r.periods[i]}: ${fmt(c)} of ${fmt(r.turns[i])} turns (${(s.shares[i] * 100).toFixed(2)}%)`)));
    });
  });
  const legend = el('ul', { class: 'legend' }, ...r.series.map((s, k) => el('li', {},
    el('span', { class: `swatch s${k % SERIES_COLORS.length}` }),
    `${s.term}${s.group ? ` · ${s.group}` : ''}: ${fmt(s.total)} turns`)));
  box.replaceChildren(head, el('figure', { class: 'trend' }, chart, legend,
    el('figcaption', { text: `Largest share ${(max * 100).toFixed(2)}%. Hover a point for its count.` })));
}

function renderQuote(r) {
  const items = r.hits.map((h) => {
    const line = el('p', { class: 'diff' });
    if (h.before) line.append(el('span', { class: 'ctx', text: `…${h.before} ` }));
    h.parts.forEach((p, i) => {
      if (i) line.append(' ');
      if (p.op === 'same') line.append(p.record);
      if (p.op === 'dropped' || p.op === 'changed') line.append(el('del', { text: p.record, title: 'in the record, not in the quote' }));
      if (p.op === 'added' || p.op === 'changed') line.append(el('ins', { text: p.quote, title: 'in the quote, not in the record' }));
    });
    if (h.after) line.append(el('span', { class: 'ctx', text: ` ${h.after}…` }));
    return el('li', { class: 'quote-hit', tabindex: '0', onclick: () => openTurn(h.transcript_id, h.turn),
      onkeydown: (e) => { if (e.key === 'Enter') openTurn(h.transcript_id, h.turn); } },
    el('div', { class: 'who' }, el('strong', { text: who(h.speaker).name }), ' ',
      who(h.speaker).extra ? el('span', { class: 'extra', text: `(${who(h.speaker).extra}) ` }) : null,
      el('span', { class: 'meta', text: `${h.date || ''} · ${Math.round(h.coverage * 100)}% of the quote's words · ${h.changed} changed, ${h.dropped} left out, ${h.added} added` })),
    el('div', { class: 'title', text: h.title }), line);
  });
  $('tool').replaceChildren(
    toolHead(`${r.hits.length} turn${r.hits.length === 1 ? '' : 's'} close to the quote · ${r.took_ms.toFixed(1)} ms. Struck out: in the record, not in the quote; underlined: in the quote, not in the record.`),
    el('ol', { id: 'quote-hits', class: 'quote-hits' }, ...items));
}

// ---- rendering and events ---------------------------------------------------------------

let lastSearchKey = null;

function render() {
  const q = $('q');
  if (document.activeElement !== q && q.value !== state.q) q.value = state.q;
  $('sort').value = state.sort;
  const reading = !!state.t;
  $('results').hidden = reading;
  $('reader').hidden = !reading;
  document.body.classList.toggle('reading', reading);
  const tool = state.view !== 'hits';
  $('tool').hidden = !tool;
  $('hits').hidden = tool;
  if (tool) {
    $('more').hidden = true;
    $('timeline').hidden = true;
  }
  const key = stateParams(state, false).toString();
  if (key !== lastSearchKey) {
    lastSearchKey = key;
    if (tool) {
      renderChips();
      runTool();
    } else runSearch();
  } else {
    renderChips();
  }
  renderViews();
  if (reading) {
    renderReader();
  } else if (readerFor !== null) {
    readerFor = null;
    if (selected >= 0) select(selected);
  }
  document.title = reading ? 'chancery · transcript' : state.q ? `${state.q} · chancery` : 'chancery';
}

let debounce = null;
$('q').addEventListener('input', (e) => {
  clearTimeout(debounce);
  const v = e.target.value;
  debounce = setTimeout(() => go({ q: v, t: '', turn: null }, false), 180);
});

$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(debounce);
  strictNext = true;
  lastSearchKey = null;
  go({ q: $('q').value, t: '', turn: null }, true);
  if (shownHits.length) select(0);
});

$('sort').addEventListener('change', (e) => go({ sort: e.target.value }, true));
$('more').addEventListener('click', more);
$('home').addEventListener('click', (e) => {
  e.preventDefault();
  go({ q: '', speaker: [], topic: '', country: '', kind: '', from: '', to: '', sort: 'relevance', t: '', turn: null }, true);
});
window.addEventListener('popstate', () => {
  state = readState();
  if (!state.t) cameFromResults = false;
  render();
});

document.addEventListener('keydown', (e) => {
  const q = $('q');
  const typing = document.activeElement && ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName);
  if (e.key === '/' && !typing) {
    e.preventDefault();
    if (state.t) closeReader();
    q.focus();
    q.select();
    return;
  }
  if (e.key === 'Escape') {
    if (state.t) closeReader();
    else if (document.activeElement === q) q.blur();
    return;
  }
  if (state.t || e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === 'ArrowDown' && (!typing || document.activeElement === q)) {
    e.preventDefault();
    select(selected + 1);
  } else if (e.key === 'ArrowUp' && !typing) {
    e.preventDefault();
    if (selected <= 0) {
      q.focus();
      selected = -1;
      for (const li of $('hits').children) li.classList.remove('selected');
    } else select(selected - 1);
  } else if (e.key === 'Enter' && !typing && selected >= 0) {
    e.preventDefault();
    openHit(selected);
  }
});

api('/api/stats').then((s) => {
  const span = s.first_date && s.last_date ? ` · ${s.first_date} to ${s.last_date}` : '';
  $('footer').textContent = `${fmt(s.transcripts)} transcripts · ${fmt(s.turns)} turns${span}`;
}).catch(() => {});

render();
if (!state.t) $('q').focus();
