/* global document, window, localStorage, sessionStorage, EventSource, fetch, requestAnimationFrame, setTimeout, CSS, URL, Blob */
/**
 * The playground page: a chat channel with the bot in it. No framework: replies arrive as
 * JSON over server-sent events and are built with DOM APIs. User and bot text is only ever
 * set through textContent (never innerHTML), so `<img onerror=…>` typed by anyone stays text.
 */

const $ = (id) => document.getElementById(id);
const token = document.querySelector('meta[name="playground-token"]').content;
const list = $('messages');
const scroller = $('scroller');
const input = $('composer-input');
const completion = $('completion');
const hint = $('hint');
const status = $('status');

const MAX_MESSAGES = 200;
const state = {
  me: sessionStorage.getItem('playground-seat') || 'ada',
  classmates: [],
  commands: [],
  boot: undefined,
  source: undefined,
  history: [],
  historyIndex: -1,
  suggestions: [],
  active: -1,
};

// --- small DOM helpers ------------------------------------------------------------------

/** Build an element: h('p', {className: 'x'}, 'text', childNode). Strings become text nodes. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && !key.includes('-')) el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/**
 * Reply text arrives tokenized by the server (src/adapters/playground/text.ts): text, code,
 * bold, italic and, in citations, arXiv links. This only builds elements; it parses no markup.
 */
const ARXIV_HREF = /^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{4,5}$/;

function inline(nodes) {
  const frag = document.createDocumentFragment();
  for (const node of nodes ?? []) {
    if (node.kind === 'code') frag.append(h('code', null, node.text));
    else if (node.kind === 'bold') frag.append(h('strong', null, inline(node.children)));
    else if (node.kind === 'italic') frag.append(h('em', null, inline(node.children)));
    else if (node.kind === 'link' && ARXIV_HREF.test(node.href)) {
      const rel = 'noopener noreferrer';
      frag.append(h('a', { href: node.href, target: '_blank', rel }, node.text));
    } else frag.append(String(node.text ?? ''));
  }
  return frag;
}

/**
 * Unicode math with light typesetting: `N_opt` → N with a subscript, `x^(a/b)` and `x^0.34`
 * → superscripts. Still plain text underneath, so copying gives back what the bot wrote.
 */
function math(text) {
  const frag = document.createDocumentFragment();
  let i = 0;
  let run = '';
  const flush = () => {
    if (run) frag.append(run);
    run = '';
  };
  while (i < text.length) {
    const ch = text[i];
    const prev = text[i - 1] ?? '';
    if (ch === '_' && /[\p{L})\]]/u.test(prev)) {
      const sub = /^[\p{L}\d]+/u.exec(text.slice(i + 1));
      if (sub) {
        flush();
        frag.append(h('sub', null, sub[0]));
        i += 1 + sub[0].length;
        continue;
      }
    }
    if (ch === '^') {
      const group = text[i + 1] === '(' ? balanced(text, i + 1) : undefined;
      const word = group ? undefined : /^-?[\p{L}\d.]+(?:_[\p{L}\d]+)?/u.exec(text.slice(i + 1));
      if (group || word) {
        flush();
        const inner = group ? text.slice(i + 2, group - 1) : word[0];
        frag.append(h('sup', null, math(inner)));
        i = group ?? i + 1 + word[0].length;
        continue;
      }
    }
    run += ch;
    i += 1;
  }
  flush();
  return frag;
}

/** Index just past the `)` matching the `(` at `open`, or undefined. */
function balanced(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return undefined;
}

/** Long substitutions read better one equation a line: split where the bot used wide gaps. */
const mathLines = (text, separator) =>
  h(
    'div',
    { className: 'math' },
    text.split(separator).map((part) => h('span', { className: 'math-line' }, math(part.trim()))),
  );

// --- rendering messages -----------------------------------------------------------------

