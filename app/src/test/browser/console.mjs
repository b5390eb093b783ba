// Works the operations console in Debian's Chromium (driven by playwright-core), as an operator would, mostly by
// keyboard: signs in with an admin key, searches for held orders, opens one, releases its hold and watches the page
// show it routed (status, routing explanation, timeline) without a reload; retries a dead letter; reads the suppliers
// and the stock drift; checks light and dark mode, that nothing comes from outside the app and that the key never
// appears in a URL. Saves screenshots. Prints one JSON line with what it saw; exits 0 when every check passed,
// 1 otherwise (the reason on stderr).
//
//   node console.mjs <base URL> <admin key> <held order id> <its external id> <release reason> <parked order id>
//                    <supplier id> <drifted supplier SKU> <screenshot dir> [timeout seconds]
import { chromium } from 'playwright-core';
import path from 'node:path';

const [base, key, held, heldExternal, reason, parked, supplier, driftSku, screenshots, timeoutSeconds = '60']
    = process.argv.slice(2);
if (!screenshots) {
    console.error('usage: node console.mjs <base> <key> <held> <external> <reason> <parked> <supplier> <sku> <dir> [timeout]');
    process.exit(2);
}
const timeout = Number(timeoutSeconds) * 1000;
const origin = new URL(base).origin;
const shot = (name) => path.join(screenshots, name);

function fail(message) {
    throw new Error(message);
}

