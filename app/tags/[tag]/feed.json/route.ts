import { feedResponse, tagParams } from '../../../_components/routes';

export const dynamic = 'force-static';
export const dynamicParams = false;

export function generateStaticParams() {
  return tagParams();
}

export async function GET(_request: Request, { params }: { params: Promise<{ tag: string }> }) {
  return feedResponse('json', (await params).tag);
}
