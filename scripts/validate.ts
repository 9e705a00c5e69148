/**
 * Step 1 of `npm run build`: read site.yaml and every post and page, check every field and link, and compile the
 * Markdown into the cache (lib/cache.ts), where the later steps find it. It prints the author's warnings, or
 * every problem and exits with 1. A process of its own: compiling 10,000 posts grows it to about 900 MB, which V8
 * keeps for the life of a process; this way the memory goes back to the system before `next build` starts.
 */
import { checkCards } from '../lib/cards';
import { loadContent } from '../lib/content';
import { ContentError } from '../lib/problems';
import { getSite, runtimeOptions } from '../lib/site';

const started = performance.now();
try {
  const options = runtimeOptions();
  const content = await loadContent(options.contentDir, { ...options, site: getSite() });
  const cards = checkCards(content);
  if (cards.problems.length) throw new ContentError(cards.problems);
  for (const warning of [...content.warnings, ...cards.warnings]) console.log(`warning: ${warning}`);
  console.log(`masthead: ${content.posts.length} posts, ${content.pages.length} pages, ${content.tags.length} tags in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  // The author's problems are the message; a stack trace would only hide them.
  console.error(error instanceof ContentError ? error.message : error);
  process.exit(1);
}
