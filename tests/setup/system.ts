/**
 * The system packages the tests read the site with: Chromium (browser tests), xmllint (XML well-formedness),
 * Python's feedparser (feeds as feed readers read them) and Noto CJK (the card fallback-font test). Missing ones are installed with apt-get where this process may (root on
 * Debian or Ubuntu, as in CI); elsewhere `npm test` stops before any test with the one command to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A font of fonts-noto-cjk: the card test draws CJK titles with it. */
export const CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';

export const SYSTEM_PACKAGES = [
  { file: '/usr/bin/chromium', pkg: 'chromium', why: 'the browser tests' },
  { file: '/usr/bin/xmllint', pkg: 'libxml2-utils', why: 'the XML tests' },
  { file: '/usr/lib/python3/dist-packages/feedparser/__init__.py', pkg: 'python3-feedparser', why: 'the WebSub hub test' },
  { file: CJK_FONT, pkg: 'fonts-noto-cjk', why: 'the CJK card test' },
] as const;

type Requirement = { file: string; pkg: string; why: string };

/** Installs what is missing where it can; otherwise throws an error that is the command to run. */
export function requireSystemPackages(requirements: readonly Requirement[] = SYSTEM_PACKAGES, canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')): void {
  let missing = requirements.filter((r) => !existsSync(r.file));
  if (missing.length === 0) return;
  const pkgs = missing.map((r) => r.pkg);
  if (canInstall) {
    console.log(`masthead tests: installing ${pkgs.join(', ')} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
    missing = missing.filter((r) => !existsSync(r.file));
    if (missing.length === 0) return;
  }
  const needs = missing.map((r) => `${r.pkg} (${r.why})`).join(', ');
  const error = new Error(`the tests need ${needs}. Install ${missing.length === 1 ? 'it' : 'them'}, then run npm test again:\n\n  sudo apt-get install -y ${missing.map((r) => r.pkg).join(' ')}\n`);
  error.stack = error.message; // the command is the message: no trace into this file
  throw error;
}

export default function setup(): void {
  requireSystemPackages();
}
