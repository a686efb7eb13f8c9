// Starts a supplyhub process on a free port with its own data directory (or
// the PostgreSQL database run.sh exported), and reports steps TAP-style.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `setup(bin, dataArgs)` runs before the server starts (admin commands).
export async function startServer(bin, { args = [], setup } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'supplyhub-e2e-'));
  const data = ['--data-dir', join(dir, 'data')];
  if (setup) setup((...a) => execFileSync(bin, [...a, ...data], { stdio: ['ignore', 'pipe', 'ignore'] }));
  const portFile = join(dir, 'port');
  const server = spawn(bin, ['serve', '--port', '0', '--port-file', portFile, ...data, ...args], { stdio: 'ignore' });
  let port = 0;
  for (let i = 0; i < 200 && !port; i++) {
    try { port = parseInt(readFileSync(portFile, 'utf8'), 10) || 0; } catch { /* not yet */ }
    if (!port) await new Promise((r) => setTimeout(r, 50));
  }
  const stop = () => {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  if (!port) {
    stop();
    throw new Error('server did not start');
  }
  return { base: `http://127.0.0.1:${port}`, stop };
}

export function reporter() {
  const counts = { passed: 0, failed: 0 };
  return {
    async step(name, fn) {
      try {
        await fn();
        counts.passed++;
        console.log(`ok - ${name}`);
      } catch (e) {
        counts.failed++;
        console.log(`not ok - ${name}\n  ${e.stack || e}`);
      }
    },
    // Prints the closing line and exits non-zero on any failure.
    finish() {
      console.log(`${counts.passed} passed, ${counts.failed} failed`);
      process.exit(counts.failed ? 1 : 0);
    },
  };
}
