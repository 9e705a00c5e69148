import { devWatch } from '@/lib/dev-watch';

/**
 * `npm run dev` only: next.config.mjs adds the `dev.ts` page extension in the development server alone, so a
 * production build has neither this route nor the script in app/layout.tsx that listens to it. A stream of
 * server-sent events: `change` after each edit of the content folder, once public/ is up to date, and at once
 * when public/ was refreshed after the page was made (`?since=`, the count of refreshes it was made at).
 */
export function GET(request: Request): Response {
  const watch = devWatch();
  // The page's script runs once the stylesheets before it are in, as the browser paints: the images can come.
  watch.pageShown();
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const listener = () => controller.enqueue(encoder.encode('event: change\ndata: reload\n\n'));
      watch.listeners.add(listener);
      stop = () => watch.listeners.delete(listener);
      request.signal.addEventListener('abort', () => {
        stop();
        // Already closed when the stream was cancelled first.
        try {
          controller.close();
        } catch {}
      });
      const since = new URL(request.url).searchParams.get('since');
      if (since !== null && watch.refreshes > Number(since)) listener();
      controller.enqueue(encoder.encode(': watching the content folder\n\n'));
    },
    cancel: () => stop(),
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' } });
}
