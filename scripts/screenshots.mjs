// Screenshots of every view, light and dark, into screenshots/: the app as a user sees it, without
// building Electron. Serves a fresh sample library with `skr serve`, imports sample files through a
// real drop, and drives Debian's Chromium with playwright-core.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import WebSocket from 'ws';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'screenshots');
const chromiumPath = process.env.SKR_CHROMIUM ?? '/usr/bin/chromium';
const temp = (prefix) => mkdtempSync(path.join(os.tmpdir(), prefix));

if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html')) || process.argv.includes('--build')) {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
mkdirSync(out, { recursive: true });

const SAMPLES = {
  'Field notes/solar-array.md': `# Solar array maintenance\n\nClean the **solar panels** every spring; check the inverter log for faults.\n\n- Panel efficiency drops ~0.5 % a year\n- Keep the array free of shade\n\n> Measure twice, wire once.\n\n| Part | Interval |\n| --- | ---: |\n| Panels | 6 months |\n| Inverter | 1 year |\n`,
  'Field notes/garden-plan.md': `# Garden plan 2025\n\nTomatoes along the south wall, beans on the trellis. The solar pump waters the beds at dawn.\n`,
  'Reading/fermentation.txt': `Fermentation notes\n\nSourdough starter: feed 1:1:1 every 12 hours at room temperature. A strong starter doubles in four to six hours.\nKimchi: salt the cabbage for two hours, rinse, then pack with the paste.\n`,
  'Reading/bicycle-repair.html': `<!doctype html><html><head><title>Bicycle repair basics</title></head><body><h1>Bicycle repair basics</h1><p>Fix a flat: remove the wheel, lever the tyre off, find the puncture, patch, reinflate.</p><p>Adjust the rear derailleur with the barrel adjuster, a quarter turn at a time.</p></body></html>`,
  'Reading/history-of-tea.txt': `A short history of tea\n\nTea drinking spread from China along the trade routes. Green, oolong and black tea come from the same plant.\n`,
  'Projects/budget-2025.csv.txt': `Budget 2025\nsolar panels, 4200\ninverter, 900\ngarden, 350\n`,
};

function startServe(library) {
  const child = spawn(process.execPath, ['bin/skr.mjs', 'serve', '--port', '0', '--library', library], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = /(http:\/\/\S+\?k=\S+)/.exec(output);
      if (match) resolve({ child, launchUrl: match[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`skr serve exited with ${code}:\n${output}`)));
  });
}

/** A minimal contract client over the WebSocket, for seeding notes and tags. */
async function connect(launchUrl) {
  const url = new URL(launchUrl);
  const ws = new WebSocket(`ws://${url.host}/ws`, { headers: { Authorization: `Bearer ${url.searchParams.get('k')}`, Origin: url.origin } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const pending = new Map();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type === 'result') pending.get(message.id)?.(message.envelope);
  });
  return {
    invoke: (channel, input) =>
      new Promise((resolve) => {
        pending.set(++id, resolve);
        ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
      }),
    close: () => ws.close(),
  };
}

async function dragFiles(page, files) {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: 400, y: 300, data });
  await cdp.detach();
}

/** Landscape "photos" drawn as SVG, so the grid and the image viewer have real thumbnails to show. */
const PHOTOS = {
  'sunset-over-the-bay.jpg': ['#1e3a8a', '#f97316', '#fde68a', '#0f172a'],
  'alpine-meadow.jpg': ['#7dd3fc', '#e0f2fe', '#4d7c0f', '#14532d'],
  'lavender-field.png': ['#c4b5fd', '#fef3c7', '#7c3aed', '#3b0764'],
};

