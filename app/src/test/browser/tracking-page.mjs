// Opens a tracking page in Debian's Chromium (driven by playwright-core) and follows the order live:
// it must reach "accepted" and then "delivered" without a reload, show a safe link to the carrier, fetch
// nothing from outside the app, and keep its text readable. Saves a screenshot. Prints {"ready":true,...}
// once the page is open, then one JSON line with what it saw; exits 0 when every check passed, 1 otherwise
// (the reason on stderr).
//
//   node tracking-page.mjs <tracking page URL> <screenshot.png> [timeout seconds]
import { chromium } from 'playwright-core';

const [url, screenshot, timeoutSeconds = '40'] = process.argv.slice(2);
if (!url || !screenshot) {
    console.error('usage: node tracking-page.mjs <url> <screenshot.png> [timeout seconds]');
    process.exit(2);
}
const timeout = Number(timeoutSeconds) * 1000;
const origin = new URL(url).origin;

function fail(message) {
    throw new Error(message);
}

// WCAG relative luminance and contrast ratio of two CSS rgb() colours
function contrast(foreground, background) {
    const luminance = (rgb) => {
        const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
            const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}

const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let exitCode = 0;
try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const outside = [];
    await page.route('**/*', (route) => {
        const requested = route.request().url();
        if (requested.startsWith(origin) || requested.startsWith('data:')) {
            return route.continue();
        }
        outside.push(requested);
        return route.abort();
    });
    let navigations = 0;
    page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) {
            navigations++;
        }
    });
    const consoleErrors = [];
    page.on('console', (message) => {
        if (message.type() === 'error') {
            consoleErrors.push(message.text());
        }
    });
    // records every status the page shows, from its first paint on, and every update it is sent (two updates
    // arriving in one network read are applied in one task, too quickly for a DOM observer to see the first)
    await page.addInitScript(() => {
        window.__statuses = [];
        const remember = (status) => {
            if (status && window.__statuses[window.__statuses.length - 1] !== status) {
                window.__statuses.push(status);
            }
        };
        const record = () => {
            const section = document.querySelector('[data-status]');
            remember(section && section.getAttribute('data-status'));
        };
        const PageEventSource = window.EventSource;
        window.EventSource = class extends PageEventSource {
            constructor(url, options) {
                super(url, options);
                this.addEventListener('update', (event) => {
                    const match = /data-status="([A-Z_]+)"/.exec(event.data);
                    remember(match && match[1]);
                });
            }
        };
        document.addEventListener('DOMContentLoaded', () => {
            record();
            new MutationObserver(record).observe(document.body, { childList: true, subtree: true, attributes: true });
        });
    });

    const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
    if (response.status() !== 200) {
        fail(`the page answered ${response.status()}`);
    }
    await page.evaluate(() => { window.__sameDocument = 'yes'; });
    // the page is open and live: whoever drives the order may move it on now
    console.log(JSON.stringify({ ready: true, status: await page.getAttribute('[data-status]', 'data-status') }));

    const reached = (step) => `li[data-step="${step}"][data-state="done"], li[data-step="${step}"][data-state="current"]`;
    await page.waitForSelector(reached('accepted'), { timeout });
    const acceptedHeadline = await page.textContent('h1');
    await page.waitForSelector('[data-status="DELIVERED"]', { timeout });
    await page.waitForSelector(reached('delivered'), { timeout });
    const deliveredHeadline = await page.textContent('h1');
    if (!/delivered/i.test(deliveredHeadline)) {
        fail(`the delivered page's headline is "${deliveredHeadline}"`);
    }
    const statuses = await page.evaluate(() => window.__statuses);
    const sameDocument = await page.evaluate(() => window.__sameDocument === 'yes');
    if (navigations !== 1 || !sameDocument) {
        fail(`the page reloaded (navigations: ${navigations})`);
    }
    // live: the page was showing "accepted" before it showed "delivered"
    if (!statuses.includes('ACCEPTED') || statuses.indexOf('DELIVERED') < statuses.indexOf('ACCEPTED')) {
        fail(`statuses seen: ${statuses.join(' > ')}`);
    }

    const link = await page.$eval('a[data-tracking-link]', (a) => ({
        href: a.href, rel: a.rel, target: a.target, text: a.textContent,
    }));
    const trackingNumber = (await page.textContent('[data-tracking-number]')).trim();
    if (!link.href.startsWith('https://') || !/noreferrer/.test(link.rel) || link.target !== '_blank') {
        fail(`unexpected tracking link ${JSON.stringify(link)}`);
    }
    if (!link.href.includes(trackingNumber)) {
        fail(`the tracking link ${link.href} does not name the tracking number ${trackingNumber}`);
    }

    const structure = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelectorAll('h1').length,
        main: document.querySelectorAll('main').length,
        header: document.querySelectorAll('header').length,
        footer: document.querySelectorAll('footer').length,
        currentStep: document.querySelectorAll('ol.progress [aria-current="step"]').length,
        liveRegion: document.querySelectorAll('[aria-live]').length,
    }));
    if (!structure.lang || structure.h1 !== 1 || structure.main !== 1 || structure.currentStep !== 1
        || structure.liveRegion < 1) {
        fail(`page structure: ${JSON.stringify(structure)}`);
    }
    const colours = await page.evaluate(() => {
        const background = getComputedStyle(document.querySelector('section.card')).backgroundColor;
        return ['h1', '.summary', '.meta', '.step-label', '.item-status', 'a.track-link', 'dt']
            .map((selector) => ({ selector, color: getComputedStyle(document.querySelector(selector)).color, background }));
    });
    const ratios = Object.fromEntries(colours.map((c) => [c.selector, Number(contrast(c.color, c.background).toFixed(2))]));
    const poor = Object.entries(ratios).filter(([, ratio]) => ratio < 4.5);
    if (poor.length > 0) {
        fail(`text below 4.5:1 contrast: ${JSON.stringify(poor)}`);
    }
    if (outside.length > 0) {
        fail(`the page asked for outside resources: ${outside.join(', ')}`);
    }
    if (consoleErrors.length > 0) {
        fail(`console errors: ${consoleErrors.join(' | ')}`);
    }
    const connection = (await page.textContent('#connection')).trim();

    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(JSON.stringify({
        ok: true, statuses, acceptedHeadline, deliveredHeadline, trackingHref: link.href, trackingNumber,
        navigations, connection, contrast: ratios, structure, outsideRequests: outside.length,
    }));
} catch (error) {
    console.error(`tracking page check failed: ${error.message}`);
    exitCode = 1;
} finally {
    await browser.close();
}
process.exit(exitCode);