function luminance(rgb) {
    const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(foreground, background) {
    const [a, b] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}

/** Text against its card, for the selectors given: every pair must reach 4.5:1. */
async function checkContrast(page, selectors, mode) {
    const pairs = await page.evaluate((wanted) => wanted.map((selector) => {
        const element = document.querySelector(selector);
        if (!element) {
            return { selector, missing: true };
        }
        let backgroundOf = element;
        let background = 'rgba(0, 0, 0, 0)';
        while (backgroundOf && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
            background = getComputedStyle(backgroundOf).backgroundColor;
            backgroundOf = backgroundOf.parentElement;
        }
        if (/rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
            background = getComputedStyle(document.body).backgroundColor;
        }
        return { selector, color: getComputedStyle(element).color, background };
    }), selectors);
    const poor = pairs.filter((p) => !p.missing && contrast(p.color, p.background) < 4.5)
        .map((p) => `${p.selector} ${p.color} on ${p.background}`);
    if (poor.length > 0) {
        fail(`${mode}: text below 4.5:1 contrast: ${poor.join('; ')}`);
    }
}

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let exitCode = 0;
try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    const outside = [];
    let keyInUrls = false;
    await page.route('**/*', (route) => {
        const requested = route.request().url();
        if (requested.includes(key)) {
            keyInUrls = true;
        }
        if (requested.startsWith(origin) || requested.startsWith('data:')) {
            return route.continue();
        }
        outside.push(requested);
        return route.abort();
    });
    const consoleErrors = [];
    page.on('console', (message) => {
        if (message.type() === 'error') {
            consoleErrors.push(message.text());
        }
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    // ---- sign in, by keyboard ----
    const response = await page.goto(`${base}/console`, { waitUntil: 'domcontentloaded' });
    if (response.status() !== 200) {
        fail(`the console answered ${response.status()}`);
    }
    // the key field has the focus at once; the skip link is the first stop of the tab order
    await page.waitForSelector('#api-key:focus');
    const firstFocus = await page.evaluate(() => document.querySelector(
        'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])').textContent.trim());
    if (firstFocus !== 'Skip to content') {
        fail(`the first tab stop is "${firstFocus}", not the skip link`);
    }
    await page.keyboard.type('wrong-key');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#sign-in-problem:not([hidden])');
    const refused = (await page.textContent('#sign-in-problem')).trim();
    await page.fill('#api-key', key);
    await page.keyboard.press('Enter');
    await page.waitForSelector('nav#nav:not([hidden])');
    const stored = await page.evaluate(() => Object.keys(sessionStorage).length === 1
        && Object.keys(localStorage).length === 0 && document.cookie === '');
    if (!stored) {
        fail('the key is not (only) in sessionStorage');
    }

    // ---- order search: g s, filter by status, submit ----
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await page.waitForSelector('form[role=search] #f-status');
    await page.selectOption('#f-status', 'ON_HOLD');
    await page.fill('#f-sku', 'CON-HELD');
    await page.press('#f-sku', 'Enter');
    // the filtered list, not the unfiltered one it replaces
    const heldRow = `#results[data-query*="status=ON_HOLD"] tr[data-order-id="${held}"]`;
    await page.waitForSelector(heldRow);
    const rowText = await page.textContent(heldRow);
    const searchFound = rowText.includes(heldExternal) && /on hold/i.test(rowText);
    if (!searchFound) {
        fail(`the search row reads "${rowText}"`);
    }
    const otherStatuses = await page.$$eval('#results[data-query*="status=ON_HOLD"] [data-status]', (badges) =>
        badges.map((b) => b.dataset.status).filter((s) => s !== 'ON_HOLD'));
    if (otherStatuses.length > 0) {
        fail(`the ON_HOLD filter shows ${otherStatuses.join(', ')}`);
    }
    await page.screenshot({ path: shot('console-orders-light.png'), fullPage: true });

    // ---- the held order's detail ----
    await page.click(`${heldRow} a`);
    await page.waitForSelector('#order-status[data-status="ON_HOLD"]');
    const statusBefore = await page.getAttribute('#order-status', 'data-status');
    await page.waitForSelector('#timeline li[data-type="OrderPutOnHold"]');
    await page.waitForSelector('#routing .empty');
    await page.waitForSelector('#release textarea');
    const navigations = [];
    page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) {
            navigations.push(frame.url());
        }
    });
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.screenshot({ path: shot('console-order-held-light.png'), fullPage: true });

    // ---- release the hold through the page ----
    await page.fill('#release textarea', reason);
    await page.click('#release button[data-action="hold-release"]');
    await page.waitForSelector('#action-outcome .notice');
    const notice = (await page.textContent('#action-outcome .notice')).trim();
    if (!/hold released/i.test(notice)) {
        fail(`the release answered "${notice}"`);
    }
    // live: the status leaves ON_HOLD, and the routing explanation and the timeline follow, without a reload
    await page.waitForSelector('#order-status:not([data-status="ON_HOLD"]):not([data-status="ROUTING"])');
    const statusAfter = await page.getAttribute('#order-status', 'data-status');
    await page.waitForSelector('#routing tr[data-chosen="true"]');
    const chosenSupplier = (await page.textContent('#routing tr[data-chosen="true"] td')).trim();
    const decision = (await page.textContent('#routing [data-decision]')).trim();
    await page.waitForSelector('#timeline li[data-type="OrderHoldReleased"]');
    const timelineAfter = await page.textContent('#timeline');
    const sameDocument = await page.evaluate(() => window.__sameDocument === true);
    if (!sameDocument) {
        fail(`the page reloaded: ${navigations.join(', ')}`);
    }
    await checkContrast(page, ['h1', '#order-status', 'dl.facts dt', 'dl.facts dd', '#timeline time', 'th', 'td',
        'nav a[aria-current="page"]', '.live', '#action-outcome .notice'], 'light');
    await page.screenshot({ path: shot('console-order-routed-light.png'), fullPage: true });

    // ---- dark mode, same page ----
    await page.emulateMedia({ colorScheme: 'dark' });
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const darkBackgroundLuminance = luminance(darkBackground);
    if (darkBackgroundLuminance > 0.1) {
        fail(`dark mode's background is ${darkBackground}`);
    }
    await checkContrast(page, ['h1', '#order-status', 'dl.facts dt', 'dl.facts dd', '#timeline time', 'th', 'td',
        'nav a[aria-current="page"]', '.live', 'a'], 'dark');
    await page.screenshot({ path: shot('console-order-routed-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // ---- dead letters: the parked order, retried from the page ----
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    const parkedRow = `#dead-letter-sequences tr[data-sequence="${parked}"]`;
    await page.waitForSelector(parkedRow);
    const parkedText = await page.textContent(parkedRow);
    if (!parkedText.includes('poisoned by ConsoleIT')) {
        fail(`the dead letter reads "${parkedText}"`);
    }
    await page.screenshot({ path: shot('console-dead-letters-light.png'), fullPage: true });
    await page.focus(`${parkedRow} button`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-retry]');
    const deadLetterRetry = await page.getAttribute('[data-retry]', 'data-retry');
    await page.waitForSelector(parkedRow, { state: 'detached' });

    // ---- suppliers, in dark mode ----
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.keyboard.press('g');
    await page.keyboard.press('u');
    const supplierRow = `#supplier-list tr[data-supplier="${supplier}"]`;
    await page.waitForSelector(supplierRow);
    const supplierCircuit = await page.getAttribute(`${supplierRow} [data-circuit]`, 'data-circuit');
    const supplierText = await page.textContent(supplierRow);
    if (!/partner_rest|PARTNER_REST/i.test(supplierText)) {
        fail(`the supplier row reads "${supplierText}"`);
    }
    await checkContrast(page, ['h1', 'th', 'td', '[data-circuit]'], 'dark suppliers');
    await page.screenshot({ path: shot('console-suppliers-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });

    // ---- stock drift ----
    await page.keyboard.press('g');
    await page.keyboard.press('k');
    const driftRowSelector = `#stock-drift tr[data-drift="${driftSku}"]`;
    await page.waitForSelector(driftRowSelector);
    const driftRow = (await page.textContent(driftRowSelector)).replace(/\s+/g, ' ');
    await page.fill('#stock-sku', 'CON-FLOW');
    await page.press('#stock-sku', 'Enter');
    await page.waitForSelector('#availability tbody tr');
    await page.screenshot({ path: shot('console-stock-drift-light.png'), fullPage: true });

    // ---- overview, then sign out ----
    await page.keyboard.press('g');
    await page.keyboard.press('o');
    await page.waitForSelector('.tiles .tile');
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in-form');
    const signedOut = await page.evaluate(() => sessionStorage.length === 0);
    if (!signedOut) {
        fail('signing out left the key in sessionStorage');
    }

    if (outside.length > 0) {
        fail(`the console asked for outside resources: ${outside.join(', ')}`);
    }
    if (keyInUrls || page.url().includes(key)) {
        fail('the key appeared in a URL');
    }
    // the wrong key's 401 is an expected failed request; anything else logged as an error is not
    const errors = consoleErrors.filter((e) => !/401/.test(e));
    if (errors.length > 0) {
        fail(`console errors: ${errors.join(' | ')}`);
    }
    console.log(JSON.stringify({
        ok: true, refused, searchFound, statusBefore, statusAfter, chosenSupplier, decision, timelineAfter,
        deadLetterRetry, supplierCircuit, driftRow, darkBackgroundLuminance, outsideRequests: outside.length,
        keyInUrls, firstFocus,
    }));
} catch (error) {
    console.error(`console check failed: ${error.message}`);
    exitCode = 1;
} finally {
    await browser.close();
}
process.exit(exitCode);