const nameOf = (id) => state.classmates.find((c) => c.id === id)?.name ?? id;
const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function renderMessage(message) {
  const reply = message.reply;
  const classes = ['msg'];
  if (message.visibility === 'private') classes.push('private');
  if (message.thinking) classes.push('thinking');
  if (reply) classes.push(`tone-${reply.tone}`);
  if (message.thread) classes.push('in-thread');

  const li = h('li', { className: classes.join(' '), dataset: { id: message.id } });
  if (message.context) li.append(renderContext(message.context));
  if (message.thread)
    li.append(h('div', { className: 'thread-label' }, `🧵 ${message.thread.name}`));
  li.append(
    h(
      'div',
      { className: 'avatar bot', 'aria-hidden': 'true' },
      h('img', { src: '/assets/icon.svg', alt: '', width: 40, height: 40 }),
    ),
  );
  const meta = h(
    'div',
    { className: 'meta' },
    h('span', { className: 'author' }, 'Scaling Tutor'),
    h('span', { className: 'bot-tag' }, 'bot'),
    h('time', { dateTime: message.at }, time(message.at)),
  );
  const content = h('div', { className: 'content' }, meta);
  if (message.thinking || !reply) {
    content.append(
      h(
        'p',
        { className: 'thinking-line' },
        'Scaling Tutor is thinking',
        h('span', { className: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
      ),
    );
  } else {
    content.append(renderCard(message, reply));
  }
  if (message.visibility === 'private') {
    content.append(
      h(
        'p',
        { className: 'private-note' },
        h('span', { className: 'eye', 'aria-hidden': 'true' }),
        `Only you (${nameOf(message.forUser)}) can see this · `,
        h(
          'button',
          { type: 'button', className: 'link-button', onclick: () => li.remove() },
          'Dismiss message',
        ),
      ),
    );
  }
  li.append(content);
  return li;
}

function renderContext(context) {
  const who = h(
    'span',
    { className: 'who', dataset: { seat: seatId(context.user) } },
    context.user,
  );
  const what =
    context.kind === 'command'
      ? [' used ', h('code', { className: 'command-text' }, context.text)]
      : [context.kind === 'typed' ? ' typed ' : ' clicked ', h('strong', null, context.text)];
  return h(
    'div',
    { className: 'context' },
    h('span', { className: 'context-line', 'aria-hidden': 'true' }),
    who,
    ...what,
  );
}

const seatId = (name) => state.classmates.find((c) => c.name === name)?.id ?? '';

function renderCard(message, reply) {
  const card = h('article', { className: `card ${reply.tone}` });
  const icon =
    reply.tone === 'error'
      ? h('span', { className: 'tone-icon', 'aria-hidden': 'true' }, '!')
      : undefined;
  card.append(h('h2', { className: 'title' }, icon, inline(reply.title)));
  card.append(h('p', { className: 'summary' }, inline(reply.summary)));
  for (const paragraph of reply.body ?? [])
    card.append(h('p', { className: 'body' }, inline(paragraph)));
  if (reply.file) {
    // A Blob URL: the file's text never becomes markup.
    const url = URL.createObjectURL(new Blob([reply.file.content], { type: reply.file.mime }));
    card.append(
      h(
        'p',
        { className: 'body' },
        h('a', { href: url, download: reply.file.name }, `⬇ ${reply.file.name}`),
      ),
    );
  }

  if (reply.fields) {
    const dl = h('dl', { className: 'fields' });
    for (const field of reply.fields) {
      dl.append(
        h(
          'div',
          { className: field.inline ? 'field inline' : 'field' },
          h('dt', null, inline(field.label)),
          h('dd', null, inline(field.value)),
        ),
      );
    }
    card.append(dl);
  }

  if (message.chart) card.append(renderChart(message.chart));

  if (reply.steps) {
    const steps = h('ol', { className: 'steps' });
    for (const step of reply.steps) {
      steps.append(
        h(
          'li',
          { className: 'step' },
          h('h3', null, inline(step.title)),
          step.formula && mathLines(step.formula, /,\s{2,}/),
          step.substitution &&
            h('div', { className: 'substitution' }, mathLines(step.substitution, /;\s{2,}/)),
          h(
            'p',
            { className: 'result' },
            h('span', { className: 'arrow', 'aria-hidden': 'true' }, '→'),
            h('span', null, math(step.result)),
          ),
        ),
      );
    }
    card.append(
      h(
        'section',
        { className: 'worked', 'aria-label': 'Worked solution' },
        h('h3', { className: 'section-title' }, 'Worked solution'),
        steps,
      ),
    );
  }

  if (reply.notes) {
    card.append(
      h(
        'ul',
        { className: 'notes', 'aria-label': 'Notes' },
        reply.notes.map((note) => h('li', null, inline(note))),
      ),
    );
  }
  if (reply.citations) {
    card.append(
      h(
        'details',
        { className: 'sources' },
        h('summary', null, `Sources (${reply.citations.length})`),
        h(
          'ul',
          null,
          reply.citations.map((c) => h('li', null, inline(c))),
        ),
      ),
    );
  }
  if (reply.actions) {
    const actions = h('div', { className: 'actions' });
    for (const row of reply.actions) {
      actions.append(
        h(
          'div',
          { className: 'action-row' },
          row.map((action) =>
            h(
              'button',
              {
                type: 'button',
                className: `btn ${action.style ?? 'secondary'}`,
                disabled: Boolean(action.disabled),
                dataset: { action: action.id },
                onclick: (event) => clickAction(message.id, action.id, event.currentTarget),
              },
              action.label,
            ),
          ),
        ),
      );
    }
    card.append(actions);
  }
  return card;
}

function renderChart(chart) {
  if (chart.state === 'pending') {
    return h(
      'div',
      { className: 'chart chart-pending', role: 'img', 'aria-label': 'Drawing the chart' },
      h('span', { className: 'spinner', 'aria-hidden': 'true' }),
      'Drawing the chart…',
    );
  }
  const img = h('img', {
    src: chart.url,
    alt: chart.alt,
    width: chart.width,
    height: chart.height,
    decoding: 'async',
  });
  img.addEventListener('load', () => keepBottom(), { once: true });
  img.addEventListener('error', () => figure.classList.add('chart-missing'), { once: true });
  const figure = h(
    'figure',
    { className: 'chart' },
    h(
      'a',
      { href: chart.url, target: '_blank', rel: 'noopener', title: 'Open the chart full size' },
      img,
    ),
    h('figcaption', null, chart.alt),
  );
  return figure;
}

// --- the channel ------------------------------------------------------------------------

let stickToBottom = true;
scroller.addEventListener('scroll', () => {
  stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
});
function keepBottom(force = false) {
  if (force || stickToBottom)
    requestAnimationFrame(() => (scroller.scrollTop = scroller.scrollHeight));
}

function upsert(message) {
  const next = renderMessage(message);
  const current = list.querySelector(`li[data-id="${CSS.escape(message.id)}"]`);
  // Keep an open "Sources" box open across live edits.
  const openSources = current?.querySelector('details.sources')?.open;
  if (openSources) next.querySelector('details.sources')?.setAttribute('open', '');
  if (current) current.replaceWith(next);
  else {
    list.append(next);
    while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
  }
  keepBottom();
}

function connect() {
  state.source?.close();
  const source = new EventSource(`/api/events?user=${encodeURIComponent(state.me)}`);
  state.source = source;
  source.addEventListener('snapshot', (event) => {
    const { boot, messages } = JSON.parse(event.data);
    // A new boot means the server restarted: this page's token no longer works.
    if (state.boot !== undefined && boot !== state.boot) return void window.location.reload();
    state.boot = boot;
    list.replaceChildren(...messages.map(renderMessage));
    setStatus('');
    keepBottom(true);
  });
  source.addEventListener('message', (event) => upsert(JSON.parse(event.data)));
  source.addEventListener('edit', (event) => upsert(JSON.parse(event.data)));
  source.addEventListener('remove', (event) => {
    const { id } = JSON.parse(event.data);
    list.querySelector(`li[data-id="${CSS.escape(id)}"]`)?.remove();
  });
  source.addEventListener('error', () => setStatus('Reconnecting…'));
  source.addEventListener('open', () => setStatus(''));
}

function setStatus(text) {
  status.textContent = text;
}

async function api(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-playground-token': token },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const { error } = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
    throw new Error(error);
  }
  return res.json();
}

async function send(text) {
  const line = text.trim();
  if (!line) return;
  state.history = [...state.history.filter((l) => l !== line), line].slice(-50);
  state.historyIndex = -1;
  stickToBottom = true;
  try {
    await api('/api/command', { user: state.me, text: line.startsWith('/') ? line : `/${line}` });
    setStatus('');
  } catch (error) {
    setStatus(`Not sent: ${error.message}`);
  }
}

async function clickAction(messageId, actionId, button) {
  button.disabled = true;
  try {
    const result = await api('/api/action', { user: state.me, actionId, messageId });
    if (result.modal) openModal(result.modal, button);
    setStatus('');
  } catch (error) {
    setStatus(error.message);
  } finally {
    if (button.isConnected) button.disabled = false;
  }
}

// --- modals: a button's small form (a typed number), shown in the page ------------------

/**
 * Show a modal the server opened for this classmate: one text field per declared field, in a
 * <dialog>. A refused value (422) is shown under its field and the form stays open; any other
 * answer arrives in the channel like a click's.
 */
function openModal(modal, opener) {
  const inputs = modal.fields.map((field) => {
    const error = h('p', {
      className: 'modal-error',
      id: `modal-error-${field.id}`,
      role: 'alert',
    });
    const input = h('input', {
      type: 'text',
      name: field.id,
      required: true,
      maxLength: 200,
      placeholder: field.placeholder ?? '',
      autocomplete: 'off',
      'aria-describedby': error.id,
    });
    return { field, input, error };
  });
  const problem = h('p', { className: 'modal-error', role: 'alert' });
  const form = h(
    'form',
    { method: 'dialog', className: 'modal-form' },
    h('h2', { className: 'title' }, modal.title),
    inputs.map(({ field, input, error }) =>
      h('label', { className: 'modal-field' }, h('span', null, field.label), input, error),
    ),
    problem,
    h(
      'div',
      { className: 'modal-buttons' },
      h('button', { type: 'button', className: 'btn secondary', value: 'cancel' }, 'Cancel'),
      h('button', { type: 'submit', className: 'btn primary' }, 'Submit'),
    ),
  );
  const dialog = h('dialog', { className: 'modal', 'aria-label': modal.title }, form);
  const close = () => dialog.close();
  // Cancel, Escape and a successful submit all end here: the form is gone, focus goes back.
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  form.querySelector('button[value="cancel"]').addEventListener('click', close);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = Object.fromEntries(inputs.map(({ field, input }) => [field.id, input.value]));
    for (const { error } of inputs) error.textContent = '';
    problem.textContent = '';
    const res = await fetch('/api/submit', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-playground-token': token },
      body: JSON.stringify({ user: state.me, actionId: modal.id, fields }),
    });
    const body = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
    if (res.ok) return close();
    if (res.status === 422 && body.errors) {
      for (const { field, error } of inputs) error.textContent = body.errors[field.id] ?? '';
      inputs.find(({ field }) => body.errors[field.id])?.input.focus();
    } else problem.textContent = body.error ?? `HTTP ${res.status}`;
  });
  document.body.append(dialog);
  dialog.showModal();
  inputs[0]?.input.focus();
}

