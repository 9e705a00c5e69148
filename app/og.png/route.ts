import { cardAt, renderCard } from '@/lib/cards';
import { getContent } from '@/lib/content';
import { cardPath } from '@/lib/outputs';
import { pngResponse } from '../_components/routes';

export const dynamic = 'force-static';

/** The home card, also the card of every page without its own. */
export async function GET() {
  return pngResponse(await renderCard(cardAt(await getContent(), cardPath('/'))!));
}
