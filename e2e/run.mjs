// Runs one notebook in JupyterLab the way a learner does, in headless
// Chromium: open it, Run > Run All Cells, wait for the kernel to finish,
// then check what the page shows and take a screenshot.
//
// Usage (e2e_test.go builds the argument): node run.mjs '<json>' where json is
//   {"url": "http://127.0.0.1:PORT/lab?token=T", "notebook": "01_ae_vs_vae.ipynb",
//    "chromium": "/usr/bin/chromium", "screenshot": "out/01.png", "timeoutSeconds": 900,
//    "cells": [{"index": 3, "texts": ["..."], "image": true}, ...],
//    "summary": "regular expression the training summary matches"}
// "index" counts all cells from 0, as the notebook file does. With
// "stopAt": N (and no summary) the notebook is one whose cell N fails: it
// must show as failed, with an error output, and Run All must stop there,
// leaving every later cell unrun. With "restartRun": {"index": N, "texts":
// [...]}, after Run All the kernel is restarted from the Kernel menu and
// cell N alone is run, as a learner does after a restart: it must fail,
// and its output must show the texts (the restart hint). With "after": K
// in it, the restart comes as soon as K code cells are done, while the
// next still runs. Prints progress
// lines, and exits 1 with a list of problems if any check fails.
import { chromium } from 'playwright-core';

const args = JSON.parse(process.argv[2]);
const started = Date.now();
const log = (msg) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

