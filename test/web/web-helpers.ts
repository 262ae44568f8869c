/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createTestApp, TestApp, type TestAppOptions } from '../support/create-test-app';
import { locateChromium } from './chromium-executable';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Events whose form asks for a confirmation before sending. */
export const IRREVERSIBLE_EVENTS = ['DECIDE', 'WITHDRAW'];

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-output', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

/** Served under the app's own origin by the test, so the page's CSP ('self') stays on. */
const AXE_PATH = '/__web-test__/axe.min.js';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface WebEnv {
  testApp: TestApp;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startWebEnv(options: TestAppOptions = {}): Promise<WebEnv> {
  const executablePath = locateChromium().path;
  const testApp = await createTestApp(options);
  await testApp.app.listen(0, '127.0.0.1');
  const { port } = testApp.app.getHttpServer().address() as AddressInfo;
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: CHROMIUM_ARGS,
    });
  } catch (error) {
    await testApp.close();
    throw error;
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    testApp,
    browser,
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await browser.close();
      await testApp.close();
    },
  };
}

/**
 * A browser tab on the app that records everything a page must never do: script errors,
 * Content-Security-Policy violations and requests to any other origin.
 */
export class WebPage {
  readonly problems: string[] = [];

  private constructor(
    readonly env: WebEnv,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(env: WebEnv, viewport = DESKTOP): Promise<WebPage> {
    const context = await env.browser.newContext({ viewport, locale: 'sv-SE', acceptDownloads: true });
    await context.route(`${env.baseUrl}${AXE_PATH}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/javascript', body: AXE_SOURCE }),
    );
    const page = await context.newPage();
    const web = new WebPage(env, context, page);
    page.on('pageerror', (error) => web.problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (/Content Security Policy|Refused to/i.test(text)) web.problems.push(`CSP: ${text}`);
      else if (message.type() === 'error' && !/status of (400|401|403|404|409)/.test(text)) {
        web.problems.push(`console error: ${text}`);
      }
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(env.baseUrl) && !url.startsWith('blob:') && !url.startsWith('data:')) {
        web.problems.push(`external request: ${url}`);
      }
    });
    await page.goto(`${env.baseUrl}/#/logga-in`);
    await web.waitForRender(0);
    return web;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  async renderCount(): Promise<number> {
    return Number(
      await this.page.evaluate(`Number(document.getElementById('main')?.dataset.render || 0)`),
    );
  }

  async waitForRender(before: number): Promise<void> {
    await this.page.waitForFunction(
      (n) => Number(document.getElementById('main')?.dataset.render || 0) > n,
      before,
      { timeout: 15_000 },
    );
  }

  /** Runs `action` and waits until the single-page app has rendered a page after it. */
  async rendered(action: () => Promise<unknown>): Promise<void> {
    const before = await this.renderCount();
    await action();
    await this.waitForRender(before);
  }

  /** Navigates inside the app ("#/arende/…") and waits for the page to render. */
  async go(hash: string): Promise<void> {
    await this.rendered(() =>
      this.page.evaluate(
        `(() => { const h = ${JSON.stringify(hash)}; if (location.hash === h) window.dispatchEvent(new HashChangeEvent('hashchange')); else location.hash = h; })()`,
      ),
    );
  }

  /** Signs in through the sign-in page (signing out first when someone is signed in). */
  async signIn(userId: string): Promise<void> {
    const signOut = this.page.getByRole('button', { name: 'Logga ut' });
    if (await signOut.isVisible()) await this.rendered(() => signOut.click());
    else await this.go('#/logga-in');
    await this.rendered(() => this.page.locator(`button[data-user-id="${userId}"]`).click());
  }

  /** Event types of the action forms the request page shows. */
  async actionForms(): Promise<string[]> {
    const forms = this.page.locator('#atgarder [data-event]');
    const types: string[] = [];
    for (let i = 0; i < (await forms.count()); i++) {
      types.push((await forms.nth(i).getAttribute('data-event')) ?? '');
    }
    return types.sort();
  }

  /** Fills an event form by payload field name: radio groups and selects by value, the rest by text. */
  async fillEvent(type: string, values: Record<string, string>): Promise<void> {
    const form = this.page.locator(`[data-event="${type}"] form`);
    for (const [name, value] of Object.entries(values)) {
      const controls = form.locator(`[name="${name}"]`);
      const first = controls.first();
      const tag = await first.evaluate((el) => `${el.tagName.toLowerCase()}:${(el as HTMLInputElement).type || ''}`);
      if (tag === 'input:radio') await form.locator(`input[name="${name}"][value="${value}"]`).check();
      else if (tag.startsWith('select')) await first.selectOption(value);
      else await first.fill(value);
    }
  }

  /**
   * Presses an event form's button; for an event that cannot be undone (a decision, a
   * withdrawal) the form first asks, and this confirms.
   */
  async submitEvent(type: string): Promise<void> {
    const form = this.page.locator(`[data-event="${type}"] form`);
    await form.locator('button[type="submit"]').click();
    if (IRREVERSIBLE_EVENTS.includes(type)) await form.locator('button[data-confirm="yes"]').click();
  }

  /** Fills and sends an event form; resolves when the page has re-rendered with the result. */
  async sendEvent(type: string, values: Record<string, string> = {}): Promise<void> {
    await this.fillEvent(type, values);
    await this.rendered(() => this.submitEvent(type));
  }

  /** axe-core in the page; returns its violations of every impact (minor and moderate too). */
  async seriousViolations(): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
    if ((await this.page.evaluate('typeof window.axe')) === 'undefined') {
      await this.page.addScriptTag({ url: `${this.env.baseUrl}${AXE_PATH}` });
    }
    const violations = (await this.page.evaluate(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })))`,
    )) as { id: string; impact: string; help: string; nodes: string[] }[];
    return violations;
  }

  async screenshot(name: string, fullPage = true): Promise<void> {
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
  }
}
