import { buildCardJobs, cardAt, renderCard } from '@/lib/cards';
import { getContent } from '@/lib/content';
import { cardPath, PLACEHOLDER } from '@/lib/outputs';
import { decodeParam, orPlaceholder, pngResponse } from '../../_components/routes';

export const dynamic = 'force-static';
export const dynamicParams = false;

/** Every card but the home card (app/og.png/route.ts): `/og/posts/a.png` for the page at `/posts/a/`. */
export async function generateStaticParams() {
  const jobs = buildCardJobs(await getContent()).filter((job) => job.path !== cardPath('/'));
  return orPlaceholder(
    jobs.map((job) => ({ path: job.path.slice('/og/'.length).split('/') })),
    { path: [`${PLACEHOLDER}.png`] },
  );
}

export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const job = cardAt(await getContent(), `/og/${(await params).path.map(decodeParam).join('/')}`);
  return job ? pngResponse(await renderCard(job)) : new Response('');
}
