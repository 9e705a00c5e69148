/** Files: what every Masthead site publishes at its root, and the sizes of its icons. */
import path from 'node:path';
import sharp from 'sharp';
import { SITE_FILES } from '../../lib/outputs';
import type { Finding } from './report';

/** The pages and files every site publishes, by site path. */
export const EXPECTED_FILES = ['/index.html', '/404.html', ...SITE_FILES];

/** Square PNG icons and their side in pixels. */
const ICON_SIZES: Record<string, number> = { '/apple-touch-icon.png': 180, '/icon-192.png': 192, '/icon-512.png': 512 };

/** Reports expected files that are missing (EXPECTED_FILES and `more`, the site's own), and PNG icons of the wrong size or format. */
export async function checkExpectedFiles(files: ReadonlySet<string>, outDir: string, more: string[] = []): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const page of [...EXPECTED_FILES, ...more]) {
    if (!files.has(page.slice(1))) findings.push({ severity: 'error', check: 'files', page, message: 'missing' });
  }
  await Promise.all(
    Object.entries(ICON_SIZES).map(async ([page, side]) => {
      if (!files.has(page.slice(1))) return;
      try {
        const { format, width, height } = await sharp(path.join(outDir, page)).metadata();
        if (format !== 'png' || width !== side || height !== side) {
          findings.push({ severity: 'error', check: 'files', page, message: `is a ${width}×${height} ${format}; expected a ${side}×${side} PNG` });
        }
      } catch (error) {
        findings.push({ severity: 'error', check: 'files', page, message: `does not decode as an image: ${(error as Error).message}` });
      }
    }),
  );
  return findings;
}
