import { describe, expect, it } from 'vitest';
import { requireSystemPackages } from './setup/system';

describe('requireSystemPackages (npm test, before any test)', () => {
  it('passes when every file is there', () => {
    expect(() => requireSystemPackages([{ file: process.execPath, pkg: 'nodejs', why: 'this test' }], false)).not.toThrow();
  });

  it('stops with the one command to run when a package is missing and cannot be installed', () => {
    const missing = [
      { file: '/nonexistent/chromium', pkg: 'chromium', why: 'the browser tests' },
      { file: process.execPath, pkg: 'nodejs', why: 'this test' },
      { file: '/nonexistent/xmllint', pkg: 'libxml2-utils', why: 'the XML tests' },
    ];
    expect(() => requireSystemPackages(missing, false)).toThrow(
      'the tests need chromium (the browser tests), libxml2-utils (the XML tests). Install them, then run npm test again:\n\n  sudo apt-get install -y chromium libxml2-utils\n',
    );
  });
});