// --- classmates and theme ---------------------------------------------------------------

function renderSeats() {
  const seats = $('seats');
  for (const c of state.classmates) {
    const radio = h('input', {
      type: 'radio',
      name: 'seat',
      value: c.id,
      id: `seat-${c.id}`,
      checked: c.id === state.me,
    });
    radio.addEventListener('change', () => chooseSeat(c.id));
    seats.append(
      radio,
      h(
        'label',
        { htmlFor: `seat-${c.id}`, dataset: { seat: c.id } },
        h('span', { className: 'seat-dot', 'aria-hidden': 'true' }, c.name[0]),
        c.name,
      ),
    );
  }
}

function chooseSeat(id) {
  state.me = id;
  sessionStorage.setItem('playground-seat', id);
  $('seat-label').textContent = nameOf(id);
  document.body.dataset.seat = id;
  connect();
}

function setupTheme() {
  const toggle = $('theme-toggle');
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const effective = () =>
    document.documentElement.dataset.theme ?? (media.matches ? 'dark' : 'light');
  const sync = () => {
    const dark = effective() === 'dark';
    toggle.setAttribute('aria-pressed', String(dark));
    toggle.title = dark ? 'Switch to the light theme' : 'Switch to the dark theme';
  };
  toggle.addEventListener('click', () => {
    const next = effective() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem('playground-theme', next);
    } catch {
      // Not saved; it still applies to this page.
    }
    sync();
  });
  media.addEventListener('change', sync);
  sync();
}