function landscape([skyTop, skyBottom, hills, ground]) {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${skyTop}"/><stop offset="1" stop-color="${skyBottom}"/></linearGradient></defs>
    <rect width="1600" height="1000" fill="url(#sky)"/>
    <circle cx="1180" cy="300" r="110" fill="#fff7ed" opacity="0.85"/>
    <path d="M0 640 Q 300 460 620 600 T 1200 560 T 1600 600 V 1000 H 0 Z" fill="${hills}"/>
    <path d="M0 780 Q 400 680 800 770 T 1600 740 V 1000 H 0 Z" fill="${ground}"/>
  </svg>`);
}

const samples = temp('skr-samples-');
const files = Object.entries(SAMPLES).map(([name, text]) => {
  const file = path.join(samples, path.basename(name));
  writeFileSync(file, text);
  return file;
});
for (const [name, colours] of Object.entries(PHOTOS)) {
  const file = path.join(samples, name);
  const image = sharp(landscape(colours));
  await (name.endsWith('.png') ? image.png() : image.jpeg({ quality: 85 })).toFile(file);
  files.push(file);
}

const serve = await startServe(temp('skr-shots-lib-'));
const context = await chromium.launchPersistentContext(temp('skr-shots-chromium-'), {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await context.newPage();
  await page.goto(serve.launchUrl);
  await page.getByRole('heading', { name: 'Library' }).waitFor();

  // Content: sample files through a real drop, notes and tags over the contract.
  await dragFiles(page, files);
  await page.getByText(/^Import (finished|failed)$/).first().waitFor({ timeout: 30_000 }).catch(() => console.warn('screenshots: the import did not finish'));
  const kb = await connect(serve.launchUrl);
  await kb.invoke('notes.create', {
    title: 'Weekly review',
    body: '# Weekly review\n\n- [x] Clean the **solar panels**\n- [ ] Order inverter fuse\n\nSee [the manual](https://example.org/manual).\n\n```\nvoltage = 48 V\n```\n',
    tags: ['home', 'todo'],
  });
  await kb.invoke('notes.create', { title: 'Reading list', body: 'Books on *fermentation* and tea history.', tags: ['reading'] });
  const listed = await kb.invoke('documents.list', { limit: 100 });
  const ids = listed.ok ? listed.value.items.filter((d) => /solar|garden/i.test(d.title)).map((d) => d.id) : [];
  if (ids.length) await kb.invoke('tags.add', { ids, tags: ['home'] });
  kb.close();

  const shoot = async (name) => {
    await page.waitForTimeout(250);
    await page.screenshot({ path: path.join(out, `${name}.png`) });
    console.log(`screenshots/${name}.png`);
  };

  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => localStorage.setItem('skr.theme', t), theme);
    await page.evaluate(() => localStorage.setItem('skr.library.layout', 'list'));
    await page.goto(new URL('/#/library', serve.launchUrl).href);
    await page.reload();
    await page.getByRole('list', { name: 'Documents' }).waitFor();
    await page.getByRole('checkbox').nth(1).check();
    await shoot(`library-list-${theme}`);
    await page.getByRole('button', { name: 'Grid', exact: true }).click();
    await shoot(`library-grid-${theme}`);
    await page.getByRole('button', { name: 'sunset-over-the-bay.jpg', exact: true }).click();
    await page.getByRole('img', { name: /^Preview of / }).waitFor();
    await shoot(`viewer-image-${theme}`);
    await page.goBack();
    await page.getByRole('button', { name: 'List', exact: true }).click();

    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Search' }).fill('solar');
    await page.getByRole('listbox', { name: 'Search results' }).getByRole('option').first().waitFor();
    await shoot(`search-${theme}`);
    await page.getByRole('button', { name: 'Syntax help' }).click();
    await shoot(`search-help-${theme}`);
    await page.keyboard.press('Escape');

    await page.getByRole('combobox', { name: 'Search' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/(document|note)\/\d+$/);
    await page.waitForTimeout(300);
    await shoot(`viewer-${theme}`);

    await page.keyboard.press('Control+N');
    await page.getByRole('textbox', { name: 'Title' }).fill('Ideas for the shed');
    await page.getByRole('textbox', { name: 'Tags' }).fill('home, projects');
    await page.getByRole('textbox', { name: 'Note' }).fill('## Shed\n\nInsulate the walls, add a **solar light**.\n\n1. Measure\n2. Buy boards\n');
    await page.getByText('Saved', { exact: true }).waitFor();
    await shoot(`note-${theme}`);

    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const memory = page.getByRole('group', { name: 'Memory (whole app)' });
    const rules = await memory.waitFor({ timeout: 5000 }).then(() => true, () => false);
    if (rules) {
      await memory.getByLabel('Clear below').fill('900');
      await memory.evaluate((group) => group.scrollIntoView({ block: 'center' }));
    } else console.warn('screenshots: no alert rules (monitor channels unavailable)');
    await shoot(`settings-${theme}`);
    if (rules) await memory.getByLabel('Clear below').fill('480');

    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await page.waitForTimeout(1500);
    await shoot(`dashboard-${theme}`);

    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await dragFiles(page, files.slice(0, 2));
    await page.getByRole('progressbar', { name: 'Import' }).first().waitFor();
    await page.waitForTimeout(500);
    await shoot(`import-${theme}`);
    for (const button of await page.getByRole('button', { name: 'Dismiss' }).all()) await button.click();
  }
} finally {
  await context.close();
  serve.child.kill('SIGTERM');
}
