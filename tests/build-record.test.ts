/**
 * A site built for a base path (`SITE_URL=https://user.github.io/field-notes`) is checked and previewed as
 * that site by the plain commands, with no SITE_URL given again.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILDS, builtOut } from './helpers/builds';
import { freePort, waitForServer } from './helpers/net';

/** This process's environment without the settings the build was given. */
function plainEnv(): NodeJS.ProcessEnv {
  const { SITE_URL: _url, CONTENT_DIR: _dir, ...env } = process.env;
  return { ...env, NEXT_TELEMETRY_DISABLED: '1' };
}

describe('the build records the URL it was built for', () => {
  it('npm run check passes on the base-path build without SITE_URL', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check.ts', builtOut('basepath')], { env: plainEnv(), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('npm run check still fails a base-path build checked as another site', () => {
    const env = { ...plainEnv(), SITE_URL: 'https://fieldnotes.example.com' };
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check.ts', builtOut('basepath')], { env, encoding: 'utf8' });
    expect(result.status).toBe(1);
  });

  it('npm run preview serves the base-path build under its base path', async () => {
    const port = await freePort();
    const preview = spawn(process.execPath, ['--import', 'tsx', 'scripts/preview.ts', '--port', String(port), builtOut('basepath')], { env: plainEnv(), detached: true });
    try {
      const origin = `http://127.0.0.1:${port}`;
      await waitForServer(origin, () => preview.exitCode === null);
      const home = await fetch(`${origin}${BUILDS.basepath.basePath}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain(`href="${BUILDS.basepath.basePath}/posts/`);
      expect((await fetch(`${origin}/posts/why-static/`)).status).toBe(404);
      expect((await fetch(`${origin}${BUILDS.basepath.basePath}/posts/why-static/`)).status).toBe(200);
    } finally {
      process.kill(-preview.pid!, 'SIGTERM');
    }
  });

  it('npm run preview serves the build as it was built when site.yaml has broken since', async () => {
    const content = await mkdtemp(path.join(os.tmpdir(), 'masthead-broken-site-'));
    await writeFile(path.join(content, 'site.yaml'), 'title: [Field Notes\n');
    const port = await freePort();
    const preview = spawn(process.execPath, ['--import', 'tsx', 'scripts/preview.ts', '--port', String(port), builtOut('basepath')], { env: { ...plainEnv(), CONTENT_DIR: content }, detached: true });
    try {
      const origin = `http://127.0.0.1:${port}`;
      await waitForServer(origin, () => preview.exitCode === null);
      expect((await fetch(`${origin}${BUILDS.basepath.basePath}/posts/why-static/`)).status).toBe(200);
    } finally {
      if (preview.exitCode === null) process.kill(-preview.pid!, 'SIGTERM');
      await rm(content, { recursive: true, force: true });
    }
  });
});