// --- the composer: completion, hints, history ------------------------------------------

/** Where the caret is in a command line: which command, which option, what is typed so far. */
function analyse(value) {
  const m = /^\/(\S*)(\s+)?([\s\S]*)$/.exec(value);
  if (!m) return undefined;
  const command = state.commands.find((c) => c.name === m[1].toLowerCase());
  if (!m[2]) return { stage: 'name', partial: m[1].toLowerCase(), command };
  if (!command) return { stage: 'unknown', name: m[1] };
  const rest = m[3];
  const words = rest.split(/\s+/).filter(Boolean);
  const current = /\s$/.test(rest) || rest === '' ? '' : words.pop();
  const used = new Set();
  let positionalCount = 0;
  for (const word of words) {
    const named = /^(?:--)?([a-z_][\w-]*)[:=]/i.exec(word);
    const option = named && command.options.find((o) => o.name === named[1].toLowerCase());
    if (option) used.add(option.name);
    else positionalCount += 1;
  }
  const named = /^(?:--)?([a-z_][\w-]*)[:=](.*)$/i.exec(current);
  const namedOption = named && command.options.find((o) => o.name === named[1].toLowerCase());
  if (namedOption)
    return { stage: 'value', command, option: namedOption, partial: named[2], rest, current, used };
  const free = command.options.filter((o) => o.positional && !used.has(o.name));
  const option = free[Math.min(positionalCount, free.length - 1)];
  return {
    stage: 'word',
    command,
    option,
    partial: current,
    rest,
    current,
    used,
    empty: rest.trim() === '',
  };
}

