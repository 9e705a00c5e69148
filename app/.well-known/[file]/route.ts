import { getContent } from '@/lib/content';
import { PLACEHOLDER } from '@/lib/outputs';
import { WELL_KNOWN_TYPES, wellKnownFile, wellKnownNames, type WellKnownName } from '@/lib/well-known';
import { orPlaceholder } from '../../_components/routes';

// A folder named `.well-known` is an App Router route like any other in Next 16: `next build` exports
// out/.well-known/<file> and `next dev` answers /.well-known/<file> (dot-folders were reported unroutable
// in earlier versions; tests/well-known.test.ts reads the files from out/ as their clients fetch them). One
// dynamic segment serves the three files, as each is written only when site.yaml asks for it.

export const dynamic = 'force-static';
export const dynamicParams = false;

export async function generateStaticParams(): Promise<{ file: string }[]> {
  const { site } = await getContent();
  return orPlaceholder(
    wellKnownNames(site).map((file) => ({ file })),
    { file: PLACEHOLDER },
  );
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { site } = await getContent();
  const { file } = await params;
  if (!(wellKnownNames(site) as string[]).includes(file)) return new Response('');
  const name = file as WellKnownName;
  return new Response(wellKnownFile(site, name), { headers: { 'Content-Type': WELL_KNOWN_TYPES[name] } });
}
