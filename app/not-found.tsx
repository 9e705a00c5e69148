import { getContent } from '@/lib/content';
import { siteTranslator } from '@/lib/i18n';
import { ARCHIVE_PATH } from '@/lib/outputs';
import { layoutView, postSummary } from '@/lib/pages';
import { href } from '@/lib/site';
import { Frame } from './_components/frame';
import { PostList } from './_components/post-list';

export async function generateMetadata() {
  const { site } = await getContent();
  const t = siteTranslator(site);
  return { title: { absolute: `${t('notFound')} · ${site.title}` }, description: t('notFoundDescription', { site: site.title }), robots: { index: false } };
}

export default async function NotFound() {
  const content = await getContent();
  const { site, posts } = content;
  const t = siteTranslator(site);
  const ways = [
    { label: t('homePage'), path: '/' },
    // The built-in archive, or the author's own page at its path.
    { label: t('archive'), path: ARCHIVE_PATH },
    { label: t('tags'), path: '/tags/' },
  ];
  return (
    <Frame layout={layoutView(content)}>
      <h1>{t('notFound')}</h1>
      <p>{t('notFoundText')}</p>
      <ul className="not-found-links">
        {ways.map((way) => (
          <li key={way.path}>
            <a href={href(site, way.path)}>{way.label}</a>
          </li>
        ))}
      </ul>
      {posts.length ? (
        <>
          <h2>{t('latestPosts')}</h2>
          <PostList posts={posts.slice(0, 3).map(postSummary)} site={site} heading="h3" />
        </>
      ) : null}
    </Frame>
  );
}
