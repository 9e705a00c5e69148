/** Types: on a static host the extension decides the Content-Type, so every file needs a known one. */
import { CONTENT_TYPES, extensionOf, WELL_KNOWN_FILE_TYPES } from '../content-types';
import type { Finding } from './report';
import { sitePathOf } from './site-files';

/** Host configuration files that are read by the host, not served. */
const HOST_FILES = new Set(['.nojekyll', 'CNAME', '_headers', '_redirects']);

/**
 * Flags files with no extension or one a host does not know (both are served as application/octet-stream):
 * an error for a file the site writes, a warning for one of the author's static files, published as it is.
 */
export function checkFileTypes(files: Iterable<string>, staticFiles: ReadonlySet<string> = new Set()): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    if (HOST_FILES.has(file) || WELL_KNOWN_FILE_TYPES[file]) continue;
    const ext = extensionOf(file);
    const page = sitePathOf(file);
    const severity = staticFiles.has(file) ? 'warning' : 'error';
    if (!ext) {
      findings.push({ severity, check: 'types', page, message: 'has no extension; a static host serves it as application/octet-stream' });
    } else if (!CONTENT_TYPES[ext]) {
      findings.push({ severity, check: 'types', page, message: `unknown extension "${ext}"; a static host serves it as application/octet-stream` });
    }
  }
  return findings;
}
