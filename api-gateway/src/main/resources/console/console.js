// orderflow operations console. Plain script, no libraries: every view is built from orderflow's JSON API with DOM
// calls (text is never parsed as HTML). The admin key lives in this tab's sessionStorage and goes out only as the
// X-Api-Key header; it is never put in a URL, logged or shown.
'use strict';

(() => {
    const KEY_STORE = 'orderflow.console.apiKey';
    const STATUSES = ['PLACED', 'ROUTING', 'AWAITING_SUPPLIER', 'ACCEPTED', 'IN_FULFILLMENT', 'SHIPPED', 'DELIVERED',
        'BACKORDERED', 'ON_HOLD', 'CANCELLED'];
    const TONES = {
        DELIVERED: 'ok', ACCEPTED: 'ok', IN_FULFILLMENT: 'info', SHIPPED: 'info', AWAITING_SUPPLIER: 'info',
        ROUTING: 'info', PLACED: 'info', ON_HOLD: 'warn', BACKORDERED: 'warn', CANCELLED: 'bad',
        CLOSED: 'ok', OPEN: 'bad', FORCED_OPEN: 'bad', HALF_OPEN: 'warn', APPLIED: 'ok', STALE: 'warn',
    };
    const view = document.getElementById('view');
    const signInTemplate = document.getElementById('sign-in');
    const announcer = document.getElementById('announce');
    const live = document.getElementById('live');

    // ---------- small helpers ----------

    /** h('td', {class: 'num'}, 'text', child...): an element; strings become text nodes, null children are skipped. */
    function h(tag, attributes, ...children) {
        const element = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes || {})) {
            if (value === null || value === undefined || value === false) {
                continue;
            }
            if (name.startsWith('on') && typeof value === 'function') {
                element.addEventListener(name.slice(2), value);
            } else if (name === 'dataset') {
                Object.assign(element.dataset, value);
            } else {
                element.setAttribute(name, value === true ? '' : String(value));
            }
        }
        append(element, children);
        return element;
    }

    function append(element, children) {
        for (const child of children.flat(Infinity)) {
            if (child === null || child === undefined || child === false) {
                continue;
            }
            element.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
        return element;
    }

    function clear(element) {
        element.replaceChildren();
        return element;
    }

    /** Replaces the element's children; like h(), skips null and flattens arrays. */
    function fill(element, ...children) {
        return append(clear(element), children);
    }

    const enc = encodeURIComponent;
    const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

    function when(instant) {
        if (!instant) {
            return h('span', { class: 'muted' }, '—');
        }
        const date = new Date(instant);
        return h('time', { datetime: date.toISOString(), title: date.toISOString() }, timeFormat.format(date));
    }

    function badge(value, attributes = {}) {
        const text = value || 'UNKNOWN';
        return h('span', { class: 'badge', 'data-tone': TONES[text] || 'neutral', ...attributes },
            text.replaceAll('_', ' ').toLowerCase());
    }

    function percent(rate) {
        return rate === null || rate === undefined ? h('span', { class: 'muted', title: 'fewer than five so far' }, '—')
            : `${(rate * 100).toFixed(0)} %`;
    }

    function shortType(type) {
        return type ? type.slice(type.lastIndexOf('.') + 1) : '';
    }

    function orderLink(orderId, label) {
        return h('a', { href: `#/orders/${enc(orderId)}`, class: 'mono' }, label || orderId.slice(0, 8));
    }

    function table(caption, headers, rows, emptyText) {
        if (rows.length === 0) {
            return h('p', { class: 'empty' }, emptyText);
        }
        return h('div', { class: 'table-wrap' }, h('table', {},
            caption ? h('caption', {}, caption) : null,
            h('thead', {}, h('tr', {}, headers.map((header) => {
                const [text, numeric] = Array.isArray(header) ? header : [header, false];
                return h('th', { scope: 'col', class: numeric ? 'num' : null }, text);
            }))),
            h('tbody', {}, rows)));
    }

    function uuid() {
        if (crypto.randomUUID) {
            return crypto.randomUUID();
        }
        // plain http to another host is no secure context: randomUUID is missing there, getRandomValues is not
        const bytes = crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }

    let announceTimer;
    function announce(text) {
        announcer.textContent = text;
        clearTimeout(announceTimer);
        announceTimer = setTimeout(() => { announcer.textContent = ''; }, 6000);
    }

    function markLive(ok) {
        live.dataset.state = ok ? 'live' : 'stale';
        live.textContent = ok ? `Live · read ${new Date().toLocaleTimeString()}` : 'Cannot reach orderflow; retrying';
    }

    // ---------- the API ----------

    class ApiError extends Error {
        constructor(status, problem) {
            super(problem && problem.detail ? problem.detail : `orderflow answered ${status}`);
            this.status = status;
            this.problem = problem || {};
        }
    }

    const apiKey = () => sessionStorage.getItem(KEY_STORE);

    async function api(path, { method = 'GET', body, idempotencyKey, signal, key = apiKey() } = {}) {
        const headers = { Accept: 'application/json', 'X-Api-Key': key };
        if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
        }
        if (idempotencyKey) {
            headers['Idempotency-Key'] = idempotencyKey;
        }
        let response;
        try {
            response = await fetch(path, {
                method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
                cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
            });
        } catch (failure) {
            if (failure.name === 'AbortError') {
                throw failure;
            }
            markLive(false);
            throw new ApiError(0, { detail: 'orderflow cannot be reached; check the connection and retry.' });
        }
        const text = await response.text();
        let json = null;
        if (text) {
            try {
                json = JSON.parse(text);
            } catch {
                json = null;
            }
        }
        if (!response.ok) {
            if (response.status === 401 && key === apiKey()) {
                signOut('The key was refused; sign in again.');
            }
            throw new ApiError(response.status, json);
        }
        markLive(true);
        return json;
    }

    function problemBox(error) {
        const box = h('div', { class: 'problem', role: 'alert' }, error.message);
        const errors = error.problem && Array.isArray(error.problem.errors) ? error.problem.errors : [];
        if (errors.length > 0) {
            box.append(h('ul', {}, errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))));
        }
        return box;
    }

    // ---------- routing between views ----------

    let current = { dispose: () => {} };
    let renderedRoute = '';

    /** What a view may ask for: polling that stops when the view is left (and pauses while the tab is hidden). */
    function viewContext() {
        const timers = [];
        const controllers = [];
        const refreshers = [];
        return {
            active: true,
            every(ms, refresh) {
                refreshers.push(refresh);
                timers.push(setInterval(() => {
                    if (!document.hidden) {
                        refresh();
                    }
                }, ms));
            },
            abortable() {
                const controller = new AbortController();
                controllers.push(controller);
                return controller;
            },
            refresh() {
                refreshers.forEach((refresh) => refresh());
            },
            dispose() {
                this.active = false;
                timers.forEach(clearInterval);
                controllers.forEach((c) => c.abort());
            },
        };
    }

    const routes = [
        [/^\/?$/, 'overview', overviewView],
        [/^\/orders$/, 'orders', searchView],
        [/^\/orders\/([^/]+)$/, 'orders', detailView],
        [/^\/holds$/, 'holds', (ctx) => queueView(ctx, 'ON_HOLD')],
        [/^\/backorders$/, 'backorders', (ctx) => queueView(ctx, 'BACKORDERED')],
        [/^\/dead-letters$/, 'dead-letters', deadLetterView],
        [/^\/suppliers$/, 'suppliers', supplierView],
        [/^\/stock$/, 'stock', stockView],
    ];

    function parseHash() {
        const raw = location.hash.replace(/^#/, '') || '/';
        const [path, query = ''] = raw.split('?');
        return { path, params: new URLSearchParams(query) };
    }

    function route() {
        if (!apiKey()) {
            showSignIn();
            return;
        }
        const { path, params } = parseHash();
        current.dispose();
        const ctx = viewContext();
        current = ctx;
        const match = routes.map(([pattern, nav, render]) => [pattern.exec(path), nav, render])
            .find(([found]) => found);
        document.querySelectorAll('[data-nav]').forEach((link) => {
            if (match && link.dataset.nav === match[1]) {
                link.setAttribute('aria-current', 'page');
            } else {
                link.removeAttribute('aria-current');
            }
        });
        clear(view);
        const samePage = renderedRoute === path;
        renderedRoute = path;
        if (!match) {
            view.append(h('h1', {}, 'Not found'), h('p', {}, 'This console has no such page. ',
                h('a', { href: '#/' }, 'Go to the overview.')));
        } else {
            match[2](ctx, ...match[0].slice(1).map(decodeURIComponent), params);
        }
        if (!samePage) {
            // keyboard and screen-reader users land on the new view's heading
            const heading = view.querySelector('h1');
            if (heading) {
                heading.setAttribute('tabindex', '-1');
                heading.focus({ preventScroll: false });
            }
        }
    }

    // ---------- sign in / out ----------

    function showSignIn(message) {
        current.dispose();
        renderedRoute = '';
        document.getElementById('nav').hidden = true;
        document.getElementById('session').hidden = true;
        clear(view).append(signInTemplate);
        signInTemplate.hidden = false;
        const problem = document.getElementById('sign-in-problem');
        problem.hidden = !message;
        problem.textContent = message || '';
        document.getElementById('api-key').focus();
    }

    function signOut(message) {
        sessionStorage.removeItem(KEY_STORE);
        showSignIn(message);
    }

    document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
        event.preventDefault();
        const input = document.getElementById('api-key');
        const problem = document.getElementById('sign-in-problem');
        const button = event.target.querySelector('button');
        const key = input.value.trim();
        if (!key) {
            return;
        }
        button.disabled = true;
        try {
            // the supplier list needs the admin scope: the one call that tells whether this key can work the console
            await api('/api/v1/suppliers', { key });
            sessionStorage.setItem(KEY_STORE, key);
            input.value = '';
            signedIn();
        } catch (error) {
            problem.hidden = false;
            problem.textContent = error.status === 401 ? 'orderflow does not know this key.'
                : error.status === 403 ? 'This key lacks the admin scope the console needs.' : error.message;
        } finally {
            button.disabled = false;
        }
    });

    document.getElementById('sign-out').addEventListener('click', () => signOut());

    function signedIn() {
        signInTemplate.hidden = true;
        document.body.append(signInTemplate);
        document.getElementById('nav').hidden = false;
        document.getElementById('session').hidden = false;
        refreshCounts();
        route();
    }

    // ---------- the queue counts in the navigation ----------

    async function refreshCounts() {
        if (!apiKey() || document.hidden) {
            return;
        }
        const set = (id, value) => {
            document.getElementById(id).textContent = value ? String(value) : '';
        };
        try {
            const [holds, backorders, letters] = await Promise.all([
                api('/api/v1/orders?status=ON_HOLD&limit=200'),
                api('/api/v1/orders?status=BACKORDERED&limit=200'),
                api('/api/v1/admin/dead-letters'),
            ]);
            const count = (page) => (page.items.length === 0 ? '' : page.items.length + (page.nextCursor ? '+' : ''));
            set('count-holds', count(holds));
            set('count-backorders', count(backorders));
            set('count-dead-letters', letters.sequences.length + letters.records.length);
        } catch {
            // the view shows what failed; the counts simply stay as they were
        }
    }
    setInterval(refreshCounts, 15000);

    // ---------- overview ----------

    function overviewView(ctx) {
        const tiles = h('div', { class: 'tiles' });
        const risk = h('section', { class: 'card', 'aria-labelledby': 'risk-title' },
            h('h2', { id: 'risk-title' }, 'Needs attention'), h('p', { class: 'muted' }, 'Reading…'));
        view.append(h('h1', {}, 'Overview'), tiles, risk);

        const tile = (href, count, label, alert) => h('a', { class: 'tile', href, 'data-alert': alert ? 'true' : 'false' },
            h('strong', {}, String(count)), h('span', {}, label));

        async function refresh() {
            try {
                const [holds, backorders, exceptions, letters, suppliers] = await Promise.all([
                    api('/api/v1/orders?status=ON_HOLD&limit=200'),
                    api('/api/v1/orders?status=BACKORDERED&limit=200'),
                    api('/api/v1/exceptions?within=PT2H'),
                    api('/api/v1/admin/dead-letters'),
                    api('/api/v1/suppliers'),
                ]);
                if (!ctx.active) {
                    return;
                }
                const more = (page) => page.items.length + (page.nextCursor ? '+' : '');
                const open = suppliers.filter((s) => /OPEN/.test(s.circuit)).length;
                const parked = letters.sequences.length + letters.records.length;
                fill(tiles, 
                    tile('#/holds', more(holds), 'orders on hold', holds.items.length > 0),
                    tile('#/backorders', more(backorders), 'backordered orders', backorders.items.length > 0),
                    tile('#/orders?atRisk=true', exceptions.length, 'orders at risk (2 h)', exceptions.length > 0),
                    tile('#/dead-letters', parked, 'dead letters', parked > 0),
                    tile('#/suppliers', `${open} / ${suppliers.length}`, 'supplier circuits open', open > 0));
                fill(risk, h('h2', { id: 'risk-title' }, 'Needs attention'), table(null,
                    ['Order', 'Reason', 'Concerns', 'Detail', 'Since', 'Due'],
                    exceptions.map((e) => h('tr', {},
                        h('td', {}, orderLink(e.orderId, e.externalOrderId || e.orderId.slice(0, 8))),
                        h('td', {}, badge(e.reason)),
                        h('td', { class: 'mono' }, e.subject || 'the order'),
                        h('td', {}, e.detail || ''),
                        h('td', {}, when(e.since)),
                        h('td', {}, when(e.dueAt)))),
                    'Nothing is at risk in the next two hours.'));
            } catch (error) {
                if (ctx.active && error.name !== 'AbortError') {
                    fill(risk, problemBox(error));
                }
            }
        }
        refresh();
        ctx.every(10000, refresh);
    }

    // ---------- order search ----------

    function searchView(ctx, params) {
        const form = h('form', { class: 'filters card', role: 'search', 'aria-label': 'Order filters' },
            h('div', {}, h('label', { for: 'f-status' }, 'Status'),
                h('select', { id: 'f-status', name: 'status' }, h('option', { value: '' }, 'Any'),
                    STATUSES.map((s) => h('option', { value: s }, s.replaceAll('_', ' ').toLowerCase())))),
            h('div', {}, h('label', { for: 'f-supplier' }, 'Supplier'),
                h('input', { id: 'f-supplier', name: 'supplierId', placeholder: 'e.g. berlin-gear', 'data-first-field': true })),
            h('div', {}, h('label', { for: 'f-sku' }, 'SKU'), h('input', { id: 'f-sku', name: 'sku', placeholder: 'e.g. MUG-LOGO' })),
            h('div', {}, h('label', { for: 'f-from' }, 'Placed from'), h('input', { id: 'f-from', name: 'placedFrom', type: 'datetime-local' })),
            h('div', {}, h('label', { for: 'f-to' }, 'Placed before'), h('input', { id: 'f-to', name: 'placedTo', type: 'datetime-local' })),
            h('div', { class: 'check' }, h('input', { id: 'f-risk', name: 'atRisk', type: 'checkbox' }),
                h('label', { for: 'f-risk' }, 'At risk only')),
            h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Search'),
                h('button', { type: 'reset' }, 'Clear')));
        const results = h('section', { 'aria-live': 'polite', 'aria-busy': 'true', id: 'results', 'data-query': params.toString() });
        view.append(h('h1', {}, 'Orders'), form, results);

        form.elements.status.value = params.get('status') || '';
        form.elements.supplierId.value = params.get('supplierId') || '';
        form.elements.sku.value = params.get('sku') || '';
        form.elements.atRisk.checked = params.get('atRisk') === 'true';
        const local = (iso) => {
            if (!iso) {
                return '';
            }
            const date = new Date(iso);
            return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
        };
        form.elements.placedFrom.value = local(params.get('placedFrom'));
        form.elements.placedTo.value = local(params.get('placedTo'));

        form.addEventListener('submit', (event) => {
            event.preventDefault();
            const query = new URLSearchParams();
            for (const name of ['status', 'supplierId', 'sku']) {
                const value = form.elements[name].value.trim();
                if (value) {
                    query.set(name, value);
                }
            }
            for (const name of ['placedFrom', 'placedTo']) {
                if (form.elements[name].value) {
                    query.set(name, new Date(form.elements[name].value).toISOString());
                }
            }
            if (form.elements.atRisk.checked) {
                query.set('atRisk', 'true');
            }
            const next = `#/orders${query.toString() ? `?${query}` : ''}`;
            if (location.hash === next) {
                ctx.refresh();
            } else {
                location.hash = next;
            }
        });
        form.addEventListener('reset', () => setTimeout(() => { location.hash = '#/orders'; }));

        const query = new URLSearchParams(params);
        query.set('limit', '50');
        let pages = 1;
        let shown = [];

        async function load(cursor) {
            const page = new URLSearchParams(query);
            if (cursor) {
                page.set('cursor', cursor);
            }
            return api(`/api/v1/orders?${page}`);
        }

        function render(items, nextCursor) {
            shown = items;
            const rows = items.map((o) => h('tr', { 'data-order-id': o.orderId },
                h('td', {}, orderLink(o.orderId, o.externalOrderId)),
                h('td', {}, badge(o.status, { 'data-status': o.status })),
                h('td', {}, [...new Set((o.lines || []).map((l) => l.sku))].join(', ')),
                h('td', {}, [...new Set((o.lines || []).map((l) => l.supplierId).filter(Boolean))].join(', ')
                    || h('span', { class: 'muted' }, 'none yet')),
                h('td', {}, when(o.placedAt)),
                h('td', {}, when(o.updatedAt))));
            const more = nextCursor ? h('p', {}, h('button', {
                type: 'button',
                onclick: async (event) => {
                    event.target.disabled = true;
                    try {
                        const page = await load(nextCursor);
                        pages++;
                        render(shown.concat(page.items), page.nextCursor);
                    } catch (error) {
                        results.append(problemBox(error));
                    }
                },
            }, 'Show more')) : null;
            fill(results, 
                h('p', { class: 'muted' }, `${items.length} order${items.length === 1 ? '' : 's'}${nextCursor ? ' shown, more match' : ''}, newest first.`),
                table(null, ['Order', 'Status', 'SKUs', 'Suppliers', 'Placed', 'Updated'], rows,
                    'No order matches these filters.'),
                more);
            results.setAttribute('aria-busy', 'false');
        }

        async function refresh() {
            // a list the operator paged through stays put; the first page follows changes
            if (pages > 1) {
                return;
            }
            try {
                const page = await load();
                if (ctx.active) {
                    render(page.items, page.nextCursor);
                }
            } catch (error) {
                if (ctx.active) {
                    fill(results, problemBox(error));
                }
            }
        }
        refresh();
        ctx.every(10000, refresh);
    }

    // ---------- order detail ----------

    function detailView(ctx, orderId) {
        const heading = h('h1', {}, 'Order ', h('span', { class: 'mono' }, orderId));
        const status = h('p', { class: 'actions' });
        // outside the action forms, which are replaced as soon as the order moves on (maybe before the answer comes)
        const outcome = h('div', { id: 'action-outcome', 'aria-live': 'polite' });
        const summary = h('section', { class: 'card', 'aria-labelledby': 'summary-title' });
        const actions = h('section', { class: 'card', id: 'actions', 'aria-labelledby': 'actions-title', hidden: true });
        const lines = h('section', { class: 'card', 'aria-labelledby': 'lines-title' });
        const shipments = h('section', { class: 'card', 'aria-labelledby': 'shipments-title' });
        const routing = h('section', { class: 'card', id: 'routing', 'aria-labelledby': 'routing-title' },
            h('h2', { id: 'routing-title' }, 'Routing explanation'), h('p', { class: 'muted' }, 'Reading…'));
        const timeline = h('section', { class: 'card', id: 'timeline', 'aria-labelledby': 'timeline-title' },
            h('h2', { id: 'timeline-title' }, 'Timeline'), h('p', { class: 'muted' }, 'Reading…'));
        view.append(h('p', {}, h('a', { href: '#/orders' }, '← Orders')), heading, status, outcome,
            h('div', { class: 'grid' }, h('div', {}, summary, actions), h('div', {}, timeline)), lines, shipments, routing);

        let lastView = null;
        let suppliers = null;

        function renderView(order) {
            const changed = lastView && lastView.status !== order.status;
            lastView = order;
            fill(heading, 'Order ', h('span', { class: 'mono' }, order.externalOrderId || order.orderId));
            fill(status, badge(order.status, { id: 'order-status', 'data-status': order.status }),
                h('span', { class: 'muted' }, 'updated ', when(order.updatedAt)));
            if (changed) {
                status.classList.remove('flash');
                void status.offsetWidth;
                status.classList.add('flash');
                announce(`The order is now ${order.status.replaceAll('_', ' ').toLowerCase()}.`);
            }
            fill(summary, h('h2', { id: 'summary-title' }, 'Summary'), h('dl', { class: 'facts' },
                h('dt', {}, 'Order id'), h('dd', { class: 'mono' }, order.orderId),
                h('dt', {}, 'Storefront id'), h('dd', { class: 'mono' }, order.externalOrderId),
                h('dt', {}, 'Placed'), h('dd', {}, when(order.placedAt)),
                h('dt', {}, 'Updated'), h('dd', {}, when(order.updatedAt)),
                h('dt', {}, 'Customer page'), h('dd', {}, order.trackingUrl
                    ? h('a', { href: order.trackingUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Tracking page')
                    : '—')));
            fill(lines, h('h2', { id: 'lines-title' }, 'Lines'), table(null,
                ['Line', 'SKU', ['Qty', true], 'Status', 'Supplier', ['Fulfilled', true], ['Shipped', true],
                    ['Delivered', true], ['Cancelled', true]],
                (order.lines || []).map((l) => h('tr', {},
                    h('td', { class: 'mono' }, l.lineId), h('td', { class: 'mono' }, l.sku),
                    h('td', { class: 'num' }, l.quantity), h('td', {}, badge(l.status)),
                    h('td', {}, l.supplierId || h('span', { class: 'muted' }, '—')),
                    h('td', { class: 'num' }, l.fulfilled), h('td', { class: 'num' }, l.shipped),
                    h('td', { class: 'num' }, l.delivered), h('td', { class: 'num' }, l.cancelled))),
                'No lines.'),
                (order.allocations || []).length === 0 ? null : table('Supplier orders',
                    ['Allocation', 'Supplier', 'Location', 'Their reference', 'Status'],
                    order.allocations.map((a) => h('tr', {},
                        h('td', { class: 'mono' }, a.allocationId.slice(0, 8)), h('td', {}, a.supplierId),
                        h('td', {}, a.locationId), h('td', { class: 'mono' }, a.supplierOrderRef || '—'),
                        h('td', {}, badge(a.status)))), ''));
            fill(shipments, h('h2', { id: 'shipments-title' }, 'Shipments'), table(null,
                ['Shipment', 'Supplier', 'Carrier', 'Tracking', 'Status', 'Lines'],
                (order.shipments || []).map((s) => h('tr', {},
                    h('td', { class: 'mono' }, (s.shipmentId || '').slice(0, 12)), h('td', {}, s.supplierId),
                    h('td', {}, s.carrier || '—'),
                    h('td', {}, s.trackingUrl && /^https:\/\//.test(s.trackingUrl)
                        ? h('a', { href: s.trackingUrl, target: '_blank', rel: 'noopener noreferrer' }, s.trackingNumber || 'track')
                        : (s.trackingNumber || '—')),
                    h('td', {}, badge(s.status), s.detail ? h('div', { class: 'muted' }, s.detail) : null),
                    h('td', {}, (s.lines || []).map((l) => `${l.lineId} × ${l.quantity}`).join(', ')))),
                'Nothing shipped yet.'));
            renderActions(order);
        }

        // ----- the human-in-the-loop actions -----

        function actionForm({ id, title, help, buttons, extra }) {
            const reason = h('textarea', { id: `${id}-reason`, required: true, maxlength: 500 });
            const result = h('div', { 'aria-live': 'polite' });
            const form = h('form', { id, class: 'field' },
                h('h3', {}, title), help ? h('p', { class: 'muted' }, help) : null, extra || null,
                h('div', { class: 'field' }, h('label', { for: `${id}-reason` }, 'Reason (kept in the order\'s history)'), reason),
                h('div', { class: 'actions' }, buttons.map((b) =>
                    h('button', { type: 'submit', class: b.tone || 'primary', value: b.action, 'data-action': b.action }, b.label))),
                result);
            form.addEventListener('input', () => { delete form.dataset.key; });
            form.addEventListener('submit', async (event) => {
                event.preventDefault();
                const submitter = event.submitter || form.querySelector('button[type=submit]');
                const chosen = buttons.find((b) => b.action === submitter.value) || buttons[0];
                const body = { reason: reason.value.trim() };
                if (!body.reason) {
                    reason.focus();
                    return;
                }
                if (chosen.body) {
                    const problem = chosen.body(body);
                    if (problem) {
                        fill(result, h('div', { class: 'problem', role: 'alert' }, problem));
                        return;
                    }
                }
                // one key per intended action: a retry after a lost answer repeats it, an edited form is a new one
                form.dataset.key = form.dataset.key || uuid();
                form.querySelectorAll('button').forEach((b) => { b.disabled = true; });
                fill(result, h('p', { class: 'muted' }, 'Sending…'));
                try {
                    await api(`/api/v1/orders/${enc(orderId)}/${chosen.action}`,
                        { method: 'POST', body, idempotencyKey: form.dataset.key });
                    delete form.dataset.key;
                    reason.value = '';
                    clear(result);
                    fill(outcome, h('p', { class: 'notice' },
                        `${chosen.done}: "${body.reason}". The page follows the order live.`));
                    announce(chosen.done);
                    refreshCounts();
                } catch (error) {
                    if (error.status !== 0 && error.status !== 503) {
                        delete form.dataset.key;
                    }
                    fill(result, problemBox(error));
                } finally {
                    form.querySelectorAll('button').forEach((b) => { b.disabled = false; });
                }
            });
            return form;
        }

        let actionsFor = '';
        async function renderActions(order) {
            const held = order.status === 'ON_HOLD';
            const backordered = (order.lines || []).some((l) => l.status === 'BACKORDERED');
            const signature = `${held}|${backordered}`;
            if (signature === actionsFor) {
                return;
            }
            actionsFor = signature;
            if (!held && !backordered) {
                clear(actions);
                actions.hidden = true;
                return;
            }
            actions.hidden = false;
            const forms = [];
            if (held) {
                forms.push(actionForm({
                    id: 'release', title: 'Release the hold',
                    help: 'Routes the open lines again, as if the order had just arrived.',
                    buttons: [{ action: 'hold-release', label: 'Release hold', done: 'Hold released' }],
                }));
                forms.push(manualAllocationForm(order));
            }
            if (backordered) {
                forms.push(actionForm({
                    id: 'backorder', title: 'Backordered lines',
                    help: 'Retry routes the backordered lines now; cancel gives up on them (the customer is refunded).',
                    buttons: [
                        { action: 'backorder-retry', label: 'Retry now', done: 'Backorder retried' },
                        { action: 'backorder-cancellation', label: 'Cancel backordered lines', tone: 'danger', done: 'Backorder cancelled' },
                    ],
                }));
            }
            fill(actions, h('h2', { id: 'actions-title' }, 'Actions'), forms);
        }

        function manualAllocationForm(order) {
            const open = (order.lines || []).filter((l) => !l.supplierId && l.status !== 'CANCELLED');
            const supplier = h('select', { id: 'assign-supplier', required: true }, h('option', { value: '' }, 'Choose…'));
            const place = h('select', { id: 'assign-location', required: true }, h('option', { value: '' }, 'Choose a supplier first'));
            const boxes = open.map((l) => h('div', { class: 'check' },
                h('input', { type: 'checkbox', id: `assign-line-${l.lineId}`, value: l.lineId, checked: true }),
                h('label', { for: `assign-line-${l.lineId}` }, `${l.lineId}: ${l.sku} × ${l.quantity}`)));
            (async () => {
                suppliers = suppliers || await api('/api/v1/suppliers').catch(() => []);
                suppliers.filter((s) => s.active).forEach((s) =>
                    supplier.append(h('option', { value: s.supplierId }, `${s.name || s.supplierId} (${s.supplierId})`)));
            })();
            supplier.addEventListener('change', async () => {
                fill(place, h('option', { value: '' }, 'Reading…'));
                if (!supplier.value) {
                    return;
                }
                try {
                    const details = await api(`/api/v1/suppliers/${enc(supplier.value)}`);
                    fill(place, ...(details.locations || []).map((l) =>
                        h('option', { value: l.locationId }, `${l.locationId} (${[l.region, l.country].filter(Boolean).join(', ')})`)));
                } catch (error) {
                    fill(place, h('option', { value: '' }, error.message));
                }
            });
            return actionForm({
                id: 'assign', title: 'Assign to a supplier by hand',
                help: 'Stock is still reserved at the chosen location: nothing is oversold.',
                extra: h('div', {},
                    h('div', { class: 'field' }, h('label', { for: 'assign-supplier' }, 'Supplier'), supplier),
                    h('div', { class: 'field' }, h('label', { for: 'assign-location' }, 'Location'), place),
                    h('fieldset', { class: 'field' }, h('legend', {}, 'Lines'), boxes)),
                buttons: [{
                    action: 'manual-allocation', label: 'Assign', tone: null, done: 'Lines assigned',
                    body: (body) => {
                        const chosen = boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => ({ lineId: i.value }));
                        if (!supplier.value || !place.value || chosen.length === 0) {
                            return 'Choose a supplier, a location and at least one line.';
                        }
                        Object.assign(body, { supplierId: supplier.value, locationId: place.value, lines: chosen });
                        return null;
                    },
                }],
            });
        }

        // ----- timeline and routing, read again whenever the order changes -----

        async function refreshHistory() {
            try {
                const [entries, decisions] = await Promise.all([
                    api(`/api/v1/orders/${enc(orderId)}/timeline`, { signal: ctx.abortable().signal }),
                    api(`/api/v1/orders/${enc(orderId)}/routing-decisions`, { signal: ctx.abortable().signal }),
                ]);
                if (!ctx.active) {
                    return;
                }
                fill(timeline, h('h2', { id: 'timeline-title' }, 'Timeline'),
                    h('ol', { class: 'timeline' }, entries.map((e) => h('li', { 'data-type': e.type },
                        when(e.at), h('span', {}, e.text), ' ', h('span', { class: 'type' }, e.type)))));
                renderRouting(decisions);
            } catch (error) {
                if (ctx.active && error.name !== 'AbortError' && error.status !== 404) {
                    timeline.append(problemBox(error));
                }
            }
        }

        function renderRouting(decisions) {
            fill(routing, h('h2', { id: 'routing-title' }, 'Routing explanation'));
            if (decisions.length === 0) {
                routing.append(h('p', { class: 'empty' }, lastView && lastView.status === 'ON_HOLD'
                    ? 'Not routed: no supplier could take the open lines (see the timeline for why).'
                    : 'No routing decision yet.'));
                return;
            }
            decisions.forEach((d, index) => {
                const explanation = d.explanation || { candidates: [] };
                routing.append(h('details', { class: 'decision', open: index === decisions.length - 1 },
                    h('summary', {}, `${d.supplierId} / ${d.locationId} — `,
                        d.lines.map((l) => `${l.lineId} × ${l.quantity}`).join(', ')),
                    h('p', { 'data-decision': true }, explanation.decision || ''),
                    h('p', { class: 'muted' }, `Policy ${d.policyVersion}, decided `, when(d.decidedAt)),
                    table('Candidates', ['Supplier / location', 'Eligible', ['Score', true], 'Breakdown', ['Distance', true], 'Reasons'],
                        (explanation.candidates || []).map((c) => h('tr', { 'data-chosen': c.chosen ? 'true' : 'false' },
                            h('td', {}, c.locationId ? `${c.supplierId} / ${c.locationId}` : c.supplierId, c.chosen ? h('strong', {}, ' (chosen)') : null),
                            h('td', {}, c.eligible ? badge('ELIGIBLE', { 'data-tone': 'ok' }) : badge('EXCLUDED', { 'data-tone': 'bad' })),
                            h('td', { class: 'num' }, c.score === null || c.score === undefined ? '—' : c.score.toFixed(3)),
                            h('td', {}, h('span', { class: 'breakdown' }, Object.entries(c.breakdown || {})
                                .map(([name, value]) => h('span', {}, `${name} ${Number(value).toFixed(2)}`)))),
                            h('td', { class: 'num' }, c.distanceKm === null || c.distanceKm === undefined ? '—' : `${Math.round(c.distanceKm)} km`),
                            h('td', {}, (c.reasons || []).length ? h('ul', { class: 'reasons' }, c.reasons.map((r) => h('li', {}, r))) : ''))),
                        'No candidates recorded.')));
            });
        }

        // ----- live: the order's stream (fetch, since EventSource cannot send the key header) -----

        let historyTimers = [];
        function onOrder(order) {
            const changed = !lastView || lastView.updatedAt !== order.updatedAt || lastView.status !== order.status;
            renderView(order);
            markLive(true);
            if (changed) {
                historyTimers.forEach(clearTimeout);
                // the timeline and decisions are other read models: read them now and once more when they caught up
                historyTimers = [setTimeout(refreshHistory, 250), setTimeout(refreshHistory, 2000)];
            }
        }

        async function follow() {
            let delay = 1000;
            while (ctx.active) {
                const controller = ctx.abortable();
                try {
                    const response = await fetch(`/api/v1/orders/${enc(orderId)}/stream`, {
                        headers: { Accept: 'text/event-stream', 'X-Api-Key': apiKey() },
                        signal: controller.signal, cache: 'no-store', credentials: 'omit',
                    });
                    if (response.status === 404) {
                        fill(view, h('h1', {}, 'No such order'),
                            h('p', {}, 'orderflow knows no order ', h('span', { class: 'mono' }, orderId),
                                ' for this retailer. ', h('a', { href: '#/orders' }, 'Search the orders.')));
                        return;
                    }
                    if (response.status === 401) {
                        signOut('The key was refused; sign in again.');
                        return;
                    }
                    if (!response.ok) {
                        throw new Error(`stream answered ${response.status}`);
                    }
                    delay = 1000;
                    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
                    let buffer = '';
                    for (;;) {
                        const { value, done } = await reader.read();
                        if (done) {
                            break;
                        }
                        buffer += value.replaceAll('\r\n', '\n');
                        let end;
                        while ((end = buffer.indexOf('\n\n')) >= 0) {
                            const block = buffer.slice(0, end);
                            buffer = buffer.slice(end + 2);
                            let event = 'message';
                            const data = [];
                            for (const line of block.split('\n')) {
                                if (line.startsWith('event:')) {
                                    event = line.slice(6).trim();
                                } else if (line.startsWith('data:')) {
                                    data.push(line.slice(5).replace(/^ /, ''));
                                }
                            }
                            if (event === 'order' && data.length > 0) {
                                onOrder(JSON.parse(data.join('\n')));
                            } else {
                                markLive(true);
                            }
                        }
                    }
                    // the stream ends once the order is delivered or cancelled: nothing more will change
                    if (lastView && ['DELIVERED', 'CANCELLED'].includes(lastView.status)) {
                        refreshHistory();
                        return;
                    }
                } catch (error) {
                    if (!ctx.active || error.name === 'AbortError') {
                        return;
                    }
                    markLive(false);
                }
                await new Promise((resolve) => setTimeout(resolve, delay));
                delay = Math.min(delay * 2, 30000);
            }
        }

        // the view first, by a plain read (fast, and shows a problem clearly); then live
        api(`/api/v1/orders/${enc(orderId)}`).then((order) => {
            if (ctx.active) {
                onOrder(order);
                follow();
            }
        }).catch((error) => {
            if (!ctx.active) {
                return;
            }
            if (error.status === 404) {
                fill(view, h('h1', {}, 'No such order'),
                    h('p', {}, 'orderflow knows no order ', h('span', { class: 'mono' }, orderId),
                        ' for this retailer. ', h('a', { href: '#/orders' }, 'Search the orders.')));
            } else {
                fill(summary, problemBox(error));
            }
        });
        // the timeline also records what does not change the view (a refused report, a declined cancellation)
        ctx.every(15000, refreshHistory);
    }

    // ---------- the hold and backorder queues ----------

    function queueView(ctx, status) {
        const held = status === 'ON_HOLD';
        const title = held ? 'Orders on hold' : 'Backordered orders';
        const list = h('section', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Reading…'));
        const banner = h('div', { class: 'banner', hidden: true }, h('span', {}, 'The queue changed.'),
            h('button', { type: 'button', onclick: () => { banner.hidden = true; refresh(true); } }, 'Show the new queue'));
        view.append(h('h1', {}, title), h('p', { class: 'muted' }, held
            ? 'Nobody could route these orders automatically. Release a hold once stock is back, or open the order to assign its lines by hand.'
            : 'Lines wait here for stock; they are routed again when it appears. Retry now, or cancel them.'), banner, list);

        let signature = '';

        function row(order) {
            const reason = h('input', {
                'aria-label': `Reason for ${order.externalOrderId}`, placeholder: 'Reason', maxlength: 500, required: true,
            });
            const result = h('span', { 'aria-live': 'polite' });
            const act = (action, label, tone, done) => h('button', {
                type: 'button', class: tone, onclick: async (event) => {
                    if (!reason.value.trim()) {
                        reason.focus();
                        fill(result, h('span', { class: 'problem' }, 'Say why first.'));
                        return;
                    }
                    const button = event.target;
                    button.dataset.key = button.dataset.key || uuid();
                    button.disabled = true;
                    try {
                        await api(`/api/v1/orders/${enc(order.orderId)}/${action}`,
                            { method: 'POST', body: { reason: reason.value.trim() }, idempotencyKey: button.dataset.key });
                        delete button.dataset.key;
                        fill(result, h('span', { class: 'notice' }, done));
                        announce(`${done}: ${order.externalOrderId}`);
                        refreshCounts();
                        reason.value = '';
                    } catch (error) {
                        if (error.status !== 0 && error.status !== 503) {
                            delete button.dataset.key;
                        }
                        fill(result, problemBox(error));
                    } finally {
                        button.disabled = false;
                    }
                },
            }, label);
            const waiting = (order.lines || []).filter((l) => l.status === status || !l.supplierId);
            return h('tr', { 'data-order-id': order.orderId },
                h('td', {}, orderLink(order.orderId, order.externalOrderId)),
                h('td', {}, waiting.map((l) => h('div', { class: 'mono' }, `${l.sku} × ${l.quantity}`))),
                h('td', {}, when(order.placedAt)),
                h('td', {}, when(order.updatedAt)),
                h('td', {}, h('div', { class: 'inline-action' }, reason,
                    held ? act('hold-release', 'Release', 'primary', 'Hold released')
                        : [act('backorder-retry', 'Retry', 'primary', 'Backorder retried'),
                            act('backorder-cancellation', 'Cancel', 'danger', 'Backorder cancelled')],
                    held ? h('a', { href: `#/orders/${enc(order.orderId)}` }, 'Assign…') : null), result));
        }

        async function refresh(force) {
            try {
                const page = await api(`/api/v1/orders?status=${status}&limit=200`);
                if (!ctx.active) {
                    return;
                }
                const next = page.items.map((o) => `${o.orderId}@${o.updatedAt}`).join(',');
                if (next === signature) {
                    return;
                }
                // never pull a row from under an operator who is typing a reason
                const busy = [...list.querySelectorAll('input')].some((i) => i.value || i === document.activeElement);
                if (busy && !force && signature) {
                    banner.hidden = false;
                    return;
                }
                signature = next;
                fill(list, 
                    h('p', { class: 'muted' }, `${page.items.length}${page.nextCursor ? '+' : ''} order${page.items.length === 1 ? '' : 's'}, newest first.`),
                    table(null, ['Order', 'Waiting lines', 'Placed', 'Updated', 'Action'], page.items.map(row),
                        held ? 'No order is on hold.' : 'No order is backordered.'));
            } catch (error) {
                if (ctx.active) {
                    fill(list, problemBox(error));
                }
            }
        }
        refresh();
        ctx.every(8000, refresh);
    }

    // ---------- dead letters ----------

    function deadLetterView(ctx) {
        const groups = h('p', { class: 'muted' });
        const sequences = h('section', { class: 'card', id: 'dead-letter-sequences', 'aria-labelledby': 'seq-title' },
            h('h2', { id: 'seq-title' }, 'Parked events'), h('p', { class: 'muted' }, 'Reading…'));
        const records = h('section', { class: 'card', id: 'dead-letter-records', 'aria-labelledby': 'rec-title' },
            h('h2', { id: 'rec-title' }, 'Parked Kafka records'));
        view.append(h('h1', {}, 'Dead letters'), h('p', { class: 'muted' },
            'Events a processor could not handle park their own order only; Kafka records a consumer could not apply are also in the topic\'s .dlt. Retry once the cause is fixed.'),
        groups, sequences, records);

        const retryButton = (label, path, describe) => {
            const result = h('span', { 'aria-live': 'polite' });
            const button = h('button', {
                type: 'button', onclick: async () => {
                    button.disabled = true;
                    fill(result, ' retrying…');
                    try {
                        const answer = await api(path, { method: 'POST' });
                        fill(result, answer.processed
                            ? h('span', { class: 'notice', 'data-retry': 'processed' }, 'Processed')
                            : h('span', { class: 'problem', 'data-retry': 'failed' }, 'Still failing'));
                        announce(answer.processed ? `${describe} processed.` : `${describe} still fails.`);
                        refreshCounts();
                        setTimeout(refresh, 1500);
                    } catch (error) {
                        fill(result, problemBox(error));
                    } finally {
                        button.disabled = false;
                    }
                },
            }, label);
            return [button, result];
        };

        let signature = '';
        async function refresh() {
            try {
                const listing = await api('/api/v1/admin/dead-letters');
                if (!ctx.active) {
                    return;
                }
                const next = JSON.stringify(listing);
                if (next === signature) {
                    return;
                }
                signature = next;
                fill(groups, `Processing groups that park failures: ${listing.processingGroups.join(', ')}.`);
                fill(sequences, h('h2', { id: 'seq-title' }, 'Parked events'), table(null,
                    ['Group', 'Sequence', ['Letters', true], 'First event', 'Cause', 'Parked', 'Last tried', ''],
                    listing.sequences.map((s) => {
                        const first = s.first || {};
                        const isOrder = /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(s.sequenceId);
                        return h('tr', { 'data-sequence': s.sequenceId },
                            h('td', {}, s.processingGroup),
                            h('td', {}, isOrder ? orderLink(s.sequenceId) : h('span', { class: 'mono' }, s.sequenceId)),
                            h('td', { class: 'num' }, s.size),
                            h('td', {}, shortType(first.payloadType)),
                            h('td', {}, h('strong', {}, shortType(first.causeType)), first.causeMessage ? h('div', {}, first.causeMessage) : null),
                            h('td', {}, when(first.enqueuedAt)),
                            h('td', {}, when(first.lastTouched)),
                            h('td', {}, retryButton('Retry', `/api/v1/admin/dead-letters/${enc(s.processingGroup)}/retry?sequenceId=${enc(s.sequenceId)}`,
                                `Sequence ${s.sequenceId}`)));
                    }), 'No parked events.'));
                fill(records, h('h2', { id: 'rec-title' }, 'Parked Kafka records'), table(null,
                    ['Consumer', 'Topic / partition / offset', 'Key', 'Cause', ['Attempts', true], 'Parked', ''],
                    listing.records.map((r) => h('tr', { 'data-record': r.id },
                        h('td', {}, r.consumerGroup),
                        h('td', { class: 'mono' }, `${r.topic} / ${r.partition} / ${r.offset}`),
                        h('td', { class: 'mono' }, r.key || '—'),
                        h('td', {}, h('strong', {}, shortType(r.causeType)), r.causeMessage ? h('div', {}, r.causeMessage) : null),
                        h('td', { class: 'num' }, r.attempts),
                        h('td', {}, when(r.parkedAt)),
                        h('td', {}, retryButton('Retry', `/api/v1/admin/dead-letters/records/${enc(r.id)}/retry`, `Record ${r.id}`)))),
                    'No parked records.'));
            } catch (error) {
                if (ctx.active) {
                    fill(sequences, problemBox(error));
                }
            }
        }
        refresh();
        ctx.every(10000, refresh);
    }

    // ---------- suppliers ----------

    function supplierView(ctx) {
        const list = h('section', { class: 'card', id: 'supplier-list' }, h('p', { class: 'muted' }, 'Reading…'));
        view.append(h('h1', {}, 'Suppliers'), h('p', { class: 'muted' },
            'Circuit: this node\'s breaker for calls to the supplier (open: routing skips it). Rates appear after five decided allocations or tracked shipments.'),
        list);
        async function refresh() {
            try {
                const suppliers = await api('/api/v1/suppliers');
                if (!ctx.active) {
                    return;
                }
                fill(list, table(null,
                    ['Supplier', 'Connector', 'Active', 'Circuit', ['Priority', true], ['Catalog', true],
                        ['Decided', true], ['Accepted', true], ['Acceptance', true], ['Shipped', true], ['On time', true], 'Updated'],
                    suppliers.map((s) => {
                        const card = s.scorecard || {};
                        return h('tr', { 'data-supplier': s.supplierId },
                            h('td', {}, h('strong', {}, s.name || s.supplierId), h('div', { class: 'mono muted' }, s.supplierId)),
                            h('td', {}, s.connectorType),
                            h('td', {}, s.active ? 'yes' : badge('PAUSED', { 'data-tone': 'warn' })),
                            h('td', {}, badge(s.circuit, { 'data-circuit': s.circuit })),
                            h('td', { class: 'num' }, s.priority),
                            h('td', { class: 'num' }, `v${s.catalogVersion}`),
                            h('td', { class: 'num' }, card.decided ?? 0),
                            h('td', { class: 'num' }, card.accepted ?? 0),
                            h('td', { class: 'num' }, percent(card.acceptanceRate)),
                            h('td', { class: 'num' }, card.shipped ?? 0),
                            h('td', { class: 'num' }, percent(card.onTimeRate)),
                            h('td', {}, when(s.updatedAt)));
                    }), 'No suppliers yet.'));
            } catch (error) {
                if (ctx.active) {
                    fill(list, problemBox(error));
                }
            }
        }
        refresh();
        ctx.every(10000, refresh);
    }

    // ---------- stock drift and availability ----------

    function stockView(ctx, params) {
        const filter = h('form', { class: 'filters card', role: 'search', 'aria-label': 'Drift filter' },
            h('div', {}, h('label', { for: 'drift-supplier' }, 'Supplier'),
                h('input', { id: 'drift-supplier', placeholder: 'every supplier', 'data-first-field': true })),
            h('div', {}, h('label', { for: 'stock-sku' }, 'Availability of SKU'), h('input', { id: 'stock-sku', placeholder: 'e.g. MUG-LOGO' })),
            h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show')));
        const drift = h('section', { class: 'card', id: 'stock-drift', 'aria-labelledby': 'drift-title' },
            h('h2', { id: 'drift-title' }, 'Drift found by reconciliation'), h('p', { class: 'muted' }, 'Reading…'));
        const availability = h('section', { class: 'card', id: 'availability', hidden: true, 'aria-labelledby': 'avail-title' });
        view.append(h('h1', {}, 'Stock drift'), h('p', { class: 'muted' },
            'Reconciliation asks each supplier for its levels and records every difference from what orderflow believed. Stale: orderflow already held a newer report.'),
        filter, drift, availability);
        const supplierInput = filter.querySelector('#drift-supplier');
        const skuInput = filter.querySelector('#stock-sku');
        supplierInput.value = params.get('supplierId') || '';
        skuInput.value = params.get('sku') || '';
        filter.addEventListener('submit', (event) => {
            event.preventDefault();
            const query = new URLSearchParams();
            if (supplierInput.value.trim()) {
                query.set('supplierId', supplierInput.value.trim());
            }
            if (skuInput.value.trim()) {
                query.set('sku', skuInput.value.trim());
            }
            const next = `#/stock${query.toString() ? `?${query}` : ''}`;
            if (location.hash === next) {
                ctx.refresh();
            } else {
                location.hash = next;
            }
        });

        async function refresh() {
            try {
                const query = new URLSearchParams({ limit: '200' });
                if (params.get('supplierId')) {
                    query.set('supplierId', params.get('supplierId'));
                }
                const rows = await api(`/api/v1/inventory/drift?${query}`);
                if (!ctx.active) {
                    return;
                }
                fill(drift, h('h2', { id: 'drift-title' }, 'Drift found by reconciliation'), table(null,
                    ['Checked', 'Supplier', 'Location', 'Supplier SKU', ['Ours', true], ['Theirs', true], ['Difference', true], 'Their figure as of', 'Outcome'],
                    rows.map((d) => {
                        const difference = d.ours === null || d.ours === undefined ? null : d.theirs - d.ours;
                        return h('tr', { 'data-drift': d.supplierSku },
                            h('td', {}, when(d.checkedAt)), h('td', {}, d.supplierId), h('td', {}, d.locationId),
                            h('td', { class: 'mono' }, d.supplierSku),
                            h('td', { class: 'num' }, d.ours ?? h('span', { class: 'muted', title: 'never reported to us' }, '—')),
                            h('td', { class: 'num' }, d.theirs),
                            h('td', { class: 'num' }, difference === null ? '—' : (difference > 0 ? `+${difference}` : String(difference))),
                            h('td', {}, when(d.theirAsOf)), h('td', {}, badge(d.outcome)));
                    }), 'No drift recorded: suppliers and orderflow agree.'));
                if (params.get('sku')) {
                    const levels = await api(`/api/v1/inventory?sku=${enc(params.get('sku'))}`);
                    if (!ctx.active) {
                        return;
                    }
                    availability.hidden = false;
                    fill(availability, h('h2', { id: 'avail-title' }, `Availability of ${params.get('sku')}`), table(null,
                        ['Supplier', 'Location', 'Supplier SKU', ['Reported', true], ['Reserved', true], ['Committed', true],
                            ['Safety', true], ['Available', true], 'Reported at'],
                        levels.map((l) => h('tr', {},
                            h('td', {}, l.supplierId), h('td', {}, l.locationId), h('td', { class: 'mono' }, l.supplierSku),
                            h('td', { class: 'num' }, l.reported), h('td', { class: 'num' }, l.reserved),
                            h('td', { class: 'num' }, l.committed), h('td', { class: 'num' }, l.safetyStock),
                            h('td', { class: 'num' }, h('strong', {}, l.available)), h('td', {}, when(l.reportedAt)))),
                        'No supplier carries this SKU.'));
                }
            } catch (error) {
                if (ctx.active) {
                    fill(drift, problemBox(error));
                }
            }
        }
        refresh();
        ctx.every(30000, refresh);
    }

    // ---------- keyboard ----------

    const help = document.getElementById('help');
    document.getElementById('help-open').addEventListener('click', () => help.showModal());
    document.getElementById('help-close').addEventListener('click', () => help.close());

    const jumps = { o: '#/', s: '#/orders', h: '#/holds', b: '#/backorders', d: '#/dead-letters', u: '#/suppliers', k: '#/stock' };
    let pendingG = 0;
    document.addEventListener('keydown', (event) => {
        const target = event.target;
        const typing = target.closest && target.closest('input, textarea, select, [contenteditable]');
        if (typing || event.ctrlKey || event.metaKey || event.altKey || !apiKey() || help.open) {
            return;
        }
        if (event.key === 'g') {
            pendingG = Date.now();
            return;
        }
        if (pendingG && Date.now() - pendingG < 1500 && jumps[event.key]) {
            pendingG = 0;
            event.preventDefault();
            location.hash = jumps[event.key];
            return;
        }
        pendingG = 0;
        if (event.key === '/') {
            const field = view.querySelector('[data-first-field]') || view.querySelector('input, select');
            if (field) {
                event.preventDefault();
                field.focus();
            }
        } else if (event.key === '?') {
            help.showModal();
        } else if (event.key === 'r') {
            current.refresh();
            refreshCounts();
            announce('Read again.');
        }
    });

    document.addEventListener('visibilitychange', () => {
        if (!document.hidden && apiKey()) {
            current.refresh();
            refreshCounts();
        }
    });
    window.addEventListener('hashchange', route);

    if (apiKey()) {
        signedIn();
    } else {
        showSignIn();
    }
})();
