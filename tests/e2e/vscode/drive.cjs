// Drives real VS Code (code-server in headless Chromium) through what a user does with the
// OpenAI Access extension, and writes what it saw as JSON for pytest to assert on.
//
// Env: OA_URL (code-server), OA_WS (workspace folder), OA_FILE (file name in the Explorer),
//      OA_ARTIFACTS (screenshots + result.json), OA_KEY (typed into "Set API Key"),
//      OA_FAKE (fake OpenAI base, for its request log), OA_HOVER_AT / OA_FIX_AT ("line:col", 1-based),
//      OA_FIX_TITLE (quick fix to pick), OA_EXPECT (comma-separated statuses to wait for).
// Needs playwright-core on NODE_PATH and /usr/bin/chromium.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");

const env = (k) => {
  const v = process.env[k];
  if (v === undefined) throw new Error(`${k} not set`);
  return v;
};
const ART = env("OA_ARTIFACTS");
const R = { steps: [], timings: {} };
const t0 = Date.now();
const mark = (name) => {
  R.steps.push(name);
  R.timings[name] = Date.now() - t0;
};
const norm = (s) => (s || "").replace(/\u00a0/g, " ");
// Generous: the first probe round goes through the fake API; nothing here is a timing assertion.
const LONG = 90000;

async function shot(page, name) {
  await page.screenshot({ path: path.join(ART, `${name}.png`) });
}

async function fakeRequests() {
  const res = await fetch(`${env("OA_FAKE")}/__fake__/requests`);
  return await res.json();
}

async function runCommand(page, title) {
  // Right after the workbench appears, extension contributions may not be registered yet and the
  // palette finds nothing: close it and ask again until the command is listed.
  const deadline = Date.now() + LONG;
  for (;;) {
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input").first();
    await input.waitFor({ state: "visible" });
    await input.fill(`>${title}`);
    const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
    try {
      await row.waitFor({ state: "visible", timeout: 3000 });
      await row.click();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await page.keyboard.press("Escape");
      await page.waitForTimeout(500);
    }
  }
}

async function goTo(page, lineCol) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input").first();
  await input.waitFor({ state: "visible" });
  await input.fill(`:${lineCol}`);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300); // let the cursor move and the widget close (not an assertion)
}

async function editorLines(page) {
  return page.$$eval(".monaco-editor .view-line", (els) => els.map((e) => e.textContent));
}

/** Restricted Mode: open the file, read Problems and the status bar, nothing else. */
async function untrusted(page) {
  // The Restricted Mode indicator is drawn a moment after the workbench.
  R.restricted_mode = await page.locator(".statusbar-item", { hasText: "Restricted Mode" }).first()
    .waitFor({ state: "visible", timeout: 30000 }).then(() => true, () => false);
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: env("OA_FILE") }).first().click();
  await page.waitForSelector(".monaco-editor .squiggly-error");
  mark("squiggle");
  await page.keyboard.press("Control+Shift+M");
  await page.waitForFunction((codes) => {
    const text = document.querySelector(".markers-panel")?.textContent || "";
    return codes.every((c) => text.includes(c));
  }, env("OA_EXPECT").split(","), { timeout: LONG });
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".statusbar-item")].some((e) => /OpenAI: offline/.test(e.textContent || "")));
  R.problems = (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).map(norm);
  R.status = norm(await page.locator(".statusbar-item", { hasText: "OpenAI" }).first().innerText());
  await shot(page, "1-untrusted");
  mark("problems");
}

/** A Jupyter notebook: the cells are checked like a file, squiggles inside the cell editors. */
async function notebook(page) {
  await problems(page, "1-notebook", ".notebook-editor .monaco-editor .squiggly-error");
}

/** A Python that cannot be started: one error toast that names it and says the fix. */
async function noPython(page) {
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: env("OA_FILE") }).first().click();
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "OpenAI Access" }).first();
  await toast.waitFor({ state: "visible" });
  R.toast = norm(await toast.innerText());
  R.status = norm(await page.locator(".statusbar-item", { hasText: "OpenAI" }).first().innerText());
  await shot(page, "1-no-python");
  mark("toast");
}

