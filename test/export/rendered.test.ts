import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilationDocx, ownCopyDocx, practiceDocx } from '../../bot/export/word.js';
import { newDraft } from '../../dialogs/core/draft.js';
import { mexico, panama } from '../fixtures/seeds.js';
import { recordOf } from './records.js';
import { exportTexts } from './texts.js';

const OUT = new URL('../../test-output/rendered/', import.meta.url).pathname;
/** LibreOffice's first start with a fresh profile takes seconds; a stuck one is killed well before mocha gives up. */
const SOFFICE_TIMEOUT_MS = 150_000;

const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** Runs a command in its own process group, killing the whole group (soffice starts soffice.bin) after `ms`. */
function run(cmd: string, args: string[], ms: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      reject(new Error(`${cmd} did not finish within ${ms} ms and was killed:\n${output}`));
    }, ms);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The number of pages of a PDF: pdfinfo's when it is there, else the page objects counted in the file. */
function pageCount(pdf: string): number {
  if (onPath('pdfinfo')) {
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  }
  return [...readFileSync(pdf, 'latin1').matchAll(/\/Type\s*\/Page(?![s\w])/g)].length;
}

const pdfText = (pdf: string) => spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;

describe('Word files rendered by LibreOffice (a PDF, one page saved as PNG)', function () {
  this.timeout(SOFFICE_TIMEOUT_MS + 60_000);
  const names = ['compilation', 'practice', 'draft'] as const;
  const pdf = (name: string) => join(OUT, `${name}.pdf`);

  before(async function () {
    if (!onPath('soffice')) {
      console.log('      skipped: soffice (LibreOffice) is not on PATH; .ci/run installs libreoffice-writer-nogui');
      this.skip();
    }
    const es = await exportTexts('es');
    const pa = recordOf(panama(), { reference: 'MESICIC-BP-2026-0001' });
    // Mexico also cites III.5: a practice under three areas, in full once.
    const mx = recordOf(mexico(), { reference: 'MESICIC-BP-2026-0002', provisions: ['III.11', 'III.5'] });
    const draft = {
      ...newDraft('d-1', { id: 'aad-1', name: 'Official' }, '2026-03-10T09:00:00.000Z'),
      answers: pa.answers,
    };
    mkdirSync(OUT, { recursive: true });
    const files = {
      compilation: await compilationDocx([pa, mx], '2026-S1', es),
      practice: await practiceDocx(mx, es),
      draft: await ownCopyDocx(draft, es),
    };
    for (const name of names) {
      rmSync(pdf(name), { force: true });
      writeFileSync(join(OUT, `${name}.docx`), files[name]);
    }
    // A profile of its own: a user's LibreOffice, or another test's, neither locks it nor is changed by it.
    const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
    try {
      const args = [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf'];
      const done = await run(
        'soffice',
        [...args, '--outdir', OUT, ...names.map((n) => join(OUT, `${n}.docx`))],
        SOFFICE_TIMEOUT_MS,
      );
      for (const name of names) assert.ok(existsSync(pdf(name)), `no ${name}.pdf (exit ${done.code}):\n${done.output}`);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('renders the compilation on several pages: cover, contents with page numbers, each practice on its own', function () {
    const pages = pageCount(pdf('compilation'));
    assert.ok(pages > 5, `${pages} pages`);
    if (!onPath('pdftotext')) return console.log('      pdftotext absent: the text of the PDF is not checked');
    const text = pdfText(pdf('compilation'));
    const [cover, contents] = text.split('\f');
    assert.match(cover!, /Organización de los Estados Americanos/);
    assert.match(cover!, /MESICIC/);
    assert.match(contents!, /Contenido/);
    // An area's entry, its dot leader and the page it starts on.
    assert.match(contents!, /Contratación de funcionarios públicos \(III\.5\)\.{5,}\s*3\b/);
    assert.match(text, /MESICIC-BP-2026-0002/);
    assert.match(text, new RegExp(`Página ${pages} de ${pages}`));
  });

  it('renders one practice with its reference and page numbers in the footer, and a draft marked as one', function () {
    assert.ok(pageCount(pdf('practice')) > 1);
    if (!onPath('pdftotext')) return;
    const practice = pdfText(pdf('practice'));
    assert.match(practice, /MESICIC-BP-2026-0002\s+Página 1 de \d/);
    assert.ok(!practice.includes('**') && !practice.includes('<https://'), 'no raw markdown');
    const draft = pdfText(pdf('draft'));
    assert.match(draft, /BORRADOR — no enviado/);
    assert.ok(!draft.includes('d-1'));
  });

  it('saves the first pages as PNG under test-output/rendered (or keeps the PDF when pdftoppm is absent)', async function () {
    if (!onPath('pdftoppm')) return console.log(`      pdftoppm absent: the PDFs are in ${OUT}`);
    const pages: [string, number][] = [
      ['compilation', 1],
      ['compilation', 2],
      ['compilation', 3],
      ['practice', 1],
      ['draft', 1],
    ];
    for (const [name, page] of pages) {
      const out = join(OUT, `${name}-p${page}`);
      const args = ['-r', '80', '-f', String(page), '-l', String(page), '-singlefile', '-png', pdf(name), out];
      const done = await run('pdftoppm', args, 60_000);
      assert.equal(done.code, 0, done.output);
      const png = readFileSync(`${out}.png`);
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${out}.png`);
    }
    console.log(`      pages saved in ${OUT}`);
  });
});
