/**
 * Next calls `register` once when a server starts. In `npm run dev` it starts the watch of the content folder
 * (lib/dev-watch.ts): the images beside posts and the Markdown copies go to public/, and open pages reload
 * after each edit. Not awaited, so the server answers while public/ is written; a build does nothing here.
 */
export async function register(): Promise<void> {
  if (process.env.NODE_ENV !== 'development' || process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { devWatch } = await import('./lib/dev-watch');
  devWatch();
}