/** Open the file and wait until the Problems panel lists every expected status. */
async function problems(page, name, squiggle = ".monaco-editor .squiggly-error") {
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: env("OA_FILE") }).first().click();
  await page.waitForSelector(squiggle);
  mark("squiggle");
  await page.keyboard.press("Control+Shift+M");
  await page.waitForFunction((codes) => {
    const text = document.querySelector(".markers-panel")?.textContent || "";
    return codes.every((c) => text.includes(c));
  }, env("OA_EXPECT").split(","), { timeout: LONG });
  R.problems = (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).map(norm);
  R.status = norm(await page.locator(".statusbar-item", { hasText: "OpenAI" }).first().innerText());
  await shot(page, name);
  mark("problems");
}

/** A bundle that cannot load in this Python: the one error toast, then its button that
 * switches to the environment's server, then the diagnostics that server gives. */
async function bundleBroken(page) {
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "bundled server" }).first();
  await toast.waitFor({ state: "visible" });
  R.toast = norm(await toast.innerText());
  R.toast_count = await page.locator(".notifications-toasts .notification-toast", { hasText: "OpenAI Access" }).count();
  await shot(page, "1-bundle-broken");
  mark("toast");
  await toast.locator(".monaco-button", { hasText: "Use environment's server" }).first().click();
  mark("switched");
  await problems(page, "2-environment-server");
}

