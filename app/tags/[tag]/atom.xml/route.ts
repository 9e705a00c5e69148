import { tagFeedHandler, tagParams } from '../../../_components/routes';

export const dynamic = 'force-static';
export const dynamicParams = false;
export const generateStaticParams = tagParams;
export const GET = tagFeedHandler('atom');