function suggestionsFor(info, value) {
  if (!info) return { items: [], active: -1 };
  if (info.stage === 'name') {
    const starts = state.commands.filter((c) => c.name.startsWith(info.partial));
    const contains = state.commands.filter(
      (c) => !c.name.startsWith(info.partial) && c.name.includes(info.partial),
    );
    const items = [...starts, ...contains].map((c) => ({
      label: `/${c.name}`,
      detail: c.description,
      value: `/${c.name} `,
    }));
    // A complete name sends on Enter; a partial one completes.
    return { items, active: info.command ? -1 : items.length ? 0 : -1 };
  }
  if (info.stage === 'unknown') return { items: [], active: -1 };
  const base = value.slice(0, value.length - info.current.length);
  const valuesOf = (option) =>
    option?.suggestions ?? option?.choices?.map((c) => ({ name: c, value: c })) ?? [];
  if (info.stage === 'value') {
    const partial = info.partial.toLowerCase();
    const items = valuesOf(info.option)
      .filter((s) => s.value.toLowerCase().includes(partial))
      .map((s) => ({
        label: `${info.option.name}:${s.value}`,
        detail: s.name === s.value ? '' : s.name,
        value: `${base}${info.option.name}:${s.value} `,
      }));
    return { items, active: items.length && partial ? 0 : -1 };
  }
  if (info.empty) {
    const items = info.command.examples
      .filter((e) => e.trim() !== `/${info.command.name}`)
      .map((e) => ({ label: e, detail: 'example', value: e }));
    return { items, active: -1 };
  }
  const partial = info.partial.toLowerCase();
  if (/^[a-z_]/i.test(partial)) {
    const named = info.command.options
      .filter(
        (o) =>
          !info.used.has(o.name) && !o.positional && o.name.startsWith(partial.replace(/^--/, '')),
      )
      .map((o) => ({ label: `${o.name}:`, detail: o.description, value: `${base}${o.name}:` }));
    if (named.length) return { items: named, active: -1 };
  }
  return { items: [], active: -1 };
}