// The states a code cell's prompt shows: "[ ]:" never run, "[*]:" queued
// or running, "[7]:" done.
const promptState = (text) => (text.includes('*') ? 'running' : /\d/.test(text) ? 'done' : 'idle');

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  // Containers and CI machines run as root, where Chromium's sandbox cannot start.
  args: ['--no-sandbox'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  const url = new URL(args.url);
  url.pathname = `/lab/tree/${args.notebook}`;
  log(`opening ${url.origin}${url.pathname}`);
  await page.goto(url.href);

  // The notebook's panel, found by path in JupyterLab's main area (the
  // server runs with --LabApp.expose_app_in_browser): a restored workspace
  // may hold other tabs.
  const panel = (path) => [...(window.jupyterapp?.shell.widgets('main') ?? [])].find((w) => w.context?.path === path);
  await page.waitForFunction(`(${panel})(${JSON.stringify(args.notebook)})`, null, { timeout: 180_000, polling: 500 });
  const inPanel = (fn) => page.evaluate(`(${fn})((${panel})(${JSON.stringify(args.notebook)}))`);
  const id = await inPanel((p) => p.id);
  await inPanel((p) => window.jupyterapp.shell.activateById(p.id));
  const nb = page.locator(`[id="${id}"] .jp-Notebook`);
  await nb.locator('.jp-Cell').first().waitFor({ timeout: 180_000 });
  // The kernel's state, read from JupyterLab itself: the status shown in the page is
  // "idle" before the kernel has even connected. GoNB reports no status
  // until it first runs a cell, so a connected kernel is "unknown" (the
  // status bar says so) until the course's server settings tell the page.
  const kernelState = () =>
    inPanel((p) => {
      const k = p.sessionContext.session?.kernel;
      return k ? `${k.name} ${k.connectionStatus} ${k.status}` : 'none';
    });
  // JupyterLab asks which kernel to start when it cannot tell (a restored
  // workspace, say); the notebook names gonb, which the dialog offers first.
  const kernelDialog = page.locator('.jp-Dialog', { hasText: 'Select Kernel' });
  const ready = Date.now() + 180_000;
  for (;;) {
    if (await kernelDialog.isVisible()) {
      log(`dialog "Select Kernel": ${await kernelDialog.locator('select').inputValue().catch(() => '?')}, Select`);
      await kernelDialog.locator('.jp-mod-accept').click();
    }
    if (/ connected (idle|unknown)$/.test(await kernelState())) break;
    if (Date.now() > ready) throw new Error(`the kernel did not connect within 180s: ${await kernelState()}`);
    await page.waitForTimeout(500);
  }
  for (const known = Date.now() + 10_000; (await kernelState()).endsWith('unknown'); await page.waitForTimeout(250)) {
    if (Date.now() > known) {
      problems.push('the kernel connected, but 10s later JupyterLab still shows its state as Unknown');
      break;
    }
  }
  const [nCells, nCode] = await inPanel((p) => [
    p.content.widgets.length,
    p.content.widgets.filter((w) => w.model.type === 'code').length,
  ]);
  log(`notebook open, kernel ${await kernelState()}: ${nCells} cells, ${nCode} code cells`);

  // The committed notebook holds its outputs: clear them first, so that
  // every output checked below comes from this run.
  const menu = async (top, item) => {
    await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${top}$`) }).click();
    await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).click();
    log(`${top} > ${item}`);
  };
  await menu('Edit', 'Clear Outputs of All Cells');
  const left = await nb.locator('.jp-OutputArea-output').count();
  const numbered = (await nb.locator('.jp-CodeCell .jp-InputArea-prompt').allInnerTexts()).filter((p) => /\d/.test(p));
  if (left || numbered.length) throw new Error(`after clearing: ${left} outputs, ${numbered.length} numbered prompts left`);

  // Run > Run All Cells, through the menu bar as a learner would. Done
  // when every code cell shows an execution count (up to the failing one,
  // with stopAt), none is queued and the kernel is not busy; each change of
  // the count of finished cells is logged.
  const stopping = args.stopAt !== undefined;
  const expectDone = stopping
    ? await inPanel(`(p) => p.content.widgets.slice(0, ${args.stopAt + 1}).filter((w) => w.model.type === 'code').length`)
    : nCode;
  await menu('Run', 'Run All Cells');
  const deadline = Date.now() + args.timeoutSeconds * 1000;
  let lastDone = -1;
  for (;;) {
    const prompts = await nb.locator('.jp-CodeCell .jp-InputArea-prompt').allInnerTexts();
    const done = prompts.filter((p) => promptState(p) === 'done').length;
    const running = prompts.filter((p) => promptState(p) === 'running').length;
    const kernel = await kernelState();
    if (done !== lastDone) {
      log(`${done}/${prompts.length} code cells done, ${running} queued or running, kernel ${kernel}`);
      lastDone = done;
    }
    // GoNB does not always report "idle" after the last cell; "unknown"
    // with every prompt numbered is done too.
    if (done >= expectDone && prompts.length === nCode && running === 0 && !kernel.endsWith('busy')) break;
    if (args.restartRun?.after !== undefined && done >= args.restartRun.after) {
      await page.waitForTimeout(2000); // the next cell is under way
      log(`${done} code cells done, ${running} queued or running: restarting now`);
      break;
    }
    if (Date.now() > deadline) {
      problems.push(`timed out after ${args.timeoutSeconds}s: ${done}/${prompts.length} cells done, kernel ${kernel}`);
      break;
    }
    await page.waitForTimeout(1000);
  }

  // What every output shows, by cell.
  const cells = await nb.locator('.jp-Cell').evaluateAll((els) =>
    els.map((el) => ({
      code: el.classList.contains('jp-CodeCell'),
      text: el.querySelector('.jp-OutputArea')?.innerText ?? '',
      mimes: [...el.querySelectorAll('.jp-OutputArea-output')].map((o) => o.getAttribute('data-mime-type')),
      images: [...el.querySelectorAll('.jp-OutputArea-output img')].map((i) => ({
        loaded: i.complete && i.naturalWidth > 0,
        width: i.naturalWidth,
        height: i.naturalHeight,
      })),
    })),
  );
  // Output types as the notebook model has them: the page draws an error
  // output with the stderr MIME type, so only the model tells them apart.
  const types = await inPanel((p) =>
    p.content.widgets.map((w) =>
      w.model.type === 'code' ? Array.from({ length: w.model.outputs.length }, (_, j) => w.model.outputs.get(j).type) : [],
    ),
  );
  types.forEach((ts, i) => {
    if (cells[i]) cells[i].types = ts;
  });
  if (cells.length !== nCells) problems.push(`the page shows ${cells.length} cells, the notebook has ${nCells}`);

  const prompts = await nb.locator('.jp-Cell').evaluateAll((els) =>
    els.map((el) => el.querySelector('.jp-InputArea-prompt')?.innerText ?? ''),
  );
  cells.forEach((c, i) => {
    const name = `cell ${i + 1}`;
    if (stopping && i === args.stopAt) {
      if (!c.types?.includes('error')) problems.push(`${name} should have failed, with an error output; it shows:\n${c.text}`);
      return;
    }
    if (stopping && i > args.stopAt && c.code && (c.text || promptState(prompts[i]) !== 'idle')) {
      problems.push(`${name} ran after the failing cell ${args.stopAt + 1} (prompt ${prompts[i]}): Run All did not stop`);
      return;
    }
    if (c.types?.includes('error')) problems.push(`${name}: an error output:\n${c.text}`);
    const bad = c.text.split('\n').find((l) => l.includes('panic:') || /exit status \d+/.test(l));
    if (bad) problems.push(`${name}: a failure in its output: ${bad}`);
    const broken = c.images.filter((im) => !im.loaded).length;
    if (broken) problems.push(`${name}: ${broken} image(s) did not render`);
  });
  for (const want of args.cells) {
    const c = cells[want.index];
    const name = `cell ${want.index + 1}`;
    if (!c) continue; // counted above
    for (const t of want.texts ?? []) if (!c.text.includes(t)) problems.push(`${name}: output lacks "${t}"`);
    if (want.image && !c.images.some((im) => im.loaded)) problems.push(`${name}: no rendered image`);
  }
  const summary = new RegExp(args.summary ?? '$^');
  const summaryCell = args.summary ? cells.findIndex((c) => summary.test(c.text) && c.images.some((im) => im.loaded)) : -1;
  if (args.summary && summaryCell < 0) problems.push(`no cell shows the training summary (/${args.summary}/) with a chart`);

  const count = (xs) => xs.reduce((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
  log(`outputs by type: ${JSON.stringify(count(types.flat()))}, by MIME type: ${JSON.stringify(count(cells.flatMap((c) => c.mimes)))}`);
  const images = cells.flatMap((c) => c.images.filter((im) => im.loaded));
  log(`${images.length} images rendered, ${cells.filter((c) => c.code && c.text).length} code cells with output`);
  if (summaryCell >= 0) log(`training summary, cell ${summaryCell + 1}: ${cells[summaryCell].text.match(summary)[0]}`);

  // After a restart, one cell alone, selected and run from the Run menu.
  if (args.restartRun) {
    const { index, texts } = args.restartRun;
    await menu('Kernel', 'Restart Kernel…');
    const dialog = page.locator('.jp-Dialog');
    await dialog.waitFor({ timeout: 30_000 });
    log(`dialog "${(await dialog.locator('.jp-Dialog-header').innerText().catch(() => '?')).trim()}": ${await dialog.locator('.jp-mod-accept').innerText()}`);
    await dialog.locator('.jp-mod-accept').click();
    const back = Date.now() + 120_000;
    await page.waitForTimeout(1000);
    while (!/ connected (idle|unknown)$/.test(await kernelState())) {
      if (Date.now() > back) throw new Error(`the kernel did not come back within 120s of the restart: ${await kernelState()}`);
      await page.waitForTimeout(500);
    }
    log(`restarted, kernel ${await kernelState()}`);
    await inPanel(`(p) => { p.content.deselectAll(); p.content.activeCellIndex = ${index}; }`);
    await menu('Run', 'Run Selected Cells?');
    const prompt = nb.locator('.jp-Cell').nth(index).locator('.jp-InputArea-prompt');
    const until = Date.now() + 120_000;
    await page.waitForTimeout(500);
    while (promptState(await prompt.innerText()) === 'running' || (await kernelState()).endsWith('busy')) {
      if (Date.now() > until) throw new Error('the cell run after the restart did not finish within 120s');
      await page.waitForTimeout(500);
    }
    const text = await nb.locator('.jp-Cell').nth(index).locator('.jp-OutputArea').innerText();
    log(`cell ${index + 1} after the restart shows:\n${text}`);
    for (const t of texts) if (!text.includes(t)) problems.push(`cell ${index + 1}, run alone after the restart: output lacks "${t}"`);
  }

  // The screenshot: the notebook scrolled to the training summary's chart,
  // to the cell before the failing one, or to the cell run after a restart.
  const at = summaryCell >= 0 ? summaryCell : stopping ? Math.max(args.stopAt - 1, 0) : args.restartRun ? Math.max(args.restartRun.index - 2, 0) : 0;
  const shot = nb.locator('.jp-Cell').nth(at);
  await shot.scrollIntoViewIfNeeded();
  await shot.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(500);
  await page.screenshot({ path: args.screenshot });
  log(`screenshot: ${args.screenshot}`);
} catch (e) {
  problems.push(`driving the page failed: ${e.stack ?? e}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.log(`FAILED, ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
log('ok');
