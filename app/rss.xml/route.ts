import { feedResponse } from '../_components/routes';

export const dynamic = 'force-static';

export function GET() {
  return feedResponse('rss');
}