async function main() {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(LONG);
  try {
    await page.goto(`${env("OA_URL")}/?folder=${encodeURIComponent(env("OA_WS"))}`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector(".explorer-folders-view .monaco-list-row");
    mark("workbench");

    if (process.env.OA_MODE === "untrusted") return await untrusted(page);
    if (process.env.OA_MODE === "no-python") return await noPython(page);
    if (process.env.OA_MODE === "notebook") return await notebook(page);
    if (process.env.OA_MODE === "problems") return await problems(page, "1-problems");
    if (process.env.OA_MODE === "bundle-broken") return await bundleBroken(page);

    // The key goes in through the command and its password box, never through settings.
    await runCommand(page, "OpenAI Access: Set API Key");
    const keyBox = page.locator(".quick-input-widget input[type=password]").first();
    await keyBox.waitFor({ state: "visible" });
    await keyBox.fill(env("OA_KEY"));
    await page.keyboard.press("Enter");
    await keyBox.waitFor({ state: "hidden" });
    mark("key-set");

    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: env("OA_FILE") }).first().click();
    await page.waitForSelector(".monaco-editor .squiggly-error");
    mark("squiggle");

    // Problems panel: wait until the probes' verdicts (blocked, needs-verification) are in.
    await page.keyboard.press("Control+Shift+M");
    const expected = env("OA_EXPECT").split(",");
    await page.waitForFunction((codes) => {
      const text = document.querySelector(".markers-panel")?.textContent || "";
      return codes.every((c) => text.includes(c));
    }, expected, { timeout: LONG });
    R.problems = (await page.locator(".markers-panel .monaco-list-row").allInnerTexts()).map(norm);
    await shot(page, "1-problems");
    mark("problems");

    // Hover on a literal (keyboard: go to it, then "Show Hover"); no toasts in the picture.
    await runCommand(page, "Notifications: Clear All Notifications");
    await page.locator(".monaco-editor .view-lines").first().click();
    await goTo(page, env("OA_HOVER_AT"));
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    const hover = page.locator(".monaco-hover .hover-contents, .monaco-hover .markdown-hover").first();
    await hover.waitFor({ state: "visible" });
    // Both parts: the diagnostic and the server's Markdown hover (its "Evidence" line).
    await page.waitForFunction(() => {
      const text = [...document.querySelectorAll(".monaco-hover")].map((e) => e.textContent).join("\n");
      return text.includes("openai-access") && text.includes("Evidence");
    });
    R.hover = norm((await page.locator(".monaco-hover").allInnerTexts()).join("\n"));
    await shot(page, "2-hover");
    mark("hover");
    await page.keyboard.press("Escape");

    // Quick fix on the non-ASCII line.
    await goTo(page, env("OA_FIX_AT"));
    await page.keyboard.press("Control+.");
    const menu = page.locator(".action-widget .monaco-list-row");
    await menu.first().waitFor({ state: "visible" });
    R.actions = (await menu.allInnerTexts()).map(norm);
    await shot(page, "3-quickfix-menu");
    await page.locator(".action-widget .monaco-list-row", { hasText: env("OA_FIX_TITLE") }).first().click();
    const fixedNeedle = env("OA_FIXED_NEEDLE");
    await page.waitForFunction((needle) =>
      [...document.querySelectorAll(".monaco-editor .view-line")].some((l) => l.textContent.replace(/\u00a0/g, " ").includes(needle)), fixedNeedle);
    R.lines_after_fix = (await editorLines(page)).map(norm);
    await shot(page, "4-fixed");
    mark("quickfix");

    // Re-check from the command palette: the fake API sees new requests, a toast says how many.
    const before = (await fakeRequests()).length;
    await runCommand(page, "OpenAI Access: Re-check access (all models)");
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Re-checked" }).first();
    await toast.waitFor({ state: "visible" });
    R.recheck_toast = norm(await toast.innerText());
    R.requests_before_recheck = before;
    R.requests_after_recheck = (await fakeRequests()).length;
    mark("recheck");

    // Re-check only the model under the cursor: the API is asked about that model alone.
    await runCommand(page, "Notifications: Clear All Notifications");
    await page.locator(".monaco-editor .view-lines").first().click();
    await goTo(page, env("OA_HOVER_AT"));
    const beforeOne = (await fakeRequests()).length;
    await runCommand(page, "OpenAI Access: Re-check access (model under cursor)");
    await page.locator(".notifications-toasts .notification-toast", { hasText: "Re-checked" }).first().waitFor({ state: "visible" });
    R.recheck_one_models = (await fakeRequests()).slice(beforeOne).map((r) => (r.body && r.body.model) || `${r.method} ${r.path}`);
    mark("recheck-model");

    // Doctor: the checklist in a Markdown preview.
    await runCommand(page, "OpenAI Access: Doctor");
    await page.locator(".tabs-container .tab", { hasText: "doctor.md" }).first().waitFor({ state: "visible" });
    R.doctor_tab = true;
    mark("doctor");

    // Status bar item, then click it: the access report opens in a Markdown preview.
    const status = page.locator(".statusbar-item", { hasText: "OpenAI" }).first();
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".statusbar-item")].some((e) => /OpenAI: (?!starting|checking)/.test(e.textContent || "")));
    R.status = norm(await status.innerText());
    R.status_tooltip = await status.getAttribute("aria-label");
    await shot(page, "5-status");
    await status.click();
    const tab = page.locator(".tabs-container .tab", { hasText: "report.md" }).first();
    await tab.waitFor({ state: "visible" });
    R.report_tab = norm(await tab.innerText());
    // The preview's text lives in nested webview iframes.
    const deadline = Date.now() + LONG;
    while (!R.report_text && Date.now() < deadline) {
      for (const frame of page.frames()) {
        const text = await frame.evaluate(() => document.body?.innerText || "").catch(() => "");
        if (text.includes("access report")) R.report_text = norm(text);
      }
      if (!R.report_text) await page.waitForTimeout(250);
    }
    await shot(page, "6-report");
    mark("report");
  } catch (err) {
    R.error = String(err && err.stack ? err.stack : err);
    await shot(page, "error").catch(() => {});
  } finally {
    fs.writeFileSync(path.join(ART, "result.json"), JSON.stringify(R, null, 1));
    await browser.close();
  }
  process.exit(R.error ? 3 : 0);
}

main();