/** "/loss <params> <tokens> [fit:<text>]" with the option being typed highlighted. */
function renderHint(info) {
  hint.replaceChildren();
  if (!info || info.stage === 'name') {
    if (info?.command) {
      hint.append(
        h('span', { className: 'usage' }, info.command.usage),
        h('span', { className: 'hint-option' }, info.command.description),
      );
    }
    return;
  }
  if (info.stage === 'unknown')
    return void hint.append(`No command /${info.name} — type / to see them all.`);
  const option = info.option;
  const [head, ...parts] = info.command.usage.split(' ');
  const usage = h('span', { className: 'usage' }, head);
  for (const part of parts) {
    const name = /^\[?<?([a-z_]+)/i.exec(part)?.[1];
    usage.append(' ', name === option?.name ? h('mark', null, part) : part);
  }
  hint.append(usage);
  if (option) {
    hint.append(
      h(
        'span',
        { className: 'hint-option' },
        h('strong', null, option.name),
        `${option.required ? '' : ' (optional)'} — ${option.description}`,
      ),
    );
  }
}

function updateCompletion() {
  const value = input.value;
  const info = value.startsWith('/') ? analyse(value) : undefined;
  const { items, active } = suggestionsFor(info, value);
  state.suggestions = items;
  state.active = active;
  renderHint(info);
  drawSuggestions();
}

function drawSuggestions() {
  completion.replaceChildren(
    ...state.suggestions.slice(0, 8).map((item, i) =>
      h(
        'li',
        {
          id: `suggestion-${i}`,
          role: 'option',
          className: 'suggestion',
          'aria-selected': String(i === state.active),
          onmousedown: (event) => {
            event.preventDefault(); // keep focus in the input
            accept(i);
          },
        },
        h('span', { className: 'suggestion-label' }, item.label),
        item.detail && h('span', { className: 'suggestion-detail' }, item.detail),
      ),
    ),
  );
  const open = state.suggestions.length > 0;
  completion.hidden = !open;
  input.setAttribute('aria-expanded', String(open));
  if (open && state.active >= 0)
    input.setAttribute('aria-activedescendant', `suggestion-${state.active}`);
  else input.removeAttribute('aria-activedescendant');
}

function accept(index) {
  const item = state.suggestions[index];
  if (!item) return;
  input.value = item.value;
  input.setSelectionRange(item.value.length, item.value.length);
  updateCompletion();
}

function closeCompletion() {
  state.suggestions = [];
  state.active = -1;
  drawSuggestions();
}

function recall(step) {
  if (!state.history.length) return false;
  const last = state.history.length - 1;
  const index = state.historyIndex === -1 ? (step < 0 ? last : -1) : state.historyIndex + step;
  if (index < 0 || index > last) {
    if (step > 0 && state.historyIndex !== -1) {
      state.historyIndex = -1;
      input.value = '';
      updateCompletion();
      return true;
    }
    return step < 0 && state.historyIndex !== -1; // stay on the oldest
  }
  state.historyIndex = index;
  input.value = state.history[index];
  input.setSelectionRange(input.value.length, input.value.length);
  updateCompletion();
  closeCompletion();
  return true;
}

input.addEventListener('input', () => {
  state.historyIndex = -1;
  updateCompletion();
});
input.addEventListener('focus', updateCompletion);
input.addEventListener('blur', () => setTimeout(closeCompletion, 100));
input.addEventListener('keydown', (event) => {
  const open = state.suggestions.length > 0;
  const count = Math.min(state.suggestions.length, 8);
  if (event.key === 'ArrowDown' && open) {
    event.preventDefault();
    state.active = (state.active + 1) % count;
    drawSuggestions();
  } else if (event.key === 'ArrowUp' && open && state.historyIndex === -1 && input.value !== '') {
    event.preventDefault();
    state.active = state.active <= 0 ? count - 1 : state.active - 1;
    drawSuggestions();
  } else if (event.key === 'ArrowUp' || (event.key === 'ArrowDown' && state.historyIndex !== -1)) {
    if (recall(event.key === 'ArrowUp' ? -1 : 1)) event.preventDefault();
  } else if (event.key === 'Tab' && open && !event.shiftKey) {
    event.preventDefault();
    accept(Math.max(state.active, 0));
  } else if (event.key === 'Escape' && open) {
    event.preventDefault();
    closeCompletion();
  } else if (
    event.key === 'Enter' &&
    open &&
    state.active >= 0 &&
    state.suggestions[state.active].value !== input.value
  ) {
    event.preventDefault();
    accept(state.active);
  }
});

// The file picker: the typed command (/fit, or /course import by default) runs with the file's text.
$('composer-file').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  event.target.value = '';
  if (!file) return;
  if (file.size > 1024 * 1024) {
    setStatus(`Not sent: ${file.name} is larger than 1 MB; split it into several files.`);
    return;
  }
  const typed = input.value.trim();
  const text = typed ? (typed.startsWith('/') ? typed : `/${typed}`) : '/course import';
  try {
    await api('/api/upload', {
      user: state.me,
      text,
      filename: file.name,
      content: await file.text(),
    });
    input.value = '';
    setStatus('');
  } catch (error) {
    setStatus(`Not sent: ${error.message}`);
  }
});

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value;
  input.value = '';
  closeCompletion();
  renderHint(undefined);
  void send(text);
});

for (const chip of document.querySelectorAll('[data-command]')) {
  chip.addEventListener('click', () => {
    void send(chip.dataset.command);
    input.focus();
  });
}

// --- start ------------------------------------------------------------------------------

async function start() {
  setupTheme();
  const res = await fetch('/api/commands');
  const { classmates, commands } = await res.json();
  state.classmates = classmates;
  state.commands = commands;
  if (!classmates.some((c) => c.id === state.me)) state.me = classmates[0].id;
  renderSeats();
  chooseSeat(state.me);
  input.focus();
}

start().catch((error) => setStatus(`Could not start: ${error.message}`));
