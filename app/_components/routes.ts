import { getContent } from '@/lib/content';
import { FEED_TYPES, generateFeed, type FeedFormat } from '@/lib/feeds';
import { PLACEHOLDER } from '@/lib/outputs';
import { textStream } from '@/lib/text-stream';

/** What the Route Handlers share: their responses and the params of the dynamic ones. */

/** A route param as Next hands it during the export (percent-encoded), as the site path spells it. */
export function decodeParam(value: string): string {
  return decodeURIComponent(value);
}

/** `params`, or the one placeholder param when there is none: `output: 'export'` refuses an empty list (lib/outputs.ts). */
export function orPlaceholder<T>(params: T[], placeholder: T): T[] {
  return params.length ? params : [placeholder];
}

/** The params of the tag feed routes: one per tag. */
export async function tagParams(): Promise<{ tag: string }[]> {
  const { tags } = await getContent();
  return orPlaceholder(
    tags.map((tag) => ({ tag: tag.slug })),
    { tag: PLACEHOLDER },
  );
}

/**
 * The feed of `format` for the site, or for the tag `tagSlug`, streamed a post at a time: the site feeds of
 * 10,000 full posts are 130 MB each. The placeholder tag answers with nothing (its file is deleted).
 */
export async function feedResponse(format: FeedFormat, tagSlug?: string): Promise<Response> {
  const content = await getContent();
  const tag = tagSlug === undefined ? undefined : content.tags.find((t) => t.slug === decodeParam(tagSlug));
  if (tagSlug !== undefined && !tag) return new Response('');
  return new Response(textStream(generateFeed(content, format, tag)), { headers: { 'Content-Type': FEED_TYPES[format] } });
}

/** The GET handler of a tag feed route (`app/tags/[tag]/<file>/route.ts`). */
export function tagFeedHandler(format: FeedFormat) {
  return async (_request: Request, { params }: { params: Promise<{ tag: string }> }) => feedResponse(format, (await params).tag);
}

/** A PNG response. */
export function pngResponse(png: Buffer): Response {
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
